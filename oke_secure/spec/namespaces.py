"""``namespaces[]``: team namespaces and their Kubernetes baseline (CL-3, NET-7, NET-8, WL-1 to WL-6,
IAM-4, AC-2).

Rules that need only the namespace are on :class:`NamespaceSpec` (and its parts); rules that compare
namespaces with node pools or with other grants live in :mod:`oke_secure.spec.stack`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from oke_secure.spec import cidr as _cidr
from oke_secure.spec.errors import Problem
from oke_secure.spec.permissions import Permission
from oke_secure.spec.types import (
    Cidr,
    CompartmentOcid,
    K8sName,
    Port,
    PrincipalOcid,
    Reason,
    VaultOcid,
    _Model,
    duplicates,
    refuse,
)

#: Namespaces the baseline never manages (the Kubernetes system namespaces and ``default``), in the
#: order the admission policies list them.
SYSTEM_NAMESPACES = ("kube-system", "kube-public", "kube-node-lease", "default")
RESERVED_NAMESPACES = frozenset(SYSTEM_NAMESPACES)

_SECRET_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$"


class GroupBinding(_Model):
    """An OCI group (or user) bound to a namespace role through RBAC (WL-4)."""

    id: PrincipalOcid = Field(description="OCID of the OCI group or user.")
    role: Literal["view", "edit", "deploy"] = Field("view", description="Namespace role granted.")


class ServiceAccountSpec(_Model):
    """A service account the baseline creates; tokens are not mounted unless declared (WL-5)."""

    name: K8sName = Field(description="Service account name.")
    automount_token: bool = Field(False, description="Mount the API token into pods.")
    automount_reason: Reason | None = Field(None, description="Required when automount_token is true.")

    @model_validator(mode="after")
    def _reasoned(self) -> ServiceAccountSpec:
        if self.automount_token and not self.automount_reason:
            refuse(
                [
                    Problem(
                        "automount_reason",
                        "mounting the API token needs a reason (WL-5)",
                        "write why the pods call the Kubernetes API, or set automount_token: false",
                    )
                ]
            )
        return self


class WorkloadIdentity(_Model):
    """OCI permissions for one service account through OKE workload identity (IAM-4)."""

    service_account: K8sName = Field(description="Service account in this namespace.")
    permissions: list[Permission] = Field(min_length=1, description="What the pods may do in OCI.")


class VaultSecret(_Model):
    """One secret of an OCI Vault, named, never its value (AC-2)."""

    name: Annotated[str, StringConstraints(pattern=_SECRET_NAME)] = Field(description="Secret name in the vault.")
    file_name: Annotated[str, StringConstraints(pattern=_SECRET_NAME)] | None = Field(
        None, description="File name in the mounted volume (default: the secret name)."
    )
    stage: Literal["CURRENT", "PENDING", "LATEST", "PREVIOUS", "DEPRECATED"] | None = Field(
        None, description="Rotation stage to mount (default CURRENT)."
    )

    @model_validator(mode="before")
    @classmethod
    def _no_values(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(k in data for k in ("value", "content", "data")):
            refuse(
                [
                    Problem(
                        "value",
                        "a secret value never goes in the spec, where it would be in clear "
                        "in the stack config and state (AC-2)",
                        "store the value in the OCI Vault and name the secret here",
                    )
                ]
            )
        return data


class VaultSecrets(_Model):
    """Secrets of one OCI Vault that one service account's pods mount through the Secrets Store CSI
    driver, authenticated by OKE workload identity (IAM-4, AC-2)."""

    service_account: K8sName = Field(description="Service account (declared in this namespace) of the pods.")
    vault_id: VaultOcid = Field(description="OCID of the vault holding the secrets.")
    compartment_id: CompartmentOcid | None = Field(
        None, description="Compartment of the secrets; default: the cluster compartment."
    )
    secrets: list[VaultSecret] = Field(min_length=1, description="Secrets to mount, by name.")

    @model_validator(mode="after")
    def _one_file_each(self) -> VaultSecrets:
        refuse(
            [
                Problem(
                    "secrets",
                    f"{dup!r} would be mounted twice (names and file names are the files of one volume)",
                    "give each secret its own file_name",
                )
                for dup in duplicates(s.file_name or s.name for s in self.secrets)
            ]
        )
        return self


class QuotaSpec(_Model):
    """ResourceQuota of a namespace (WL-3)."""

    cpu: str = Field("8", description="requests.cpu and limits.cpu.")
    memory: str = Field("16Gi", description="requests.memory and limits.memory.")
    pods: int = Field(50, ge=1, description="Maximum pods.")


class EgressGrant(_Model):
    """One egress a namespace's pods need beyond DNS (NET-8). Default deny stays; each grant adds exactly
    this, and the instance metadata endpoint is never granted here (NET-7)."""

    to: Literal["cidr", "namespace", "kubernetes-api", "oracle-services"] = Field(
        description="'cidr' (cidrs + ports), 'namespace' (another managed namespace), 'kubernetes-api' (the "
        "API endpoint subnet on 6443) or 'oracle-services' (the region's Oracle Services Network ranges, "
        "reached through the service gateway)."
    )
    cidrs: list[Cidr] = Field(
        default_factory=list,
        description="Destination CIDRs: for 'cidr', and for 'oracle-services' the region's ranges tagged OSN "
        "in Oracle's public_ip_ranges.json.",
    )
    namespace: K8sName | None = Field(None, description="For 'namespace': the namespace whose pods may be reached.")
    ports: list[Port] = Field(default_factory=list, description="Destination ports (required for 'cidr').")
    protocol: Literal["TCP", "UDP"] = Field("TCP", description="Protocol of the ports.")
    reason: Reason | None = Field(None, description="Why; required for a CIDR with prefix length 0 (0.0.0.0/0).")

    @model_validator(mode="after")
    def _complete(self) -> EgressGrant:
        refuse(egress_problems(self))
        return self


def egress_problems(g: EgressGrant) -> list[Problem]:
    """What is wrong with one egress grant on its own; fields are relative to the grant (NET-7, NET-8)."""
    out: list[Problem] = []
    if g.to in ("cidr", "oracle-services") and not g.cidrs:
        out.append(Problem("cidrs", f"egress to {g.to} names no CIDR (NET-8)", "list the CIDRs"))
    if g.to == "cidr" and not g.ports:
        out.append(Problem("ports", "egress to a CIDR names no port (NET-8)", "list the destination ports, e.g. [443]"))
    if g.to == "namespace" and not g.namespace:
        out.append(Problem("namespace", "egress to a namespace names none (NET-8)", "give its name"))
    if g.to in ("kubernetes-api", "namespace") and g.cidrs:
        out.append(Problem("cidrs", f"egress to {g.to} takes no CIDRs", "remove cidrs"))
    for c in g.cidrs:
        if _cidr.is_anywhere(c):
            if not g.reason:
                out.append(
                    Problem(
                        "reason",
                        f"egress to {c} opens the whole internet to the namespace's pods (NET-8)",
                        "name the destinations' CIDRs, or write the reason",
                    )
                )
        elif ":" not in c and _cidr.contains(c, "169.254.169.254/32"):
            out.append(
                Problem(
                    "cidrs",
                    f"{c} covers the instance metadata endpoint 169.254.169.254 (NET-7)",
                    "leave it out; a pool's declared instance_principal grants it to that pool's namespaces",
                )
            )
    return out


class NamespaceSpec(_Model):
    """A team namespace with its Kubernetes baseline (CL-3, NET-7, NET-8, WL-1 to WL-6)."""

    name: K8sName = Field(description="Namespace name.")
    team: str = Field(description="Owning team (label).")
    trust: str | None = Field(None, description="Trust level; defaults to the stack's and must equal it (NP-7).")
    groups: list[GroupBinding] = Field(default_factory=list, description="OCI groups/users bound to roles.")
    pod_security: Literal["restricted", "baseline"] = Field("restricted", description="Pod Security level.")
    pod_security_reason: Reason | None = Field(None, description="Required for 'baseline'.")
    load_balancers: int = Field(0, ge=0, description="LoadBalancer services allowed (internal unless public).")
    tolerate_preemptible: bool = Field(False, description="May schedule on preemptible pools (NP-6).")
    quota: QuotaSpec = Field(default_factory=lambda: QuotaSpec(), description="ResourceQuota.")
    service_accounts: list[ServiceAccountSpec] = Field(default_factory=list, description="Service accounts.")
    workload_identity: list[WorkloadIdentity] = Field(default_factory=list, description="OCI grants for pods.")
    vault_secrets: list[VaultSecrets] = Field(
        default_factory=list, description="OCI Vault secrets mounted by service accounts' pods (IAM-4, AC-2)."
    )
    egress: list[EgressGrant] = Field(
        default_factory=list, description="Egress the pods need beyond DNS; everything else is denied (NET-8)."
    )

    @model_validator(mode="after")
    def _rules(self) -> NamespaceSpec:
        refuse(namespace_problems(self))
        return self


def namespace_problems(ns: NamespaceSpec) -> list[Problem]:
    """What is wrong with one namespace on its own; fields are relative to the namespace."""
    out: list[Problem] = []
    if ns.name in RESERVED_NAMESPACES:
        out.append(
            Problem(
                "name",
                f"{ns.name!r} is a system namespace the baseline leaves alone",
                "choose a team namespace name",
            )
        )
    if ns.pod_security == "baseline" and not ns.pod_security_reason:
        out.append(
            Problem(
                "pod_security_reason",
                "'baseline' Pod Security needs a reason (CL-3)",
                "write why restricted cannot work, or use pod_security: restricted",
            )
        )
    declared = [sa.name for sa in ns.service_accounts]
    for dup in duplicates(declared):
        out.append(Problem("service_accounts", f"{dup!r} is declared twice", "declare each service account once"))
    for j, wi in enumerate(ns.workload_identity):
        if wi.service_account not in declared:
            out.append(
                Problem(
                    f"workload_identity[{j}].service_account",
                    f"{wi.service_account!r} is not declared in this namespace",
                    "add it under service_accounts",
                )
            )
    seen: set[str] = set()
    for j, vs in enumerate(ns.vault_secrets):
        if vs.service_account not in declared:
            out.append(
                Problem(
                    f"vault_secrets[{j}].service_account",
                    f"{vs.service_account!r} is not declared in this namespace",
                    "add it under service_accounts",
                )
            )
        if vs.service_account in seen:
            out.append(
                Problem(
                    f"vault_secrets[{j}].service_account",
                    f"{vs.service_account!r} already has vault_secrets",
                    "list all of its secrets in one entry",
                )
            )
        seen.add(vs.service_account)
    return out


class DefaultNamespaceSpec(_Model):
    """The ``default`` namespace (WL-7, CIS OKE 4.5.3): locked down unless workloads are declared with a reason."""

    workloads: bool = Field(
        False,
        description="Let workloads run in `default` (no zero-pod quota there); it still enforces Pod Security "
        "restricted and denies all traffic by default.",
    )
    reason: Reason | None = Field(None, description="Why workloads must run in `default`; required with workloads.")

    @model_validator(mode="after")
    def _reasoned(self) -> DefaultNamespaceSpec:
        if self.workloads and not self.reason:
            refuse(
                [
                    Problem(
                        "reason",
                        "workloads in the default namespace need a reason (WL-7)",
                        "write why in default_namespace.reason, or set workloads: false and use a team namespace",
                    )
                ]
            )
        return self
