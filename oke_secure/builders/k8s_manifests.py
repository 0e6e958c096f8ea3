"""Pure builders of the Kubernetes baseline: plain manifest dicts, no Pulumi.

Each function returns one Kubernetes object as the API server expects it (camelCase, with an explicit
``metadata.name``), so the same dicts are unit-tested, validated strictly against the Kubernetes schema
(``kubernetes-validate``), and turned into pulumi-kubernetes resources by ``components/baseline*.py``.

Controls built here: CL-3 and WL-1 (Pod Security labels), NET-7 (no egress grant to instance metadata
but for an instance-principal pool's namespaces), NET-8 and WL-2 (default-deny NetworkPolicy, DNS egress,
only the declared egress), WL-3 (ResourceQuota, LimitRange), WL-4 (RBAC to OCI
group/user OCIDs, no wildcards, one break-glass binding), WL-5 (service accounts without tokens).
The admission policies (WL-6, CL-5, NP-6) are in :mod:`oke_secure.builders.admission`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from oke_secure.builders.labels import MANAGED_LABEL, PREEMPTIBLE_KEY, TEAM_LABEL
from oke_secure.spec import NamespaceSpec, version_tuple
from oke_secure.spec import cidr as _cidr
from oke_secure.spec.errors import Problem, SpecError

Manifest = dict[str, Any]

#: Pod Security Admission label prefix (CL-3).
PSA_PREFIX = "pod-security.kubernetes.io/"
PSA_MODES = ("enforce", "audit", "warn")
#: The annotation recording why a namespace runs ``baseline`` instead of ``restricted`` (CL-3).
EXCEPTION_PREFIX = "oke-secure.io/exception-"
#: The instance metadata endpoint pods must not reach (NET-7).
METADATA_CIDR = "169.254.169.254/32"
#: Label Kubernetes sets on every namespace (1.21+): its own name.
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"
RBAC_GROUP = "rbac.authorization.k8s.io"
#: Label naming the stack (its name prefix) that manages a namespace.
STACK_LABEL = "oke-secure.io/stack"
#: Name of the ClusterRoleBinding of the declared break-glass group (WL-4).
BREAK_GLASS_BINDING = "oke-secure-break-glass"

# The namespace roles a spec may bind (WL-4). Explicit verbs and resources only: no '*'. Indirect
# rights are deliberate and visible: whoever may create Deployments, Jobs or StatefulSets may create
# pods through them (Pod Security "restricted" and the admission policies still apply to those pods).
_READ = ["get", "list", "watch"]
_WRITE = ["create", "update", "patch", "delete"]
_VIEW_RULES: list[Manifest] = [
    {
        "apiGroups": [""],
        "resources": [
            "pods",
            "pods/log",
            "services",
            "endpoints",
            "configmaps",
            "persistentvolumeclaims",
            "events",
            "serviceaccounts",
            "resourcequotas",
            "limitranges",
        ],
        "verbs": _READ,
    },
    {"apiGroups": ["apps"], "resources": ["deployments", "replicasets", "statefulsets", "daemonsets"], "verbs": _READ},
    {"apiGroups": ["batch"], "resources": ["jobs", "cronjobs"], "verbs": _READ},
    {"apiGroups": ["networking.k8s.io"], "resources": ["ingresses", "networkpolicies"], "verbs": _READ},
    {"apiGroups": ["autoscaling"], "resources": ["horizontalpodautoscalers"], "verbs": _READ},
    {"apiGroups": ["policy"], "resources": ["poddisruptionbudgets"], "verbs": _READ},
]
_DEPLOY_RULES: list[Manifest] = [
    {"apiGroups": ["apps"], "resources": ["deployments", "statefulsets"], "verbs": _WRITE},
    {"apiGroups": ["batch"], "resources": ["jobs", "cronjobs"], "verbs": _WRITE},
    {"apiGroups": [""], "resources": ["services", "configmaps"], "verbs": _WRITE},
    {"apiGroups": ["autoscaling"], "resources": ["horizontalpodautoscalers"], "verbs": _WRITE},
    {"apiGroups": ["policy"], "resources": ["poddisruptionbudgets"], "verbs": _WRITE},
]
_EDIT_RULES: list[Manifest] = [
    {"apiGroups": [""], "resources": ["secrets"], "verbs": [*_READ, *_WRITE]},
    {"apiGroups": [""], "resources": ["persistentvolumeclaims"], "verbs": _WRITE},
    {"apiGroups": [""], "resources": ["pods"], "verbs": ["delete"]},
    {"apiGroups": ["networking.k8s.io"], "resources": ["ingresses"], "verbs": _WRITE},
]
ROLE_RULES: dict[str, list[Manifest]] = {
    "view": _VIEW_RULES,
    "deploy": _VIEW_RULES + _DEPLOY_RULES,
    "edit": _VIEW_RULES + _DEPLOY_RULES + _EDIT_RULES,
}


def role_name(role: str) -> str:
    """Name of the namespace Role behind a spec role ('view', 'deploy', 'edit')."""
    return f"oke-secure-{role}"


def psa_version(kubernetes_version: str) -> str:
    """The pinned Pod Security version for a cluster version: ``v1.33.1`` -> ``v1.33`` (CL-3)."""
    major, minor, _ = version_tuple(kubernetes_version)
    return f"v{major}.{minor}"


def schema_version(kubernetes_version: str) -> str:
    """The ``kubernetes-validate`` schema version for a cluster version: ``v1.33.1`` -> ``1.33.0``."""
    major, minor, _ = version_tuple(kubernetes_version)
    return f"{major}.{minor}.0"


def _short(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:8]


def subject_kind(ocid: str) -> str:
    """RBAC subject kind of an OCI principal OCID: ``User`` for user OCIDs, else ``Group``."""
    return "User" if ocid.startswith("ocid1.user.") else "Group"


# Validation --------------------------------------------------------------------------------------


# Namespace objects -------------------------------------------------------------------------------


def namespace(ns: NamespaceSpec, kubernetes_version: str, stack: str | None = None) -> Manifest:
    """The Namespace with Pod Security labels pinned to the cluster's minor version (CL-3, WL-1)."""
    version = psa_version(kubernetes_version)
    labels = {MANAGED_LABEL: "true", TEAM_LABEL: ns.team}
    if stack:
        labels[STACK_LABEL] = stack
    for mode in PSA_MODES:
        labels[f"{PSA_PREFIX}{mode}"] = ns.pod_security
        labels[f"{PSA_PREFIX}{mode}-version"] = version
    if ns.pod_security == "baseline":
        # Audit and warn stay at restricted so what baseline lets through is still reported.
        labels[f"{PSA_PREFIX}audit"] = "restricted"
        labels[f"{PSA_PREFIX}warn"] = "restricted"
    if ns.tolerate_preemptible:
        labels[PREEMPTIBLE_KEY] = "true"
    metadata: Manifest = {"name": ns.name, "labels": labels}
    if ns.pod_security == "baseline" and ns.pod_security_reason:
        metadata["annotations"] = {f"{EXCEPTION_PREFIX}CL-3": ns.pod_security_reason}
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": metadata}


