"""The stack spec: pydantic v2 models for a whole OKE stack, every default the hardened choice.

Plain data is validated here, before any resource exists; bad input raises
:class:`oke_secure.spec.errors.SpecError` with one problem per mistake, each naming the field and the
fix. Every weaker setting (a public load-balancer subnet, SSH on nodes, a ``baseline`` namespace, a
pool that may reach instance metadata, Cloud Guard off, a policy waiver) is an explicit field that
carries a written ``reason``; components copy the reason into tags or annotations so that an
auditor sees it next to the resource.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from oke_secure.builders import vault_secrets as _vault
from oke_secure.builders import virtual_nodes as _virtual
from oke_secure.spec import cidr as _cidr
from oke_secure.spec.controls import BY_ID as _CONTROL_IDS
from oke_secure.spec.errors import Problem, SpecError

#: Oldest Kubernetes minor version the library accepts (CL-6).
VERSION_FLOOR = (1, 30)
#: How many minor versions a node pool may trail the control plane (CL-6).
MAX_POOL_SKEW = 3
#: Namespaces the baseline never manages.
RESERVED_NAMESPACES = frozenset({"kube-system", "kube-public", "kube-node-lease", "default"})

_OCID_RE = re.compile(r"^ocid1\.[a-z0-9]+\.[a-z0-9]+\.[a-z0-9-]*\.[a-z0-9]{6,}$")
_VERSION_RE = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")


def _check_ocid(value: str) -> str:
    if not _OCID_RE.match(value):
        raise ValueError(
            f"{value!r} is not an OCID. Fix: copy the resource's OCID from the OCI console, "
            "e.g. ocid1.compartment.oc1..aaaaaaaa..."
        )
    return value


def _check_cidr(value: str) -> str:
    _cidr.parse(value)
    return value


def _check_version(value: str) -> str:
    m = _VERSION_RE.match(value)
    if not m:
        raise ValueError(
            f"{value!r} is not a pinned Kubernetes version. Fix: write it as vMAJOR.MINOR.PATCH, e.g. v1.33.1"
        )
    if (int(m.group(1)), int(m.group(2))) < VERSION_FLOOR:
        raise ValueError(
            f"{value} is older than the supported floor v{VERSION_FLOOR[0]}.{VERSION_FLOOR[1]} (CL-6). "
            "Fix: pin v1.30.0 or newer"
        )
    return value


Ocid = Annotated[str, AfterValidator(_check_ocid)]
Cidr = Annotated[str, AfterValidator(_check_cidr)]
KubeVersion = Annotated[str, AfterValidator(_check_version)]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,29}$")]
K8sName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10)]
Region = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,}-[a-z]+-\d+$")]
Port = Annotated[int, Field(ge=1, le=65535)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


class CreateCompartment(_Model):
    """A compartment the stack creates for the cluster (IAM-1)."""

    parent_id: Ocid = Field(description="OCID of the parent compartment (may be the tenancy).")
    name: Name = Field(description="Name of the new compartment.")
    description: str = Field("OKE cluster compartment managed by oke-secure", description="Its description.")


class CompartmentSpec(_Model):
    """Where the cluster lives: an existing compartment (``id``) or one to create (``create``)."""

    id: Ocid | None = Field(None, description="OCID of an existing, dedicated compartment.")
    create: CreateCompartment | None = Field(None, description="Create a dedicated compartment instead.")

    @model_validator(mode="after")
    def _exactly_one(self) -> CompartmentSpec:
        if (self.id is None) == (self.create is None):
            raise SpecError(
                [
                    Problem(
                        "compartment",
                        "give exactly one of 'id' or 'create'",
                        "set compartment.id to an existing compartment OCID, or "
                        "compartment.create with parent_id and name",
                    )
                ]
            )
        return self


class SubnetsSpec(_Model):
    """CIDR blocks of the regional subnets, all inside ``network.vcn_cidr``."""

    api_endpoint: Cidr = Field("10.0.0.0/28", description="Private subnet of the Kubernetes API endpoint.")
    load_balancers: Cidr = Field("10.0.2.0/24", description="Private subnet for internal load balancers.")
    workers: Cidr = Field("10.0.16.0/20", description="Private subnet of the worker nodes.")
    pods: Cidr = Field("10.0.128.0/17", description="Private pod subnet (used with VCN-native pod networking).")


class PublicLoadBalancer(_Model):
    """An explicit opt-in to a public load-balancer subnet (NET-4, NET-6). Everything else stays private."""

    cidr: Cidr = Field(description="CIDR of the public load-balancer subnet, inside the VCN.")
    allowed_cidrs: list[Cidr] = Field(min_length=1, description="Client CIDRs allowed to reach the listeners.")
    ports: list[Port] = Field(min_length=1, description="Listener ports opened to allowed_cidrs.")
    reason: Reason = Field(description="Why a public entry point is needed; recorded in tags.")


class NetworkSpec(_Model):
    """The private network layer (NET-1 to NET-6, NET-9)."""

    vcn_id: Ocid | None = Field(None, description="An existing VCN to build in; only what is missing is created.")
    vcn_cidr: Cidr = Field("10.0.0.0/16", description="CIDR of the VCN (created or existing).")
    cni: Literal["flannel", "vcn-native"] = Field(
        "vcn-native", description="Pod networking: 'vcn-native' (OCI_VCN_IP_NATIVE) or 'flannel' (overlay)."
    )
    subnets: SubnetsSpec = Field(default_factory=lambda: SubnetsSpec(), description="Subnet CIDRs.")
    pods_cidr: Cidr = Field("10.244.0.0/16", description="Kubernetes pods CIDR (flannel overlay).")
    services_cidr: Cidr = Field("10.96.0.0/16", description="Kubernetes services CIDR.")
    internet_egress: bool = Field(
        True, description="Outbound-only internet through a NAT gateway; false for an OCIR-only cluster."
    )
    rule_mode: Literal["security-lists", "nsg"] = Field(
        "security-lists", description="Express the minimum rules as subnet security lists or as NSGs."
    )
    admin_cidrs: list[Cidr] = Field(
        default_factory=list, description="Extra CIDRs (VPN, on-premises) allowed to reach the API on 6443."
    )
    public_load_balancer: PublicLoadBalancer | None = Field(
        None, description="Opt-in public load-balancer subnet, with allowed CIDRs, ports and a reason."
    )


class ClusterSpec(_Model):
    """The OKE cluster (CL-1 to CL-7)."""

    name: Name = Field("oke", description="Cluster name (suffix of the stack name).")
    kubernetes_version: KubeVersion = Field("v1.33.1", description="Pinned Kubernetes version, v1.30.0 or newer.")


class KeysSpec(_Model):
    """Customer-managed keys (CL-4, CL-5, NP-3). Leave empty to create a vault and keys."""

    vault_id: Ocid | None = Field(None, description="Existing vault to create the keys in.")
    management_endpoint: str | None = Field(None, description="Management endpoint of the existing vault.")
    secrets_key_id: Ocid | None = Field(None, description="Existing AES key for Kubernetes secrets.")
    boot_volume_key_id: Ocid | None = Field(None, description="Existing AES key for boot volumes.")
    image_signing_key_id: Ocid | None = Field(None, description="Existing RSA key for image signatures.")

    @model_validator(mode="after")
    def _all_or_none(self) -> KeysSpec:
        keys = [self.secrets_key_id, self.boot_volume_key_id, self.image_signing_key_id]
        if any(keys) and not all(keys):
            raise SpecError(
                [
                    Problem(
                        "keys",
                        "some but not all existing key ids are given",
                        "give secrets_key_id, boot_volume_key_id and image_signing_key_id "
                        "together, or none of them to create the keys",
                    )
                ]
            )
        if self.vault_id and not self.management_endpoint and not all(keys):
            raise SpecError(
                [
                    Problem(
                        "keys.management_endpoint",
                        "an existing vault needs its management endpoint to create keys in it",
                        "copy the vault's management endpoint from the console, or pass the three key ids",
                    )
                ]
            )
        return self


class Permission(_Model):
    """One IAM permission a workload declares, granted only in the cluster compartment (IAM-3, IAM-4)."""

    verb: Literal["inspect", "read", "use", "manage"] = Field(description="IAM verb.")
    resource: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")] = Field(
        description="Resource type or family, e.g. 'objects', 'instance-family'."
    )
    where: str | None = Field(None, description="An IAM 'where' condition narrowing the grant.")

    @model_validator(mode="after")
    def _not_all(self) -> Permission:
        if self.resource == "all-resources":
            raise SpecError(
                [
                    Problem(
                        "resource",
                        "'all-resources' grants everything (IAM-3)",
                        "name the resource type the workload needs, e.g. 'objects'",
                    )
                ]
            )
        return self

    def statement(self, subject: str, compartment_ref: str) -> str:
        """Render as an IAM policy statement for ``subject`` in ``compartment_ref``."""
        out = f"Allow {subject} to {self.verb} {self.resource} in {compartment_ref}"
        return f"{out} where {self.where}" if self.where else out


class InstancePrincipal(_Model):
    """Declares that a pool's pods need instance principals: the pool keeps metadata reachable (NET-7)."""

    reason: Reason = Field(description="Why workload identity does not fit; recorded in tags.")


