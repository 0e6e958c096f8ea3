"""WL-7: the ``default`` namespace is locked down (CIS OKE 4.5.3 "the default namespace should not be used").

Every object without a namespace lands in ``default``, which Kubernetes creates with no Pod Security
labels, no network policy and no quota. Two checks, one policy:

* no workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob) is created in
  ``default`` (an object with no ``metadata.namespace`` goes there: pulumi-kubernetes falls back to the
  provider's namespace, ``default`` unless set) unless ``default`` is opted back in;
* a program that lays out namespaces (it creates at least one other Namespace: a platform program, as
  the baseline is) also locks ``default`` down: a Namespace or NamespacePatch named ``default`` that
  enforces Pod Security ``restricted``, a default-deny NetworkPolicy there, and a ResourceQuota of zero
  pods there (the API server then refuses every new pod, Kubernetes "Resource Quotas").

The opt-out is a recorded exception on the ``default`` namespace object (``oke-secure.io/exception-WL-7``
with the reason); it lifts the no-workload rule only. A namespace whose name is unknown during a first
preview is not taken for ``default``.
"""

from __future__ import annotations

from typing import Any

from pulumi_policy import PolicyResource, Severity, StackValidationArgs
from pulumi_policy.proxy import UnknownValueError

from oke_secure.builders.k8s_manifests import DEFAULT_NAMESPACE, EXCEPTION_PREFIX, PSA_PREFIX
from oke_secure.policies import types as T
from oke_secure.policies._base import StackIndex, StackReport, exception_reason, get, stack_policy
from oke_secure.spec.namespaces import SYSTEM_NAMESPACES

K8S_NAMESPACE_PATCH = "kubernetes:core/v1:NamespacePatch"


def _read(props: Any, path: str, default: Any = None) -> Any:
    try:
        return get(props, path, default)
    except UnknownValueError:
        return None


def namespace_of(r: PolicyResource) -> str | None:
    """The namespace an object lands in: its ``metadata.namespace``, ``default`` when absent, ``None`` if unknown."""
    try:
        ns = get(r.props, "metadata.namespace")
    except UnknownValueError:
        return None
    return DEFAULT_NAMESPACE if ns in (None, "") else str(ns)


def _name(r: PolicyResource) -> str | None:
    try:
        return str(get(r.props, "metadata.name") or r.name)
    except UnknownValueError:
        return None


def _label(labels: Any, key: str) -> Any:
    """One label's value (label keys contain dots, so not through ``get``); ``None`` when absent or unknown."""
    try:
        return labels.get(key) if hasattr(labels, "get") else None
    except UnknownValueError:
        return None


def _zero_pods(quota: PolicyResource) -> bool:
    pods = _read(quota.props, "spec.hard.pods")
    return pods is not None and str(pods).strip() in ("0", "0.0")


def _denies_all(policy: PolicyResource) -> bool:
    spec = _read(policy.props, "spec", {}) or {}
    selector = get(spec, "podSelector", {}) or {}
    if get(selector, "matchLabels") or get(selector, "matchExpressions"):
        return False
    types = list(get(spec, "policyTypes", []) or [])
    return all(t in types and not get(spec, t.lower()) for t in ("Ingress", "Egress"))


@stack_policy(
    name="k8s-default-namespace-locked",
    controls=["WL-7"],
    severity=Severity.HIGH,
    description="No workload runs in the default namespace, and a program that lays out namespaces locks "
    "default down (Pod Security restricted, default deny, zero-pod quota) unless it records an opt-out.",
    remediation="Put workloads in a team namespace. Patch default with pod-security.kubernetes.io/enforce="
    "restricted, add a default-deny NetworkPolicy and a ResourceQuota with pods: 0 there (the baseline does); "
    f"to allow workloads in default, annotate its Namespace(Patch) with {EXCEPTION_PREFIX}WL-7 and the reason.",
)
def default_namespace_locked(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    namespaces = index.of_type(T.K8S_NAMESPACE, K8S_NAMESPACE_PATCH)
    defaults = [n for n in namespaces if _name(n) == DEFAULT_NAMESPACE]
    opted_in = any(exception_reason(n.props, ["WL-7"]) for n in defaults)
    if not opted_in:
        for w in index.of_type(*T.K8S_WORKLOADS):
            if namespace_of(w) == DEFAULT_NAMESPACE:
                kind = w.resource_type.rsplit(":", 1)[-1]
                report(f"{kind} {_name(w) or w.name} runs in the default namespace (WL-7)", w.urn)

    managed = [n for n in namespaces if _name(n) not in (*SYSTEM_NAMESPACES, None)]
    if not managed:
        return
    if not defaults:
        report(
            "the program lays out namespaces but leaves default open: no Namespace or NamespacePatch for "
            "default with Pod Security restricted labels (WL-7)",
            None,
        )
    for ns in defaults:
        labels = _read(ns.props, "metadata.labels", {}) or {}
        level = _label(labels, f"{PSA_PREFIX}enforce")
        if level != "restricted":
            report(f"namespace default does not enforce Pod Security 'restricted' (it is {level!r}) (WL-7)", ns.urn)
    in_default = [
        r
        for r in index.of_type(T.K8S_NETWORK_POLICY, T.K8S_RESOURCE_QUOTA)
        if namespace_of(r) == DEFAULT_NAMESPACE
        or any(d.urn in {n.urn for n in defaults} for d in (r.property_dependencies or {}).get("metadata", []) or [])
    ]
    if not any(_denies_all(p) for p in in_default if p.resource_type == T.K8S_NETWORK_POLICY):
        report("namespace default has no default-deny NetworkPolicy for ingress and egress (WL-7)", None)
    if not opted_in and not any(_zero_pods(q) for q in in_default if q.resource_type == T.K8S_RESOURCE_QUOTA):
        report("namespace default has no ResourceQuota of zero pods, so workloads may run there (WL-7)", None)