def _meta(name: str, namespace_name: str) -> Manifest:
    return {"name": name, "namespace": namespace_name, "labels": {MANAGED_LABEL: "true"}}


def default_deny(namespace_name: str) -> Manifest:
    """Deny all ingress and egress of every pod in the namespace (NET-8, WL-2)."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": _meta("default-deny", namespace_name),
        "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
    }


def dns_egress(namespace_name: str) -> Manifest:
    """Allow DNS (UDP and TCP 53) to kube-dns (CoreDNS) in kube-system only (NET-8, WL-2)."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": _meta("allow-dns-egress", namespace_name),
        "spec": {
            "podSelector": {},
            "policyTypes": ["Egress"],
            "egress": [
                {
                    "to": [
                        {
                            "namespaceSelector": {"matchLabels": {NAMESPACE_NAME_LABEL: "kube-system"}},
                            "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
                        }
                    ],
                    "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
                }
            ],
        },
    }


#: Port of the Kubernetes API on the OKE endpoint (Oracle, "Network Resource Configuration": the API
#: endpoint subnet admits TCP 6443 from workers and pods). NetworkPolicy egress is matched after the
#: ``kubernetes`` Service's ClusterIP is translated to the endpoint, so the grant names the endpoint.
API_PORT = 6443
#: Instance metadata (IMDS) serves HTTP on port 80 (Oracle, "Getting Instance Metadata").
IMDS_PORT = 80
#: Name of the NetworkPolicy carrying a namespace's declared egress (NET-8).
DECLARED_EGRESS = "allow-declared-egress"
#: Name of the NetworkPolicy granting IMDS to the namespaces of an instance-principal pool (NET-7).
METADATA_GRANT = "allow-instance-metadata"