class SshAccess(_Model):
    """An exception to NP-4: an SSH key on the pool's nodes."""

    public_key: Annotated[str, StringConstraints(pattern=r"^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\d+) ")] = Field(
        description="The OpenSSH public key."
    )
    reason: Reason = Field(description="Why SSH is needed instead of the Bastion service.")


class VirtualNodes(_Model):
    """Makes a pool an OKE virtual node pool (enhanced cluster, VCN-native pod networking only)."""

    pod_shape: Annotated[str, StringConstraints(pattern=r"^Pod\.Standard\.[A-Za-z0-9]+\.Flex$")] = Field(
        _virtual.DEFAULT_POD_SHAPE,
        description="Pod shape, e.g. Pod.Standard.E4.Flex; pods size themselves through their requests and limits.",
    )


class NodePoolSpec(_Model):
    """One node pool per workload (NP-1), with its own identity (IAM-3)."""

    name: Name = Field(description="Workload name; also the pool's node label and taint value.")
    system: bool = Field(
        False, description="Runs cluster add-ons (CoreDNS, policy engine): tainted CriticalAddonsOnly, no grants."
    )
    trust: str | None = Field(None, description="Trust level; defaults to the stack's and must equal it (NP-7).")
    shape: str = Field("VM.Standard.E5.Flex", description="Compute shape.")
    ocpus: float = Field(2, gt=0, le=114, description="OCPUs per node (flex shapes).")
    memory_gbs: float = Field(16, gt=0, le=1776, description="Memory per node in GB (flex shapes).")
    size: int = Field(3, ge=1, le=1000, description="Number of nodes, spread across availability domains.")
    kubernetes_version: KubeVersion | None = Field(None, description="Defaults to the cluster's version.")
    labels: dict[str, str] = Field(default_factory=dict, description="Extra node labels.")
    preemptible: bool = Field(False, description="Preemptible capacity; the pool is then dedicated (NP-6).")
    permissions: list[Permission] = Field(
        default_factory=list, description="IAM grants for the pool's instances (needs instance_principal)."
    )
    instance_principal: InstancePrincipal | None = Field(
        None, description="Pods on this pool may reach instance metadata; with a reason (NET-7)."
    )
    ssh: SshAccess | None = Field(None, description="SSH key exception with a reason (NP-4).")
    namespaces: list[K8sName] = Field(
        default_factory=list, description="Namespaces whose pods may tolerate this pool's taint (WL-6)."
    )
    boot_volume_gbs: int = Field(50, ge=50, le=32768, description="Boot volume size in GB.")
    virtual: VirtualNodes | None = Field(
        None, description="Run the workload on OKE virtual nodes instead of managed nodes (VCN-native only)."
    )


