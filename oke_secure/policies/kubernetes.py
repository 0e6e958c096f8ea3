"""Policies on Kubernetes objects: AC-2, CL-3, CL-5, NET-7, NET-8, NP-6, WL-1 to WL-6.

They look at any pulumi-kubernetes program, not only the baseline component's objects. Namespaces
the baseline leaves alone (kube-system, kube-public, kube-node-lease, default) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, Severity, StackValidationArgs
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError

from oke_secure.builders import load_balancers as lb
from oke_secure.builders.k8s_manifests import (
    DEFAULT_NAMESPACE,
    EXCEPTION_PREFIX,
    METADATA_CIDR,
    PSA_MODES,
    PSA_PREFIX,
)
from oke_secure.builders.labels import PREEMPTIBLE_KEY
from oke_secure.policies import types as T
from oke_secure.policies._base import (
    WAIVER_SINK,
    Report,
    StackIndex,
    StackReport,
    Waiver,
    deciding,
    exception_reason,
    get,
    is_unknown,
    peek,
    resource_policy,
    stack_policy,
)
from oke_secure.spec import cidr as _cidr
from oke_secure.spec.namespaces import SYSTEM_NAMESPACES

_METADATA_IP = METADATA_CIDR.split("/")[0]


def _namespace_name(r: PolicyResource) -> str:
    """The Kubernetes name of a Namespace resource (its logical name when metadata.name is absent)."""
    return str(get(r.props, "metadata.name") or r.name)


def _managed_namespaces(index: StackIndex) -> list[PolicyResource]:
    return [r for r in index.of_type(T.K8S_NAMESPACE) if _namespace_name(r) not in SYSTEM_NAMESPACES]


def _by_namespace(objs: list[PolicyResource], namespaces: list[PolicyResource]) -> dict[str, list[PolicyResource]]:
    """Group ``objs`` under the URN of the Namespace each lives in.

    An object lives in a Namespace when its ``metadata.namespace`` names it or its metadata depends on
    the Namespace resource (the name may be unknown during a real preview).
    One pass over the objects instead of one per namespace, so stack policies stay linear in size.
    """
    by_name: dict[str, list[str]] = {}
    for ns in namespaces:
        by_name.setdefault(_namespace_name(ns), []).append(ns.urn)
    known = {ns.urn for ns in namespaces}
    out: dict[str, list[PolicyResource]] = {ns.urn: [] for ns in namespaces}
    for obj in objs:
        homes = set(by_name.get(str(peek(obj.props, "metadata.namespace")), []))
        homes |= {d.urn for d in (obj.property_dependencies or {}).get("metadata", []) or [] if d.urn in known}
        for urn in homes:
            out[urn].append(obj)
    return out


def _empty_selector(selector: Any) -> bool:
    return not get(selector, "matchLabels") and not get(selector, "matchExpressions")


# CL-3, WL-1 ------------------------------------------------------------------------------------


@resource_policy(
    name="k8s-namespace-pod-security",
    controls=["CL-3", "WL-1"],
    types=[T.K8S_NAMESPACE],
    description="Every namespace enforces, audits and warns at Pod Security 'restricted' with pinned versions.",
    remediation="Label the namespace pod-security.kubernetes.io/enforce=restricted (and audit, warn) with "
    "<mode>-version pinned to the cluster's minor, e.g. v1.33; 'baseline' only with the annotation "
    f"{EXCEPTION_PREFIX}CL-3 giving the reason.",
)
def namespace_pod_security(args: ResourceValidationArgs, report: Report) -> None:
    name = get(args.props, "metadata.name") or args.name
    if name in SYSTEM_NAMESPACES:
        return
    labels = get(args.props, "metadata.labels", {}) or {}
    for mode in PSA_MODES:
        level = labels.get(f"{PSA_PREFIX}{mode}")
        if level is None:
            report(f"namespace {name} has no {PSA_PREFIX}{mode} label (CL-3, WL-1)")
        elif mode == "enforce" and level != "restricted":
            report(f"namespace {name} enforces Pod Security {level!r}, not 'restricted' (CL-3)")
        version = labels.get(f"{PSA_PREFIX}{mode}-version")
        if level is not None and (version is None or version == "latest"):
            report(f"namespace {name} does not pin {PSA_PREFIX}{mode}-version (it floats with the cluster) (CL-3)")


# NET-8, WL-2 -----------------------------------------------------------------------------------


def _denies(policy: PolicyResource, direction: str) -> bool:
    spec = get(policy.props, "spec", {}) or {}
    if not _empty_selector(get(spec, "podSelector", {})):
        return False
    if direction not in (get(spec, "policyTypes", []) or []):
        return False
    return not get(spec, direction.lower(), [])


def _allow_all_egress(policy: PolicyResource) -> list[str]:
    """Where a NetworkPolicy admits egress to the whole internet: a rule without ``to``, or an ipBlock of
    prefix length 0 (``0.0.0.0/0``, ``::/0``)."""
    found: list[str] = []
    for i, rule in enumerate(get(policy.props, "spec.egress", []) or []):
        peers = get(rule, "to", []) or []
        if not peers:
            found.append(f"egress[{i}] has no 'to' (every destination)")
        for peer in peers:
            cidr = get(peer, "ipBlock.cidr")
            if isinstance(cidr, str) and _cidr.is_anywhere(cidr):
                found.append(f"egress[{i}] admits {cidr}")
    return found


@stack_policy(
    name="k8s-namespace-default-deny",
    controls=["NET-8", "WL-2"],
    description="Every namespace has a default-deny NetworkPolicy for ingress and egress, and no NetworkPolicy "
    "admits egress to 0.0.0.0/0 without a recorded reason.",
    remediation="Add a NetworkPolicy with podSelector {} and policyTypes [Ingress, Egress] and no rules, then "
    "allow DNS and only the egress the workload needs (CIDRs with ports, namespaces, the API endpoint); run a "
    f"policy engine (Calico on OKE) so it is enforced. An egress to 0.0.0.0/0 needs the annotation "
    f"{EXCEPTION_PREFIX}NET-8: <reason> on that NetworkPolicy.",
)
def namespace_default_deny(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    managed = _managed_namespaces(index)
    grouped = _by_namespace(index.of_type(T.K8S_NETWORK_POLICY), managed)
    for ns in managed:
        with deciding(ns):
            mine = grouped[ns.urn]
            missing = [d for d in ("Ingress", "Egress") if not any(_denies(p, d) for p in mine)]
            if missing:
                report(
                    f"namespace {_namespace_name(ns)} has no default-deny NetworkPolicy for "
                    f"{' and '.join(missing).lower()} (NET-8, WL-2)",
                    ns.urn,
                )
        for policy in grouped[ns.urn]:
            with deciding(policy):
                for where in _allow_all_egress(policy):
                    name = get(policy.props, "metadata.name") or policy.name
                    report(
                        f"NetworkPolicy {name} in namespace {_namespace_name(ns)}: {where}, which voids the "
                        f"default deny; list the destinations, or add the annotation {EXCEPTION_PREFIX}NET-8: "
                        "<reason> (NET-8)",
                        policy.urn,
                    )


# NET-7 -----------------------------------------------------------------------------------------


def _reaches_metadata(peer: Any) -> bool:
    block = get(peer, "ipBlock")
    if not block:
        return False
    cidr = get(block, "cidr")
    if not isinstance(cidr, str) or ":" in cidr:
        return False
    try:
        if not _cidr.contains(cidr, METADATA_CIDR):
            return False
        return not any(
            isinstance(e, str) and ":" not in e and _cidr.contains(e, METADATA_CIDR)
            for e in get(block, "except", []) or []
        )
    except ValueError:
        return False


@resource_policy(
    name="k8s-network-policy-blocks-metadata",
    controls=["NET-7", "WL-2"],
    types=[T.K8S_NETWORK_POLICY],
    description="No NetworkPolicy allows egress to the instance metadata endpoint 169.254.169.254.",
    remediation=f"Give every egress ipBlock that covers {_METADATA_IP} an except entry {METADATA_CIDR}, and list "
    "destinations instead of an egress rule without 'to'.",
)
def network_policy_blocks_metadata(args: ResourceValidationArgs, report: Report) -> None:
    name = get(args.props, "metadata.name") or args.name
    for i, rule in enumerate(get(args.props, "spec.egress", []) or []):
        peers = get(rule, "to", []) or []
        if not peers:
            report(
                f"NetworkPolicy {name} egress[{i}] has no 'to', so pods may reach instance metadata "
                f"{_METADATA_IP} (NET-7)"
            )
        elif any(_reaches_metadata(p) for p in peers):
            report(
                f"NetworkPolicy {name} egress[{i}] allows an ipBlock covering {_METADATA_IP} without "
                f"excepting {METADATA_CIDR} (NET-7)"
            )


# WL-3 ------------------------------------------------------------------------------------------


@stack_policy(
    name="k8s-namespace-quota-and-limits",
    controls=["WL-3"],
    description="Every namespace has a ResourceQuota (with services.loadbalancers) and a LimitRange.",
    remediation="Add a ResourceQuota (cpu, memory, pods, services.loadbalancers: 0 unless needed) and a "
    "LimitRange with default requests and limits to the namespace.",
)
def namespace_quota_and_limits(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    managed = _managed_namespaces(index)
    quotas = _by_namespace(index.of_type(T.K8S_RESOURCE_QUOTA), managed)
    limits = _by_namespace(index.of_type(T.K8S_LIMIT_RANGE), managed)
    for ns in managed:
        with deciding(ns):
            name = _namespace_name(ns)
            mine = quotas[ns.urn]
            if not mine:
                report(f"namespace {name} has no ResourceQuota (WL-3)", ns.urn)
            elif not any("services.loadbalancers" in (get(q.props, "spec.hard", {}) or {}) for q in mine):
                report(f"namespace {name}'s ResourceQuota does not limit services.loadbalancers (WL-3)", ns.urn)
            if not limits[ns.urn]:
                report(f"namespace {name} has no LimitRange (WL-3)", ns.urn)


# WL-4 ------------------------------------------------------------------------------------------


@resource_policy(
    name="k8s-no-rbac-wildcards",
    controls=["WL-4"],
    types=[T.K8S_ROLE, T.K8S_CLUSTER_ROLE],
    description="RBAC rules name their API groups, resources and verbs; no '*'.",
    remediation="List the verbs and resources the subject needs; remember that create on deployments, jobs "
    "or statefulsets means create on pods.",
)
def no_rbac_wildcards(args: ResourceValidationArgs, report: Report) -> None:
    name = get(args.props, "metadata.name") or args.name
    for i, rule in enumerate(get(args.props, "rules", []) or []):
        for key in ("verbs", "resources", "apiGroups"):
            if "*" in (get(rule, key, []) or []):
                report(f"{args.resource_type.rsplit(':', 1)[-1]} {name} rules[{i}] has '*' in {key} (WL-4)")


@resource_policy(
    name="k8s-no-cluster-admin-binding",
    controls=["WL-4"],
    types=[T.K8S_CLUSTER_ROLE_BINDING, T.K8S_ROLE_BINDING],
    description="Nothing is bound to cluster-admin except the declared break-glass group.",
    remediation="Bind a namespace Role instead; the break-glass binding carries the annotation "
    f"{EXCEPTION_PREFIX}WL-4 with its reason.",
)
def no_cluster_admin_binding(args: ResourceValidationArgs, report: Report) -> None:
    ref = get(args.props, "roleRef", {}) or {}
    if get(ref, "name") == "cluster-admin" and get(ref, "kind", "ClusterRole") == "ClusterRole":
        name = get(args.props, "metadata.name") or args.name
        report(
            # Worded to read true both as a violation and as a waiver (the break-glass binding is
            # reported as waived with its reason, so "without a declared exception" would contradict it).
            f"{args.resource_type.rsplit(':', 1)[-1]} {name} binds cluster-admin (WL-4); only the declared "
            "break-glass group may, with its reason in the exception annotation"
        )


# WL-5 ------------------------------------------------------------------------------------------


@resource_policy(
    name="k8s-service-account-no-automount",
    controls=["WL-5"],
    types=[T.K8S_SERVICE_ACCOUNT, T.K8S_SERVICE_ACCOUNT_PATCH],
    description="ServiceAccounts do not automount API tokens unless declared with a reason.",
    remediation="Set automount_service_account_token=False; a pod that calls the API mounts a projected token "
    f"explicitly, or the account records why in {EXCEPTION_PREFIX}WL-5.",
)
def service_account_no_automount(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "automountServiceAccountToken") is not False:
        name = get(args.props, "metadata.name") or args.name
        report(f"ServiceAccount {name} automounts its API token (automountServiceAccountToken is not false) (WL-5)")


# WL-5 (pods) -----------------------------------------------------------------------------------
#
# Kubernetes "Configure Service Accounts for Pods" (kubernetes.io/docs/tasks/configure-pod-container/
# configure-service-account): a pod that names no ServiceAccount runs as the namespace's ``default``
# one; mounting its account's API token is the default a pod opts out of with
# ``automountServiceAccountToken: false`` on the ServiceAccount or on the pod, and the pod spec wins
# when both set the field. The ServiceAccount v1 API reference says the same of the account's field (it
# "can be overridden at the pod level"; unset, the kube-apiserver's ServiceAccount admission mounts).
# CIS OKE 4.1.6 asks for tokens only where necessary: so the pod is judged on its own value first, then
# on its account's. An account outside the program is judged where it is declared (WL-5's
# k8s-service-account-no-automount), and at runtime by the recommendation's audit.

#: Namespaces of the cluster's own add-ons (CoreDNS, kube-proxy, the CNI, Calico), which call the API
#: server with their tokens by design; ``default`` (also in SYSTEM_NAMESPACES) holds user workloads when
#: it is opted in (WL-7), so it is judged.
PLATFORM_NAMESPACES = frozenset(SYSTEM_NAMESPACES) - {DEFAULT_NAMESPACE}


def _shown(value: Any) -> str:
    """A name for a message: the value when known, else a placeholder (reading it must not defer)."""
    return "(known at update)" if value is None or is_unknown(value) else str(value)


def _pod_path(resource_type: str) -> str:
    """Where a workload kind keeps its pod spec."""
    if resource_type == T.K8S_POD:
        return "spec"
    if resource_type == T.K8S_CRON_JOB:
        return "spec.jobTemplate.spec.template.spec"
    return "spec.template.spec"


def _namespace_keys(r: PolicyResource, namespaces: dict[str, PolicyResource]) -> set[str]:
    """The ways to name the namespace ``r`` lives in: ``name:<ns>`` when known (``default`` when absent),
    and for each Namespace of the program its metadata depends on, ``urn:<urn>`` and its known name.

    Two objects live in the same namespace when their keys meet: during a first preview a namespace an
    object takes from ``Namespace.metadata.name`` may be unknown, the dependency is still sent.
    """
    keys: set[str] = set()
    ns = peek(r.props, "metadata.namespace")
    if not is_unknown(ns):
        keys.add(f"name:{ns or DEFAULT_NAMESPACE}")
    for dep in (r.property_dependencies or {}).get("metadata", []) or []:
        home = namespaces.get(dep.urn)
        if home is not None:
            keys.add(f"urn:{home.urn}")
            name = peek(home.props, "metadata.name")
            if isinstance(name, str) and not is_unknown(name):
                keys.add(f"name:{name}")
    return keys


def _account_of(w: PolicyResource, index: StackIndex, namespaces: dict[str, PolicyResource]) -> list[PolicyResource]:
    """The ServiceAccount (and ServiceAccountPatch) objects of this program the pod of ``w`` runs as."""
    path = _pod_path(w.resource_type)
    accounts = index.of_type(T.K8S_SERVICE_ACCOUNT, T.K8S_SERVICE_ACCOUNT_PATCH)
    name = peek(w.props, f"{path}.serviceAccountName") or peek(w.props, f"{path}.serviceAccount") or "default"
    if is_unknown(name):
        # Named after an account built in this program (its name unknown until the update): the
        # property dependency the engine sends names it.
        return index.refs(w, "spec", T.K8S_SERVICE_ACCOUNT, T.K8S_SERVICE_ACCOUNT_PATCH)
    same_name = [a for a in accounts if peek(a.props, "metadata.name") == name]
    if not same_name:
        return []
    home = _namespace_keys(w, namespaces)
    if not home:
        raise UnknownValueError(UNKNOWN_STRING_VALUE, ["metadata", "namespace"])
    return [a for a in same_name if home & _namespace_keys(a, namespaces)]


def _inherited_token(accounts: list[PolicyResource]) -> PolicyResource | None:
    """The account that makes the pod mount a token, or None when the accounts turn automount off.

    A ServiceAccountPatch that sets the field overrides the object it patches; one that leaves it out
    changes nothing. A ServiceAccount that leaves it out mounts (the API default).
    """
    patched = [a for a in accounts if a.resource_type == T.K8S_SERVICE_ACCOUNT_PATCH]
    setting = [a for a in patched if get(a.props, "automountServiceAccountToken") is not None] or [
        a for a in accounts if a.resource_type == T.K8S_SERVICE_ACCOUNT
    ]
    for a in setting:
        if get(a.props, "automountServiceAccountToken") is not False:
            return a
    return None


@stack_policy(
    name="k8s-workload-no-token-automount",
    controls=["WL-5"],
    severity=Severity.MEDIUM,
    description="No workload pod mounts a service account API token (automountServiceAccountToken true on the "
    "pod, or unset while its ServiceAccount in the program mounts) unless declared with a reason.",
    remediation="Set automountServiceAccountToken: false on the pod spec (or on its ServiceAccount); a pod that "
    "calls the API records why with the annotation "
    f"{EXCEPTION_PREFIX}WL-5: <reason> on the workload (or its ServiceAccount declares automount with a reason).",
)
def workload_no_token_automount(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    namespaces = {n.urn: n for n in index.of_type(T.K8S_NAMESPACE)}
    for w in index.of_type(*T.K8S_WORKLOADS):
        with deciding(w):
            ns = peek(w.props, "metadata.namespace")
            if not is_unknown(ns) and ns in PLATFORM_NAMESPACES:
                continue  # an unknown namespace comes from a Namespace built here, never a platform one
            path = _pod_path(w.resource_type)
            kind = w.resource_type.rsplit(":", 1)[-1]
            name = _shown(peek(w.props, "metadata.name") or w.name)
            own = get(w.props, f"{path}.automountServiceAccountToken")
            if own is True:
                report(
                    f"{kind} {name} sets automountServiceAccountToken: true, so its pods mount an API token (WL-5)",
                    w.urn,
                )
                continue
            if own is False:
                continue
            account = _inherited_token(_account_of(w, index, namespaces))
            if account is None:
                continue  # no account in this program mounts: judged where it is declared
            sa = _shown(peek(account.props, "metadata.name") or account.name)
            message = (
                f"{kind} {name} leaves automountServiceAccountToken unset and its ServiceAccount {sa} mounts "
                "tokens, so its pods mount an API token (WL-5)"
            )
            reason = exception_reason(account.props, ["WL-5"])
            if reason is None:
                report(message, w.urn)
                continue
            sink = WAIVER_SINK.get()
            if sink is not None:  # the account's recorded reason covers the pods that run as it
                sink.append(Waiver("k8s-workload-no-token-automount", w.urn, message, f"ServiceAccount {sa}: {reason}"))


# CL-5, NP-6 (workloads) ------------------------------------------------------------------------


def _pod_spec(resource_type: str, props: Any) -> Any:
    return get(props, _pod_path(resource_type), {})


#: The container lists of a pod spec.
_CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


def _containers(pod_spec: Any) -> Iterable[Any]:
    for key in _CONTAINER_LISTS:
        yield from get(pod_spec, key, []) or []


@resource_policy(
    name="k8s-images-pinned-by-digest",
    controls=["CL-5"],
    types=list(T.K8S_WORKLOADS),
    description="Every container image is pinned by @sha256: digest.",
    remediation="Reference images as registry/repo@sha256:<digest> (signed, from the allowed registries).",
)
def images_pinned(args: ResourceValidationArgs, report: Report) -> None:
    name = get(args.props, "metadata.name") or args.name
    for c in _containers(_pod_spec(args.resource_type, args.props)):
        image = get(c, "image", "")
        if "@sha256:" not in str(image):
            report(
                f"{args.resource_type.rsplit(':', 1)[-1]} {name} container {get(c, 'name', '?')} uses image "
                f"{image!r}, not pinned by @sha256: digest (CL-5)"
            )


def _tolerates_preemptible(pod_spec: Any) -> bool:
    for t in get(pod_spec, "tolerations", []) or []:
        if get(t, "key") == PREEMPTIBLE_KEY or (not get(t, "key") and get(t, "operator") == "Exists"):
            return True
    return False


@stack_policy(
    name="k8s-preemptible-toleration-opt-in",
    controls=["NP-6"],
    description="Only workloads in namespaces that opt in (label oke-secure.io/preemptible=true) tolerate the "
    "preemptible taint.",
    remediation="Set tolerate_preemptible on the namespace (it gets the label), or remove the toleration.",
)
def preemptible_opt_in(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    namespaces = index.of_type(T.K8S_NAMESPACE)
    tolerating = [
        w for w in index.of_type(*T.K8S_WORKLOADS) if _tolerates_preemptible(_pod_spec(w.resource_type, w.props))
    ]
    ns_by_urn = {n.urn: n for n in namespaces}
    home_of: dict[str, list[PolicyResource]] = {}
    for urn, objs in _by_namespace(tolerating, namespaces).items():
        for obj in objs:
            home_of.setdefault(obj.urn, []).append(ns_by_urn[urn])
    for w in tolerating:
        with deciding(w):
            ns_name = get(w.props, "metadata.namespace") or "default"
            if ns_name == "kube-system":
                continue
            home = home_of.get(w.urn, [])
            opted = any((get(n.props, "metadata.labels", {}) or {}).get(PREEMPTIBLE_KEY) == "true" for n in home)
            if not opted:
                report(
                    f"{w.resource_type.rsplit(':', 1)[-1]} {get(w.props, 'metadata.name') or w.name} tolerates "
                    f"the {PREEMPTIBLE_KEY} taint but namespace {ns_name} has not opted in (NP-6)",
                    w.urn,
                )


# AC-2 ------------------------------------------------------------------------------------------

#: Environment variable names that hold credentials (matched as words of the upper-cased name).
_SECRET_NAME = re.compile(
    r"(^|_)(PASSWORD|PASSWD|PWD|PASS|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|AUTH)($|_)"
)


def _literal_secret_env(pod_spec: Any) -> list[str]:
    found: list[str] = []
    for c in _containers(pod_spec):
        for e in get(c, "env", []) or []:
            name, value = get(e, "name"), get(e, "value")
            upper = name.upper() if isinstance(name, str) else ""
            if upper.endswith(("_FILE", "_PATH", "_DIR")):
                continue  # where a mounted secret file is (CIS OKE 4.4.1: secrets as files), not the secret
            if _SECRET_NAME.search(upper) and value not in (None, ""):
                found.append(f"container {get(c, 'name', '?')} env {name}")
    return found


@resource_policy(
    name="k8s-no-static-credentials",
    controls=["AC-2"],
    types=[T.K8S_SECRET, *T.K8S_WORKLOADS],
    description="No static credential reaches a pod from the program: no Kubernetes Secret with literal data "
    "or stringData, no secret-looking container env value written in the spec.",
    remediation="Keep the credential in OCI Vault and mount it through the Secrets Store CSI driver with "
    "workload identity (namespaces[].vault_secrets), or let the workload use workload identity instead of a "
    f"credential; record an unavoidable one with the annotation {EXCEPTION_PREFIX}AC-2: <reason>.",
)
def no_static_credentials(args: ResourceValidationArgs, report: Report) -> None:
    name = get(args.props, "metadata.name") or args.name
    if args.resource_type == T.K8S_SECRET:
        keys = sorted({*(get(args.props, "data", {}) or {}), *(get(args.props, "stringData", {}) or {})})
        if keys:
            report(
                f"Secret {name} carries literal data ({', '.join(map(str, keys))}) written by the program, so the "
                "credential sits in the stack's state and in etcd as a static value (AC-2)"
            )
        return
    for where in _literal_secret_env(_pod_spec(args.resource_type, args.props)):
        report(f"{args.resource_type.rsplit(':', 1)[-1]} {name} {where} holds a literal credential value (AC-2)")


# AC-2 (secrets as files) -----------------------------------------------------------------------
#
# CIS OKE 4.4.1 (the CIS Kubernetes Benchmark's "prefer using secrets as files over secrets as environment
# variables"): application code often logs its environment, error paths included, which puts every
# secret passed in it in front of whoever reads the logs. Kubernetes "Secrets" (kubernetes.io/docs/
# concepts/configuration/secret, "Using Secrets as environment variables"): a container that consumes a
# Secret in an environment variable does not see an update of it until it restarts, while a mounted
# Secret volume is refreshed. A Secret reaches the environment two ways: ``env[].valueFrom.secretKeyRef``
# (one key) and ``envFrom[].secretRef`` (every key), in any container list of the pod.


def secret_env_sources(pod_spec: Any) -> list[str]:
    """Every place a pod spec passes a Secret to a container's environment (empty when none)."""
    found: list[str] = []
    for key in _CONTAINER_LISTS:
        for i, c in enumerate(get(pod_spec, key, []) or []):
            where = f"{key}[{i}] {_shown(peek(c, 'name'))}"
            for e in get(c, "env", []) or []:
                ref = get(e, "valueFrom.secretKeyRef")
                if ref is not None:
                    found.append(
                        f"{where} env {_shown(peek(e, 'name'))} reads key {_shown(peek(ref, 'key'))} of Secret "
                        f"{_shown(peek(ref, 'name'))} (valueFrom.secretKeyRef)"
                    )
            for src in get(c, "envFrom", []) or []:
                ref = get(src, "secretRef")
                if ref is not None:
                    found.append(f"{where} imports every key of Secret {_shown(peek(ref, 'name'))} (envFrom.secretRef)")
    return found