def _ports(protocol: str, ports: Iterable[int]) -> list[Manifest]:
    return [{"protocol": protocol, "port": int(p)} for p in ports]


def declared_egress(ns: NamespaceSpec, api_endpoint_cidr: str | None = None) -> Manifest | None:
    """The egress ``ns`` declares beyond DNS, as one NetworkPolicy; ``None`` when it declares none (NET-8).

    Each grant becomes one rule: CIDRs with their ports; another namespace (by its name label); the API
    endpoint subnet on 6443; the Oracle Services Network ranges (reached through the service gateway) on
    the declared ports (443 by default). A CIDR of prefix length 0 is admitted only with its recorded
    reason (annotation ``oke-secure.io/exception-NET-8``) and always excepts the metadata address (NET-7).

    Raises:
        SpecError: ``kubernetes-api`` is declared but ``api_endpoint_cidr`` is unknown.
    """
    if not ns.egress:
        return None
    rules: list[Manifest] = []
    reasons: list[str] = []
    for i, g in enumerate(ns.egress):
        if g.to == "namespace":
            peer: list[Manifest] = [{"namespaceSelector": {"matchLabels": {NAMESPACE_NAME_LABEL: g.namespace}}}]
            rule: Manifest = {"to": peer}
            if g.ports:
                rule["ports"] = _ports(g.protocol, g.ports)
        elif g.to == "kubernetes-api":
            if not api_endpoint_cidr:
                raise SpecError(
                    [
                        Problem(
                            f"namespaces[{ns.name}].egress[{i}]",
                            "egress to the Kubernetes API needs the API endpoint subnet's CIDR",
                            "pass api_endpoint_cidr (network.subnets.api_endpoint)",
                        )
                    ]
                )
            rule = {"to": [{"ipBlock": {"cidr": api_endpoint_cidr}}], "ports": _ports("TCP", [API_PORT])}
        else:
            blocks: list[Manifest] = []
            for c in g.cidrs:
                block: Manifest = {"cidr": c}
                if ":" not in c and _cidr.contains(c, METADATA_CIDR):
                    block["except"] = [METADATA_CIDR]
                blocks.append({"ipBlock": block})
            rule = {"to": blocks, "ports": _ports(g.protocol, g.ports or [443])}
        rules.append(rule)
        if any(_cidr.is_anywhere(c) for c in g.cidrs) and g.reason:
            reasons.append(g.reason)
    metadata = _meta(DECLARED_EGRESS, ns.name)
    if reasons:
        metadata["annotations"] = {f"{EXCEPTION_PREFIX}NET-8": "; ".join(reasons)}
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": metadata,
        "spec": {"podSelector": {}, "policyTypes": ["Egress"], "egress": rules},
    }


def metadata_grant(namespace_name: str, reason: str) -> Manifest:
    """Egress to IMDS (169.254.169.254 TCP 80) for the pods of one namespace of a pool declared to need
    instance principals, recording the pool's reason (NET-7). Nothing else grants the metadata address."""
    metadata = _meta(METADATA_GRANT, namespace_name)
    metadata["annotations"] = {f"{EXCEPTION_PREFIX}NET-7": reason}
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": metadata,
        "spec": {
            "podSelector": {},
            "policyTypes": ["Egress"],
            "egress": [{"to": [{"ipBlock": {"cidr": METADATA_CIDR}}], "ports": _ports("TCP", [IMDS_PORT])}],
        },
    }