class GroupBinding(_Model):
    """An OCI group (or user) bound to a namespace role through RBAC (WL-4)."""

    id: Ocid = Field(description="OCID of the OCI group or user.")
    role: Literal["view", "edit", "deploy"] = Field("view", description="Namespace role granted.")


class ServiceAccountSpec(_Model):
    """A service account the baseline creates; tokens are not mounted unless declared (WL-5)."""

    name: K8sName = Field(description="Service account name.")
    automount_token: bool = Field(False, description="Mount the API token into pods.")
    automount_reason: Reason | None = Field(None, description="Required when automount_token is true.")


class WorkloadIdentity(_Model):
    """OCI permissions for one service account through OKE workload identity (IAM-4)."""

    service_account: K8sName = Field(description="Service account in this namespace.")
    permissions: list[Permission] = Field(min_length=1, description="What the pods may do in OCI.")


_SECRET_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$"


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
            raise SpecError(
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
    vault_id: Ocid = Field(description="OCID of the vault holding the secrets.")
    compartment_id: Ocid | None = Field(
        None, description="Compartment of the secrets; default: the cluster compartment."
    )
    secrets: list[VaultSecret] = Field(min_length=1, description="Secrets to mount, by name.")


class QuotaSpec(_Model):
    """ResourceQuota of a namespace (WL-3)."""

    cpu: str = Field("8", description="requests.cpu and limits.cpu.")
    memory: str = Field("16Gi", description="requests.memory and limits.memory.")
    pods: int = Field(50, ge=1, description="Maximum pods.")


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


class BastionSpec(_Model):
    """OCI Bastion service in front of the private endpoint (AC-1)."""

    enabled: bool = Field(True, description="Create the Bastion service.")
    client_cidrs: list[Cidr] = Field(default_factory=list, description="Client CIDRs allowed to open sessions.")
    session_ttl_seconds: int = Field(3600, ge=1800, le=10800, description="Maximum session length (<= 3 h).")


class AccessSpec(_Model):
    """Human access: Bastion, OCI groups with `use clusters`, one optional break-glass group (IAM-2, WL-4)."""

    bastion: BastionSpec = Field(default_factory=lambda: BastionSpec(), description="Bastion service.")
    cluster_user_groups: list[Ocid] = Field(
        default_factory=list, description="OCI groups that get 'use clusters' in the compartment."
    )
    break_glass_group: Ocid | None = Field(None, description="The only group bound to cluster-admin.")


class RegistrySpec(_Model):
    """Private OCIR repositories with scanning (SC-1, SC-2) and allowed image registries (CL-5)."""

    repositories: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._/-]{0,254}$")]] = Field(
        default_factory=list, description="Repositories to create (private, immutable)."
    )
    allowed_registries: list[str] = Field(
        default_factory=list, description="Registry prefixes images may come from; default: the region's OCIR."
    )