@resource_policy(
    name="k8s-secrets-not-in-env",
    controls=["AC-2"],
    types=list(T.K8S_WORKLOADS),
    severity=Severity.MEDIUM,
    description="No container reads a Secret through its environment (env valueFrom.secretKeyRef, envFrom "
    "secretRef); Secrets are mounted as files.",
    remediation="Mount the Secret as a volume (or through the Secrets Store CSI driver from OCI Vault, "
    "namespaces[].vault_secrets) and point the application at the file (e.g. DB_PASSWORD_FILE); a workload "
    f"that cannot read a file records the annotation {EXCEPTION_PREFIX}AC-2: <reason>.",
)
def secrets_not_in_env(args: ResourceValidationArgs, report: Report) -> None:
    kind = args.resource_type.rsplit(":", 1)[-1]
    name = _shown(peek(args.props, "metadata.name") or args.name)
    for where in secret_env_sources(_pod_spec(args.resource_type, args.props) or {}):
        report(f"{kind} {name} {where}: the Secret sits in the process environment, not in a file (AC-2)")


# WL-6 ------------------------------------------------------------------------------------------


@resource_policy(
    name="k8s-internal-load-balancers",
    controls=["WL-6", "NET-6"],
    types=[T.K8S_SERVICE],
    description="LoadBalancer services are internal (OCI internal annotation) unless an exception is recorded.",
    remediation='Annotate service.beta.kubernetes.io/oci-load-balancer-internal: "true" (or '
    'oci-network-load-balancer.oraclecloud.com/internal: "true"), or record why it is public in '
    f"{EXCEPTION_PREFIX}WL-6.",
)
def internal_load_balancers(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "spec.type") != "LoadBalancer":
        return
    annotations = get(args.props, "metadata.annotations", {}) or {}
    # The controller reads only the internal annotation of the Service's type (load_balancer_spec.go
    # isInternalLB, getLoadBalancerType), as the admission policy oke-secure-internal-load-balancers does.
    nlb = str(annotations.get(lb.LB_TYPE, "")).lower() == "nlb"
    key = lb.INTERNAL_NLB if nlb else lb.INTERNAL_LB
    if str(annotations.get(key, "")).lower() != "true":
        name = get(args.props, "metadata.name") or args.name
        report(f"LoadBalancer Service {name} is public: no {key} annotation for its type (WL-6)")


