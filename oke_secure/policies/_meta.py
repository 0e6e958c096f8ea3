"""Severity and compliance-framework metadata of every policy, set through the policy SDK's own fields.

pulumi-policy 1.21 gives each policy a ``severity`` (low, medium, high, critical) and one
``framework`` (``PolicyComplianceFramework``: name, version, reference, specification), and sends
both to the engine in ``GetAnalyzerInfo`` (``pulumi_policy/policy.py``, ``_map_severity`` and the
``policy_info.framework`` block), as Pulumi's own pre-built packs do. Here:

* ``framework`` is the CIS OKE benchmark when ``oke_secure.spec.cis`` names the policy as the check of
  at least one recommendation; ``reference`` lists those recommendation ids (comma-separated), so a
  report can be filtered by framework and the benchmark table and the pack never disagree;
* ``severity`` comes from the decorator's ``severity=`` argument when given, else from ``SEVERITY``
  below (the policies written before severities existed), else from the enforcement level
  (mandatory -> high, advisory -> low).

Severity scale used: critical = a direct path to cluster or tenancy compromise (public API endpoint,
privileged pods, cluster-admin, tenancy-wide grants); high = a hardening control that stops a
deployment; medium = defence in depth; low = advisory hygiene.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, PolicyComplianceFramework, Severity

from oke_secure.spec import cis

CRITICAL, HIGH, MEDIUM, LOW = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW

#: Severity of the policies that do not pass ``severity=`` to their decorator.
SEVERITY: dict[str, Severity] = {
    # cluster
    "oke-private-api-endpoint": CRITICAL,
    "oke-enhanced-cluster": MEDIUM,
    "oke-no-dashboard-or-tiller": HIGH,
    "oke-no-pod-security-policy": MEDIUM,
    "oke-secrets-encrypted-with-kms": HIGH,
    "oke-image-signature-verification": HIGH,
    "oke-not-in-tenancy-root": HIGH,
    "oke-kubernetes-version-floor": HIGH,
    "oke-node-pool-version-skew": MEDIUM,
    "oke-control-plane-logs": LOW,
    # deployment
    "oke-iam-home-region-provider": HIGH,
    "oke-prerequisites-precede": HIGH,
    "oke-kubernetes-stage-reachable": HIGH,
    # access, detection
    "oke-bastion-allow-list": CRITICAL,
    "oke-cloud-guard-target": LOW,
    # iam
    "oke-dynamic-group-scoped": HIGH,
    "oke-dynamic-group-not-shared": HIGH,
    "oke-iam-no-broad-grants": CRITICAL,
    "oke-workload-identity-conditions": HIGH,
    # keys
    "oke-keys-protected": HIGH,
    "oke-key-policies-name-the-key": MEDIUM,
    # kubernetes
    "k8s-namespace-pod-security": HIGH,
    "k8s-namespace-default-deny": HIGH,
    "k8s-network-policy-blocks-metadata": HIGH,
    "k8s-namespace-quota-and-limits": MEDIUM,
    "k8s-no-rbac-wildcards": HIGH,
    "k8s-no-cluster-admin-binding": CRITICAL,
    "k8s-service-account-no-automount": MEDIUM,
    "k8s-images-pinned-by-digest": HIGH,
    "k8s-preemptible-toleration-opt-in": MEDIUM,
    "k8s-internal-load-balancers": HIGH,
    "k8s-admission-policies-present": HIGH,
    "k8s-no-static-credentials": HIGH,
    # network
    "oke-endpoint-subnet-private": CRITICAL,
    "oke-node-subnets-private": CRITICAL,
    "oke-private-route-no-igw": HIGH,
    "oke-private-route-service-gateway": HIGH,
    "oke-igw-only-with-public-lb": HIGH,
    "oke-no-open-ingress": CRITICAL,
    "oke-no-ssh-rdp": CRITICAL,
    "oke-default-security-list-emptied": MEDIUM,
    "oke-service-lb-subnets": HIGH,
    "oke-flow-logs-per-subnet": LOW,
    # node pools
    "oke-pool-workload-label": MEDIUM,
    "oke-pool-imds-v1-disabled": HIGH,
    "oke-pool-volume-encryption": HIGH,
    "oke-pool-no-ssh-key": HIGH,
    "oke-pool-node-cycling": LOW,
    "oke-preemptible-pool-dedicated": MEDIUM,
    "oke-pool-metadata-blocked": HIGH,
    # registry
    "oke-registry-private": HIGH,
    "oke-registry-immutable": MEDIUM,
    "oke-registry-no-implicit-repositories": MEDIUM,
    "oke-registry-scanning": LOW,
    # vault secrets, virtual node pools
    "k8s-vault-secrets-workload-identity": HIGH,
    "oke-vault-secrets-readers-declared": HIGH,
    "oke-virtual-pool-dedicated": MEDIUM,
    "oke-virtual-pool-vcn-native": MEDIUM,
    "oke-virtual-pool-cycling": LOW,
}

#: SARIF ``security-severity`` (a 0.0-10.0 score; GitHub maps >= 9 critical, >= 7 high, >= 4 medium).
SECURITY_SEVERITY: dict[str, str] = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}


def severity_for(name: str, explicit: Severity | None, enforcement: EnforcementLevel) -> Severity:
    """The policy's severity: the decorator's, else the table's, else one derived from its enforcement."""
    if explicit is not None:
        return explicit
    if name in SEVERITY:
        return SEVERITY[name]
    return HIGH if enforcement == EnforcementLevel.MANDATORY else LOW


def framework_for(name: str) -> PolicyComplianceFramework | None:
    """The CIS OKE framework entry of a policy, when the benchmark table names it; else ``None``."""
    ids = cis.for_policy(name)
    if not ids:
        return None
    return PolicyComplianceFramework(
        name=cis.FRAMEWORK,
        version=cis.VERSION,
        reference=", ".join(ids),
        specification="; ".join(f"{i} {cis.BY_ID[i].title}" for i in ids),
    )


def framework_name(policy: object) -> str | None:
    """The framework name a policy object carries (``None`` when it has none)."""
    fw = getattr(policy, "framework", None)
    return getattr(fw, "name", None) if fw is not None else None


def cis_ids(policy: object) -> tuple[str, ...]:
    """The CIS recommendation ids a policy object's framework reference lists."""
    fw = getattr(policy, "framework", None)
    ref = getattr(fw, "reference", None) if fw is not None else None
    return tuple(i.strip() for i in ref.split(",") if i.strip()) if isinstance(ref, str) else ()


def severity_name(policy: object) -> str:
    """``critical``, ``high``, ``medium`` or ``low`` for a policy object (``medium`` if it has none)."""
    sev = getattr(policy, "severity", None)
    return str(getattr(sev, "value", "medium"))


def finding_metadata(policy_name: str) -> dict[str, object]:
    """``{"severity", "cis"}`` of the policy behind a finding, for reports (empty for an unknown policy)."""
    from oke_secure.policies import POLICIES

    policy = next((p for p in POLICIES if p.name == policy_name), None)
    if policy is None:
        return {}
    return {"severity": severity_name(policy), "cis": list(cis_ids(policy))}