class DetectionSpec(_Model):
    """Detection (DT-1): Cloud Guard target on the compartment."""

    cloud_guard: bool = Field(True, description="Create a Cloud Guard target.")
    cloud_guard_reason: Reason | None = Field(None, description="Required when cloud_guard is false.")


class PolicyException(_Model):
    """A recorded waiver: a control's violation on named resources is reported as waived, not failed."""

    control: str = Field(description="Control id, e.g. NP-4.")
    resources: list[str] = Field(min_length=1, description="Logical resource names (fnmatch patterns).")
    reason: Reason = Field(description="Why the waiver is acceptable.")
    expires: _dt.date | None = Field(None, description="Date after which the waiver no longer applies.")


def _default_pools() -> list[NodePoolSpec]:
    return [NodePoolSpec(name="system", system=True, size=3)]


class StackSpec(_Model):
    """A whole hardened OKE stack. Every default is the hardened choice."""

    name: Name = Field("oke", description="Prefix of every resource name.")
    tenancy_id: Ocid = Field(description="Tenancy OCID (dynamic groups and policies live there).")
    compartment: CompartmentSpec = Field(description="Dedicated compartment of the cluster (IAM-1).")
    region: Region = Field(description="OCI region identifier, e.g. eu-frankfurt-1.")
    trust: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")] = Field(
        "prod", description="Trust level of every workload in this stack (NP-7)."
    )
    network: NetworkSpec = Field(default_factory=lambda: NetworkSpec(), description="Network layer.")
    cluster: ClusterSpec = Field(default_factory=lambda: ClusterSpec(), description="Cluster.")
    keys: KeysSpec = Field(default_factory=lambda: KeysSpec(), description="Vault and keys.")
    node_pools: list[NodePoolSpec] = Field(default_factory=_default_pools, min_length=1, description="Pools.")
    namespaces: list[NamespaceSpec] = Field(default_factory=list, description="Team namespaces.")
    access: AccessSpec = Field(default_factory=lambda: AccessSpec(), description="Human access.")
    registry: RegistrySpec = Field(default_factory=lambda: RegistrySpec(), description="Registry.")
    detection: DetectionSpec = Field(default_factory=lambda: DetectionSpec(), description="Detection.")
    exceptions: list[PolicyException] = Field(default_factory=list, description="Recorded policy waivers.")
    tags: dict[str, str] = Field(default_factory=dict, description="Freeform tags on every OCI resource.")

    @model_validator(mode="after")
    def _semantics(self) -> StackSpec:
        problems = semantic_problems(self)
        if problems:
            raise SpecError(problems)
        return self

    # Convenience views -------------------------------------------------------------------------
    @property
    def allowed_registries(self) -> list[str]:
        """Registries images may come from: the declared list, else the region's OCIR."""
        return self.registry.allowed_registries or [f"{self.region}.ocir.io"]

    def pool_version(self, pool: NodePoolSpec) -> str:
        """The Kubernetes version of ``pool`` (its own or the cluster's)."""
        return pool.kubernetes_version or self.cluster.kubernetes_version


