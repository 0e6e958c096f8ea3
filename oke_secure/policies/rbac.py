"""WL-8: no sensitive RBAC right and no binding of a well-known or default subject without a recorded exception.

WL-4 (``kubernetes.py``) already forbids wildcards and cluster-admin. This module checks the rights
that lead to the same place by another road, as the Kubernetes "Role Based Access Control Good
Practices" page lists them (kubernetes.io/docs/concepts/security/rbac-good-practices, "Privilege
escalation risks") and CIS OKE 4.1.2, 4.1.4 and 4.1.5 ask:

* reading secrets (``get``, ``list``, ``watch`` on ``secrets``);
* creating pods, directly or through a workload controller (Deployment, ReplicaSet, StatefulSet,
  DaemonSet, Job, CronJob, ReplicationController): whoever creates those can run any service account
  of the namespace and read its secrets;
* the ``bind``, ``escalate`` and ``impersonate`` verbs (Kubernetes RBAC docs, "Privilege escalation
  prevention and bootstrapping");
* any verb on ``nodes/proxy`` (direct kubelet API access, bypassing audit and admission);
* approving certificate signing requests (``update``/``patch`` on ``certificatesigningrequests/approval``,
  or ``approve`` on ``signers``);
* changing admission: mutating/validating webhook configurations and (mutating) admission policies
  and their bindings;
* creating service-account tokens (``create`` on ``serviceaccounts/token``).

Bindings: no RoleBinding/ClusterRoleBinding names ``system:masters``, ``system:anonymous``,
``system:unauthenticated`` or a namespace's ``default`` service account (CIS 4.1.5: the default
account is not actively used).

A Role that needs such a right (the baseline's ``deploy`` role creates workloads; ``edit`` reads
secrets) carries ``oke-secure.io/exception-WL-8`` with its reason.
"""

from __future__ import annotations

from typing import Any

from pulumi_policy import ResourceValidationArgs, Severity

from oke_secure.builders.k8s_manifests import EXCEPTION_PREFIX
from oke_secure.policies import types as T
from oke_secure.policies._base import Report, get, resource_policy

_READ = frozenset({"get", "list", "watch"})
_WRITE = frozenset({"create", "update", "patch", "delete", "deletecollection"})
#: (API group, resource) pairs whose ``create`` starts pods.
_POD_CREATORS = frozenset(
    {
        ("", "pods"),
        ("", "replicationcontrollers"),
        ("apps", "deployments"),
        ("apps", "replicasets"),
        ("apps", "statefulsets"),
        ("apps", "daemonsets"),
        ("batch", "jobs"),
        ("batch", "cronjobs"),
    }
)
_ADMISSION_GROUP = "admissionregistration.k8s.io"
_ADMISSION_RESOURCES = frozenset(
    {
        "mutatingwebhookconfigurations",
        "validatingwebhookconfigurations",
        "validatingadmissionpolicies",
        "validatingadmissionpolicybindings",
        "mutatingadmissionpolicies",
        "mutatingadmissionpolicybindings",
    }
)
#: Well-known subjects no binding may name (Kubernetes docs, "Default roles and role bindings").
FORBIDDEN_GROUPS = frozenset({"system:masters", "system:anonymous", "system:unauthenticated"})
FORBIDDEN_USERS = frozenset({"system:anonymous"})


def _strs(value: Any) -> set[str]:
    return {str(v) for v in (value or [])}


class _Rule:
    """One RBAC policy rule, with wildcards resolved."""

    def __init__(self, rule: Any) -> None:
        self.groups = _strs(get(rule, "apiGroups", []))
        self.resources = _strs(get(rule, "resources", []))
        self.verbs = _strs(get(rule, "verbs", []))

    def grants(self, group: str, resource: str, wanted: frozenset[str] | set[str]) -> bool:
        """Whether the rule grants one of ``wanted`` on ``group``/``resource`` ('*' matches all)."""
        return (
            ("*" in self.groups or group in self.groups)
            and ("*" in self.resources or resource in self.resources)
            and ("*" in self.verbs or bool(self.verbs & wanted))
        )


_SPECIAL_VERBS = frozenset({"bind", "escalate", "impersonate"})


def sensitive_rights(rules: Any) -> list[str]:
    """The sensitive rights a list of RBAC policy rules grants (empty when none)."""
    found: list[str] = []
    for i, raw in enumerate(rules or []):
        rule, where = _Rule(raw), f"rules[{i}]"
        if rule.grants("", "secrets", _READ):
            found.append(f"{where} reads secrets")
        creators = sorted(r for g, r in _POD_CREATORS if rule.grants(g, r, {"create"}))
        if creators:
            found.append(f"{where} creates pods (create on {', '.join(creators)})")
        special = sorted(_SPECIAL_VERBS if "*" in rule.verbs else rule.verbs & _SPECIAL_VERBS)
        if special and rule.resources:
            found.append(f"{where} grants {', '.join(special)}")
        if rule.verbs and rule.grants("", "nodes/proxy", rule.verbs | {"*"}):
            found.append(f"{where} reaches nodes/proxy (the kubelet API)")
        if rule.grants("certificates.k8s.io", "certificatesigningrequests/approval", {"update", "patch"}) or (
            rule.grants("certificates.k8s.io", "signers", {"approve"})
        ):
            found.append(f"{where} approves certificate signing requests")
        admission = sorted(r for r in _ADMISSION_RESOURCES if rule.grants(_ADMISSION_GROUP, r, _WRITE))
        if admission:
            found.append(f"{where} changes admission configuration ({', '.join(admission)})")
        if rule.grants("", "serviceaccounts/token", {"create"}):
            found.append(f"{where} creates service-account tokens")
    return found


def forbidden_subjects(subjects: Any) -> list[str]:
    """Subjects of a binding that WL-8 forbids (well-known groups/users, default service accounts)."""
    out: list[str] = []
    for s in subjects or []:
        kind, name = get(s, "kind"), str(get(s, "name", ""))
        if kind == "Group" and name in FORBIDDEN_GROUPS:
            out.append(f"group {name}")
        elif kind == "User" and name in FORBIDDEN_USERS:
            out.append(f"user {name}")
        elif kind == "ServiceAccount" and name == "default":
            out.append(f"the default service account of namespace {get(s, 'namespace', '?')}")
    return out


@resource_policy(
    name="k8s-rbac-sensitive-rights",
    controls=["WL-8"],
    types=[T.K8S_ROLE, T.K8S_CLUSTER_ROLE, T.K8S_ROLE_BINDING, T.K8S_CLUSTER_ROLE_BINDING],
    severity=Severity.HIGH,
    description="No Role grants a sensitive right (secrets, pod creation, bind/escalate/impersonate, nodes/proxy, "
    "CSR approval, admission configuration, token creation) and no binding names system:masters, "
    "system:anonymous, system:unauthenticated or a default service account, unless an exception is recorded.",
    remediation="Grant the narrowest verbs and resources; bind a dedicated service account. A role that needs "
    f"the right records the annotation {EXCEPTION_PREFIX}WL-8 with its reason.",
)
def rbac_sensitive_rights(args: ResourceValidationArgs, report: Report) -> None:
    kind = args.resource_type.rsplit(":", 1)[-1]
    name = get(args.props, "metadata.name") or args.name
    if args.resource_type in (T.K8S_ROLE, T.K8S_CLUSTER_ROLE):
        for right in sensitive_rights(get(args.props, "rules", [])):
            report(f"{kind} {name} {right} without a recorded exception (WL-8)")
        return
    for subject in forbidden_subjects(get(args.props, "subjects", [])):
        report(f"{kind} {name} binds {subject} (WL-8)")