def resource_quota(ns: NamespaceSpec) -> Manifest:
    """Quota of compute, pods and LoadBalancer services (0 unless the spec allows) (WL-3)."""
    q = ns.quota
    return {
        "apiVersion": "v1",
        "kind": "ResourceQuota",
        "metadata": _meta("oke-secure-quota", ns.name),
        "spec": {
            "hard": {
                "requests.cpu": q.cpu,
                "limits.cpu": q.cpu,
                "requests.memory": q.memory,
                "limits.memory": q.memory,
                "pods": str(q.pods),
                "services.loadbalancers": str(ns.load_balancers),
            }
        },
    }


def limit_range(namespace_name: str) -> Manifest:
    """Default requests and limits for containers that declare none, so the quota can apply (WL-3)."""
    return {
        "apiVersion": "v1",
        "kind": "LimitRange",
        "metadata": _meta("oke-secure-limits", namespace_name),
        "spec": {
            "limits": [
                {
                    "type": "Container",
                    "default": {"cpu": "500m", "memory": "512Mi"},
                    "defaultRequest": {"cpu": "100m", "memory": "128Mi"},
                }
            ]
        },
    }


#: The recorded WL-8 exception of the roles that grant a sensitive right by design: the spec's choice of
#: role for a group is the declaration, and this says what it implies.
ROLE_EXCEPTIONS: dict[str, str] = {
    "deploy": "spec role 'deploy': creating Deployments, StatefulSets, Jobs and CronJobs creates pods, which "
    "Pod Security restricted (CL-3, WL-9) and the admission policies (WL-6) still constrain",
    "edit": "spec role 'edit': creates workloads (hence pods) and manages this namespace's secrets; the pods "
    "are held to Pod Security restricted (CL-3, WL-9) and the admission policies (WL-6)",
}


def role(role_kind: str, namespace_name: str) -> Manifest:
    """The namespace Role behind ``view``, ``deploy`` or ``edit``: explicit verbs and resources (WL-4).

    ``deploy`` and ``edit`` carry their recorded WL-8 exception (they create pods; ``edit`` reads secrets).
    """
    metadata = _meta(role_name(role_kind), namespace_name)
    if role_kind in ROLE_EXCEPTIONS:
        metadata["annotations"] = {f"{EXCEPTION_PREFIX}WL-8": ROLE_EXCEPTIONS[role_kind]}
    return {
        "apiVersion": f"{RBAC_GROUP}/v1",
        "kind": "Role",
        "metadata": metadata,
        "rules": [dict(r) for r in ROLE_RULES[role_kind]],
    }


def role_binding_name(role_kind: str, ocid: str) -> str:
    """Stable name of the RoleBinding of one OCI group/user (derived from the OCID, not a list index)."""
    return f"oke-secure-{role_kind}-{subject_kind(ocid).lower()}-{_short(ocid)}"


def role_binding(role_kind: str, ocid: str, namespace_name: str) -> Manifest:
    """Bind an OCI group or user (by OCID, as OKE's authenticator names them) to a namespace Role (WL-4)."""
    return {
        "apiVersion": f"{RBAC_GROUP}/v1",
        "kind": "RoleBinding",
        "metadata": _meta(role_binding_name(role_kind, ocid), namespace_name),
        "roleRef": {"apiGroup": RBAC_GROUP, "kind": "Role", "name": role_name(role_kind)},
        "subjects": [{"kind": subject_kind(ocid), "apiGroup": RBAC_GROUP, "name": ocid}],
    }


def service_account(namespace_name: str, name: str, automount: bool, reason: str | None) -> Manifest:
    """A ServiceAccount that mounts no API token unless declared with a reason (WL-5)."""
    metadata = _meta(name, namespace_name)
    if automount and reason:
        metadata["annotations"] = {f"{EXCEPTION_PREFIX}WL-5": reason}
    return {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": metadata,
        "automountServiceAccountToken": bool(automount),
    }


def default_service_account_patch(namespace_name: str) -> Manifest:
    """Turn off token automount on the namespace's ``default`` ServiceAccount (applied as a patch) (WL-5)."""
    return {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": {"name": "default", "namespace": namespace_name},
        "automountServiceAccountToken": False,
    }