# Semantic validation ---------------------------------------------------------------------------


def semantic_problems(spec: StackSpec) -> list[Problem]:
    """Cross-field checks pydantic's per-field validation cannot express. Pure; no side effects."""
    problems: list[Problem] = []
    problems += _network_problems(spec.network)
    problems += _uniqueness_problems(spec)
    problems += _trust_problems(spec)
    problems += _version_problems(spec)
    problems += _pool_problems(spec)
    problems += _namespace_problems(spec)
    problems += _virtual_problems(spec)
    problems += _vault_problems(spec)
    problems += _access_problems(spec)
    problems += _exception_problems(spec)
    if spec.compartment.id is not None and spec.compartment.id == spec.tenancy_id:
        problems.append(
            Problem(
                "compartment.id",
                "is the tenancy root (IAM-1)",
                "use a dedicated compartment, or compartment.create with parent_id",
            )
        )
    if not spec.detection.cloud_guard and not spec.detection.cloud_guard_reason:
        problems.append(
            Problem(
                "detection.cloud_guard_reason",
                "Cloud Guard is off without a reason (DT-1)",
                "write why in detection.cloud_guard_reason, or set cloud_guard: true",
            )
        )
    return problems


def _network_problems(net: NetworkSpec) -> list[Problem]:
    out: list[Problem] = []
    subnets: list[tuple[str, str]] = [
        ("network.subnets.api_endpoint", net.subnets.api_endpoint),
        ("network.subnets.load_balancers", net.subnets.load_balancers),
        ("network.subnets.workers", net.subnets.workers),
    ]
    if net.cni == "vcn-native":
        subnets.append(("network.subnets.pods", net.subnets.pods))
    if net.public_load_balancer is not None:
        subnets.append(("network.public_load_balancer.cidr", net.public_load_balancer.cidr))
    for field, block in subnets:
        if not _cidr.contains(net.vcn_cidr, block):
            out.append(
                Problem(
                    field,
                    f"{block} is outside the VCN {net.vcn_cidr}",
                    f"choose a block inside {net.vcn_cidr}, or widen network.vcn_cidr",
                )
            )
    for fa, ca, fb, cb in _cidr.overlapping_pairs(subnets):
        out.append(Problem(fb, f"{cb} overlaps {fa} ({ca})", "give each subnet its own, non-overlapping block"))
    if _cidr.overlaps(net.services_cidr, net.vcn_cidr):
        out.append(
            Problem(
                "network.services_cidr",
                f"{net.services_cidr} overlaps the VCN {net.vcn_cidr}",
                "choose a services CIDR outside the VCN, e.g. 10.96.0.0/16",
            )
        )
    if net.cni == "flannel":
        if _cidr.overlaps(net.pods_cidr, net.vcn_cidr):
            out.append(
                Problem(
                    "network.pods_cidr",
                    f"{net.pods_cidr} overlaps the VCN {net.vcn_cidr}",
                    "choose a pods CIDR outside the VCN, e.g. 10.244.0.0/16",
                )
            )
        if _cidr.overlaps(net.pods_cidr, net.services_cidr):
            out.append(
                Problem(
                    "network.pods_cidr",
                    f"{net.pods_cidr} overlaps the services CIDR {net.services_cidr}",
                    "give pods and services separate blocks",
                )
            )
    for i, block in enumerate(net.admin_cidrs):
        if _cidr.is_anywhere(block):
            out.append(
                Problem(
                    f"network.admin_cidrs[{i}]",
                    "0.0.0.0/0 would expose the API endpoint (NET-5)",
                    "list the VPN or office CIDRs that need kubectl, or use the Bastion",
                )
            )
    return out


def _duplicates(names: list[str]) -> set[str]:
    seen: set[str] = set()
    return {n for n in names if n in seen or seen.add(n)}  # type: ignore[func-returns-value]


def _uniqueness_problems(spec: StackSpec) -> list[Problem]:
    out: list[Problem] = []
    for field, names in (
        ("node_pools", [p.name for p in spec.node_pools]),
        ("namespaces", [n.name for n in spec.namespaces]),
        ("registry.repositories", list(spec.registry.repositories)),
    ):
        for dup in sorted(_duplicates(names)):
            out.append(Problem(field, f"the name {dup!r} is used twice", "give every entry a unique name"))
    for i, ns in enumerate(spec.namespaces):
        for dup in sorted(_duplicates([sa.name for sa in ns.service_accounts])):
            out.append(
                Problem(
                    f"namespaces[{i}].service_accounts",
                    f"{dup!r} is declared twice",
                    "declare each service account once",
                )
            )
    return out