def _matches(policy: PolicyResource, resource: str) -> bool:
    for rule in get(policy.props, "spec.matchConstraints.resourceRules", []) or []:
        resources = get(rule, "resources", []) or []
        if resource in resources or "*" in resources:
            return True
    return False


def _bound(policy: PolicyResource, bindings: list[PolicyResource]) -> bool:
    name = get(policy.props, "metadata.name") or policy.name
    for b in bindings:
        refers = get(b.props, "spec.policyName") == name or any(
            d.urn == policy.urn for d in (b.property_dependencies or {}).get("spec", []) or []
        )
        if refers and "Deny" in (get(b.props, "spec.validationActions", []) or []):
            return True
    return False


_REQUIRED_ADMISSION = (
    ("namespaces", "namespaces carry Pod Security labels"),
    ("pods", "images are pinned by digest from allowed registries"),
    ("services", "LoadBalancer services are internal"),
)


@stack_policy(
    name="k8s-admission-policies-present",
    controls=["WL-6"],
    description="A stack that creates namespaces also creates ValidatingAdmissionPolicies, bound with Deny, "
    "for namespaces, pods and services.",
    remediation="Use the AdmissionPolicies component (or write ValidatingAdmissionPolicies and Deny bindings "
    "covering namespaces, pods and services).",
)
def admission_policies_present(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    if not _managed_namespaces(index):
        return
    policies = index.of_type(T.K8S_VAP)
    bindings = index.of_type(T.K8S_VAP_BINDING)
    for resource, purpose in _REQUIRED_ADMISSION:
        if not any(_matches(p, resource) and _bound(p, bindings) for p in policies):
            report(f"no ValidatingAdmissionPolicy bound with Deny covers {resource} (so that {purpose}) (WL-6)", None)