def namespace_objects(
    ns: NamespaceSpec,
    kubernetes_version: str,
    stack: str | None = None,
    *,
    api_endpoint_cidr: str | None = None,
    instance_principal_reason: str | None = None,
) -> list[Manifest]:
    """Every object of one team namespace, the Namespace first.

    Egress: default deny, DNS, the declared grants (NET-8) and, only for a namespace of a pool declared to
    need instance principals (``instance_principal_reason``), IMDS (NET-7).
    """
    out = [namespace(ns, kubernetes_version, stack), default_deny(ns.name), dns_egress(ns.name)]
    declared = declared_egress(ns, api_endpoint_cidr)
    if declared is not None:
        out.append(declared)
    if instance_principal_reason:
        out.append(metadata_grant(ns.name, instance_principal_reason))
    out += [resource_quota(ns), limit_range(ns.name)]
    for role_kind in sorted({g.role for g in ns.groups}):
        out.append(role(role_kind, ns.name))
    seen: set[tuple[str, str]] = set()
    for g in ns.groups:
        if (g.role, g.id) not in seen:
            seen.add((g.role, g.id))
            out.append(role_binding(g.role, g.id, ns.name))
    for sa in ns.service_accounts:
        if sa.name != "default":
            out.append(service_account(ns.name, sa.name, sa.automount_token, sa.automount_reason))
    return out


def break_glass_binding(group_ocid: str) -> Manifest:
    """The only cluster-admin binding: to the declared break-glass OCI group, with its recorded reason (WL-4)."""
    return {
        "apiVersion": f"{RBAC_GROUP}/v1",
        "kind": "ClusterRoleBinding",
        "metadata": {
            "name": BREAK_GLASS_BINDING,
            "labels": {MANAGED_LABEL: "true"},
            "annotations": {
                f"{EXCEPTION_PREFIX}WL-4": "declared break-glass group (access.break_glass_group); its use is audited"
            },
        },
        "roleRef": {"apiGroup": RBAC_GROUP, "kind": "ClusterRole", "name": "cluster-admin"},
        "subjects": [{"kind": "Group", "apiGroup": RBAC_GROUP, "name": group_ocid}],
    }


def kinds(manifests: Iterable[Manifest]) -> list[str]:
    """``Kind/name`` of each manifest (for messages and tests)."""
    return [f"{m['kind']}/{m['metadata']['name']}" for m in manifests]


# The default namespace (WL-7, CIS OKE 4.5.3) ---------------------------------------------------------

#: The namespace every object without one lands in; locked down rather than left open (WL-7).
DEFAULT_NAMESPACE = "default"


def default_namespace_patch(kubernetes_version: str, workloads_reason: str | None = None) -> Manifest:
    """Pod Security ``restricted`` labels on the existing ``default`` namespace (applied as a patch) (WL-7).

    ``workloads_reason`` is the recorded exception that lets workloads run there (no zero-pod quota).
    """
    version = psa_version(kubernetes_version)
    labels = {MANAGED_LABEL: "true"}
    for mode in PSA_MODES:
        labels[f"{PSA_PREFIX}{mode}"] = "restricted"
        labels[f"{PSA_PREFIX}{mode}-version"] = version
    metadata: Manifest = {"name": DEFAULT_NAMESPACE, "labels": labels}
    if workloads_reason:
        metadata["annotations"] = {f"{EXCEPTION_PREFIX}WL-7": workloads_reason}
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": metadata}


def zero_pod_quota(namespace_name: str = DEFAULT_NAMESPACE) -> Manifest:
    """A ResourceQuota of zero pods and zero LoadBalancer services: nothing new runs there (WL-7).

    An object-count quota on ``pods`` makes the API server refuse any pod beyond the count (Kubernetes,
    "Resource Quotas"); with 0, every pod, including those a controller would create, is refused.
    """
    return {
        "apiVersion": "v1",
        "kind": "ResourceQuota",
        "metadata": _meta("oke-secure-no-workloads", namespace_name),
        "spec": {"hard": {"pods": "0", "services.loadbalancers": "0"}},
    }


def default_namespace_objects(kubernetes_version: str, workloads_reason: str | None = None) -> list[Manifest]:
    """Everything that locks ``default`` down: restricted labels, default deny, and (unless opted out) no pods."""
    out = [default_namespace_patch(kubernetes_version, workloads_reason), default_deny(DEFAULT_NAMESPACE)]
    if not workloads_reason:
        out.append(zero_pod_quota())
    return out