def _trust_problems(spec: StackSpec) -> list[Problem]:
    out: list[Problem] = []
    members = [(f"node_pools[{i}]", p.name, p.trust) for i, p in enumerate(spec.node_pools)]
    members += [(f"namespaces[{i}]", n.name, n.trust) for i, n in enumerate(spec.namespaces)]
    for field, name, trust in members:
        if trust is not None and trust != spec.trust:
            same = next((f"{f} {n!r}" for f, n, t in members if (t or spec.trust) == spec.trust), "the stack")
            out.append(
                Problem(
                    f"{field}.trust",
                    f"{name!r} is marked {trust!r} but {same} is {spec.trust!r}; workloads of different trust "
                    "must not share a cluster (NP-7)",
                    f"move {name!r} to a second stack (stacks/Pulumi.{trust}.yaml with trust: {trust}), "
                    f"or set its trust to {spec.trust!r}",
                )
            )
    return out


def _version_problems(spec: StackSpec) -> list[Problem]:
    out: list[Problem] = []
    cluster_version = spec.cluster.kubernetes_version
    cp = version_tuple(cluster_version)
    for i, pool in enumerate(spec.node_pools):
        if pool.kubernetes_version is None:
            continue
        pv = version_tuple(pool.kubernetes_version)
        field = f"node_pools[{i}].kubernetes_version"
        if pv > cp:
            out.append(
                Problem(
                    field,
                    f"{pool.kubernetes_version} is ahead of the control plane {cluster_version} (CL-6)",
                    "upgrade cluster.kubernetes_version first, or pin the pool at or below it",
                )
            )
        elif pv[0] != cp[0] or cp[1] - pv[1] > MAX_POOL_SKEW:
            out.append(
                Problem(
                    field,
                    f"{pool.kubernetes_version} is more than {MAX_POOL_SKEW} minor versions "
                    f"behind {cluster_version} (CL-6)",
                    "upgrade the pool",
                )
            )
    return out


def version_tuple(version: str) -> tuple[int, int, int]:
    """``(major, minor, patch)`` of a ``vX.Y.Z`` version string."""
    m = _VERSION_RE.match(version)
    if not m:
        raise ValueError(f"not a version: {version!r}")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def _pool_problems(spec: StackSpec) -> list[Problem]:
    out: list[Problem] = []
    ns_names = {n.name for n in spec.namespaces}
    if not any(p.system for p in spec.node_pools):
        out.append(
            Problem(
                "node_pools",
                "no pool has system: true, so CoreDNS and the policy engine have nowhere to run",
                "add a pool with system: true (tainted for cluster add-ons only, no grants)",
            )
        )
    for i, p in enumerate(spec.node_pools):
        f = f"node_pools[{i}]"
        if p.system and (p.permissions or p.instance_principal or p.preemptible or p.namespaces):
            out.append(
                Problem(
                    f,
                    "a system pool cannot carry permissions, instance principals, preemptible "
                    "capacity or namespaces (NP-1, NP-6)",
                    "move the workload to a pool of its own",
                )
            )
        if p.permissions and p.instance_principal is None:
            out.append(
                Problem(
                    f"{f}.permissions",
                    "grants to a pool's instances are unreachable while pods "
                    "are blocked from instance metadata (NET-7)",
                    f"prefer namespaces[].workload_identity; or declare {f}.instance_principal with a reason",
                )
            )
        for j, ns in enumerate(p.namespaces):
            if ns not in ns_names:
                out.append(
                    Problem(
                        f"{f}.namespaces[{j}]",
                        f"namespace {ns!r} is not declared",
                        "declare it under namespaces, or remove it here",
                    )
                )
    return out


def _namespace_problems(spec: StackSpec) -> list[Problem]:
    out: list[Problem] = []
    for i, ns in enumerate(spec.namespaces):
        f = f"namespaces[{i}]"
        if ns.name in RESERVED_NAMESPACES:
            out.append(
                Problem(
                    f"{f}.name",
                    f"{ns.name!r} is a system namespace the baseline leaves alone",
                    "choose a team namespace name",
                )
            )
        if ns.pod_security == "baseline" and not ns.pod_security_reason:
            out.append(
                Problem(
                    f"{f}.pod_security_reason",
                    "'baseline' Pod Security needs a reason (CL-3)",
                    "write why restricted cannot work, or use pod_security: restricted",
                )
            )
        for j, sa in enumerate(ns.service_accounts):
            if sa.automount_token and not sa.automount_reason:
                out.append(
                    Problem(
                        f"{f}.service_accounts[{j}].automount_reason",
                        "mounting the API token needs a reason (WL-5)",
                        "write why the pods call the Kubernetes API, or set automount_token: false",
                    )
                )
        declared = {sa.name for sa in ns.service_accounts}
        for j, wi in enumerate(ns.workload_identity):
            if wi.service_account not in declared:
                out.append(
                    Problem(
                        f"{f}.workload_identity[{j}].service_account",
                        f"{wi.service_account!r} is not declared in this namespace",
                        "add it under service_accounts",
                    )
                )
        if ns.tolerate_preemptible and not any(p.preemptible for p in spec.node_pools):
            out.append(
                Problem(
                    f"{f}.tolerate_preemptible",
                    "no preemptible pool exists",
                    "add a pool with preemptible: true, or remove this",
                )
            )
    return out


def virtual_pool_problems(pool: NodePoolSpec, field: str, cni: str) -> list[Problem]:
    """Why ``pool`` cannot be an OKE virtual node pool on a cluster with ``cni`` (empty when it can)."""
    out: list[Problem] = []
    if cni != "vcn-native":
        out.append(
            Problem(
                f"{field}.virtual",
                f"virtual nodes need VCN-native pod networking, but the cluster uses {cni} (CL-1)",
                "set network.cni: vcn-native (virtual nodes support no "
                "flannel overlay), or remove virtual to run a managed pool",
            )
        )
    if pool.system:
        out.append(
            Problem(
                f"{field}.system",
                "a system pool cannot be virtual: cluster add-ons run as "
                "DaemonSets (Calico, the Secrets Store CSI driver) and virtual nodes run none",
                "keep the system pool managed and put the workload in a virtual pool of its own",
            )
        )
    for key, why in _virtual.REFUSED_FIELDS.items():
        if getattr(pool, key) not in (None, False, []):
            out.append(
                Problem(
                    f"{field}.{key}",
                    f"does not apply to a virtual pool: {why}",
                    f"remove {key} from the virtual pool, or make the pool managed",
                )
            )
    return out


def _virtual_problems(spec: StackSpec) -> list[Problem]:
    out: list[Problem] = []
    for i, pool in enumerate(spec.node_pools):
        if pool.virtual is not None:
            out += virtual_pool_problems(pool, f"node_pools[{i}]", spec.network.cni)
    return out


def _vault_problems(spec: StackSpec) -> list[Problem]:
    out: list[Problem] = []
    for i, ns in enumerate(spec.namespaces):
        declared = {sa.name for sa in ns.service_accounts}
        hosts = [p for p in spec.node_pools if ns.name in p.namespaces]
        seen: set[str] = set()
        for j, vs in enumerate(ns.vault_secrets):
            f = f"namespaces[{i}].vault_secrets[{j}]"
            if vs.service_account not in declared:
                out.append(
                    Problem(
                        f"{f}.service_account",
                        f"{vs.service_account!r} is not declared in this namespace",
                        "add it under service_accounts",
                    )
                )
            if vs.service_account in seen:
                out.append(
                    Problem(
                        f"{f}.service_account",
                        f"{vs.service_account!r} already has vault_secrets",
                        "list all of its secrets in one entry",
                    )
                )
            seen.add(vs.service_account)
            files = [s.file_name or s.name for s in vs.secrets]
            for dup in sorted(_duplicates(files)):
                out.append(
                    Problem(
                        f"{f}.secrets",
                        f"{dup!r} would be mounted twice (names and file names are the files of one volume)",
                        "give each secret its own file_name",
                    )
                )
        if ns.vault_secrets and hosts and all(p.virtual is not None for p in hosts):
            out.append(
                Problem(
                    f"namespaces[{i}].vault_secrets",
                    f"the pods of {ns.name!r} run only on virtual "
                    "pools, which run no DaemonSets, so the Secrets Store CSI driver cannot mount "
                    "the secrets there",
                    "also list the namespace on a managed pool, or read the "
                    "secrets from the application through workload identity",
                )
            )
    vaults = {vs.vault_id for ns in spec.namespaces for vs in ns.vault_secrets}
    grants = [
        (f"node_pools[{i}].permissions[{j}]", p)
        for i, pool in enumerate(spec.node_pools)
        for j, p in enumerate(pool.permissions)
    ]
    grants += [
        (f"namespaces[{i}].workload_identity[{k}].permissions[{j}]", p)
        for i, ns in enumerate(spec.namespaces)
        for k, wi in enumerate(ns.workload_identity)
        for j, p in enumerate(wi.permissions)
    ]
    for field, perm in grants:
        for vault in sorted(vaults):
            if _vault.permission_reaches(perm.verb, perm.resource, perm.where, vault):
                out.append(
                    Problem(
                        field,
                        f"'{perm.verb} {perm.resource}' would also read the secrets of vault "
                        f"{vault}, which only its declared vault_secrets may read (IAM-4)",
                        "pin it to another vault with where: target.vault.id = '<ocid>', or "
                        "declare the secrets under namespaces[].vault_secrets",
                    )
                )
    return out


def _access_problems(spec: StackSpec) -> list[Problem]:
    out: list[Problem] = []
    b = spec.access.bastion
    if b.enabled and not b.client_cidrs:
        out.append(
            Problem(
                "access.bastion.client_cidrs",
                "the Bastion needs an allow-list (AC-1)",
                "list the client CIDRs (office, VPN) that may open sessions",
            )
        )
    for i, block in enumerate(b.client_cidrs):
        if _cidr.is_anywhere(block):
            out.append(
                Problem(
                    f"access.bastion.client_cidrs[{i}]",
                    "0.0.0.0/0 lets anyone try (AC-1)",
                    "list the client CIDRs that need access",
                )
            )
    if not b.enabled and not spec.network.admin_cidrs:
        out.append(
            Problem(
                "access.bastion.enabled",
                "with no Bastion and no admin_cidrs nobody can reach the private API endpoint",
                "enable the Bastion or list network.admin_cidrs",
            )
        )
    return out


def _exception_problems(spec: StackSpec) -> list[Problem]:
    out: list[Problem] = []
    today = _dt.date.today()
    for i, ex in enumerate(spec.exceptions):
        if ex.control not in _CONTROL_IDS:
            out.append(
                Problem(
                    f"exceptions[{i}].control",
                    f"unknown control id {ex.control!r}",
                    "use an id from `oke-secure controls`",
                )
            )
        if ex.expires is not None and ex.expires < today:
            out.append(
                Problem(
                    f"exceptions[{i}].expires",
                    f"the waiver expired on {ex.expires}",
                    "renew it with a new date and reason, or remove it and fix the resource",
                )
            )
    return out


# Loading ---------------------------------------------------------------------------------------

CONFIG_KEY = "oke-secure:spec"

_FIXES = {
    "missing": "add this field",
    "extra_forbidden": "remove it, or check its spelling against `oke-secure schema`",
    "string_pattern_mismatch": "match the pattern shown",
    "literal_error": "use one of the values shown",
    "too_short": "add at least one entry",
    "greater_than_equal": "raise the value",
    "less_than_equal": "lower the value",
    "bool_parsing": "write true or false",
    "int_parsing": "write a whole number",
    "float_parsing": "write a number",
    "string_too_short": "write a longer value (a reason needs at least 10 characters)",
}


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "spec"


def problems_from_validation_error(exc: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into :class:`Problem` objects with actionable fixes."""
    out: list[Problem] = []
    for err in exc.errors():
        where = _loc(tuple(err["loc"]))
        inner = (err.get("ctx") or {}).get("error")
        if isinstance(inner, SpecError):
            for p in inner.problems:
                field = p.field if where == "spec" or p.field.startswith(where) else f"{where}.{p.field}"
                out.append(Problem(field, p.message, p.fix))
            continue
        msg = str(err["msg"]).removeprefix("Value error, ")
        if ". Fix: " in msg:
            message, fix = msg.split(". Fix: ", 1)
        else:
            message, fix = msg, _FIXES.get(err["type"], "see `oke-secure schema` for the expected value")
        out.append(Problem(where, message, fix))
    return out


def parse_spec(data: Any) -> StackSpec:
    """Validate plain data into a :class:`StackSpec`; raise :class:`SpecError` listing every problem."""
    if not isinstance(data, dict):
        raise SpecError(
            [
                Problem(
                    "spec",
                    f"expected a mapping, got {type(data).__name__}",
                    "write the spec as YAML keys (tenancy_id, compartment, region, ...)",
                )
            ]
        )
    try:
        return StackSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(problems_from_validation_error(exc)) from None
