"""Plain-data shapes of the spec sections, as TypedDicts: the typed nested arguments of the components.

GENERATED from the pydantic models by ``oke_secure/spec/_inputs_source.py`` (``make inputs``); do not
edit. ``tests/test_typed_inputs.py`` keeps this file equal to the models. The models validate; these
only type the keys (mypy checks them in Python programs; Pulumi's component analyzer publishes them,
in camelCase, for other languages).
"""

# No ``from __future__ import annotations``: Pulumi's component analyzer reads these annotations as
# objects (inspect.get_annotations without evaluation).

from typing import Any, NotRequired, Required, TypedDict, overload

from pydantic import BaseModel

from oke_secure.spec.access import AccessSpec, BastionSpec
from oke_secure.spec.cluster import ClusterSpec, KeysSpec
from oke_secure.spec.compartment import CompartmentSpec, CreateCompartment
from oke_secure.spec.detection import DetectionSpec
from oke_secure.spec.exceptions import PolicyException
from oke_secure.spec.namespaces import (
    DefaultNamespaceSpec,
    EgressGrant,
    GroupBinding,
    NamespaceSpec,
    QuotaSpec,
    ServiceAccountSpec,
    VaultSecret,
    VaultSecrets,
    WorkloadIdentity,
)
from oke_secure.spec.network import NetworkSpec, PublicLoadBalancer, SubnetsSpec
from oke_secure.spec.node_pools import InstancePrincipal, NodePoolSpec, SshAccess, VirtualNodes
from oke_secure.spec.permissions import Permission
from oke_secure.spec.registry import RegistrySpec
from oke_secure.spec.stack import StackSpec


class CreateCompartmentInput(TypedDict):
    """A compartment the stack creates for the cluster (IAM-1). Plain data of ``CreateCompartment``."""

    parent_id: Required[str]
    """OCID of the parent compartment (may be the tenancy)."""
    name: Required[str]
    """Name of the new compartment."""
    description: NotRequired[str]
    """Its description. Default: ``'OKE cluster compartment managed by oke-secure'``."""


class CompartmentSpecInput(TypedDict):
    """Where the cluster lives: an existing compartment (``id``) or one to create (``create``). Plain data of
    ``CompartmentSpec``.
    """

    id: NotRequired[str]
    """OCID of an existing, dedicated compartment."""
    create: NotRequired[CreateCompartmentInput]
    """Create a dedicated compartment instead."""


class SubnetsSpecInput(TypedDict):
    """CIDR blocks of the regional subnets, all inside ``network.vcn_cidr``. Plain data of ``SubnetsSpec``."""

    api_endpoint: NotRequired[str]
    """Private subnet of the Kubernetes API endpoint. Default: ``'10.0.0.0/28'``."""
    load_balancers: NotRequired[str]
    """Private subnet for internal load balancers. Default: ``'10.0.2.0/24'``."""
    workers: NotRequired[str]
    """Private subnet of the worker nodes. Default: ``'10.0.16.0/20'``."""
    pods: NotRequired[str]
    """Private pod subnet (used with VCN-native pod networking). Default: ``'10.0.128.0/17'``."""


class PublicLoadBalancerInput(TypedDict):
    """An explicit opt-in to a public load-balancer subnet (NET-4, NET-6). Everything else stays private. Plain data of
    ``PublicLoadBalancer``.
    """

    cidr: Required[str]
    """CIDR of the public load-balancer subnet, inside the VCN."""
    allowed_cidrs: Required[list[str]]
    """Client CIDRs allowed to reach the listeners."""
    ports: Required[list[int]]
    """Listener ports opened to allowed_cidrs."""
    reason: Required[str]
    """Why a public entry point is needed; recorded in tags."""


class NetworkSpecInput(TypedDict):
    """The private network layer (NET-1 to NET-6, NET-9). Plain data of ``NetworkSpec``."""

    vcn_id: NotRequired[str]
    """An existing VCN to build in; only what is missing is created."""
    vcn_cidr: NotRequired[str]
    """CIDR of the VCN (created or existing). Default: ``'10.0.0.0/16'``."""
    cni: NotRequired[str]
    """Pod networking: 'vcn-native' (OCI_VCN_IP_NATIVE) or 'flannel' (overlay). Default: ``'vcn-native'``."""
    subnets: NotRequired[SubnetsSpecInput]
    """Subnet CIDRs."""
    pods_cidr: NotRequired[str]
    """Kubernetes pods CIDR (flannel overlay). Default: ``'10.244.0.0/16'``."""
    services_cidr: NotRequired[str]
    """Kubernetes services CIDR. Default: ``'10.96.0.0/16'``."""
    internet_egress: NotRequired[bool]
    """Outbound-only internet through a NAT gateway; false for an OCIR-only cluster. Default: ``True``."""
    rule_mode: NotRequired[str]
    """Express the minimum rules as subnet security lists or as NSGs. Default: ``'security-lists'``."""
    admin_cidrs: NotRequired[list[str]]
    """Extra CIDRs (VPN, on-premises) allowed to reach the API on 6443."""
    public_load_balancer: NotRequired[PublicLoadBalancerInput]
    """Opt-in public load-balancer subnet, with allowed CIDRs, ports and a reason."""


class ClusterSpecInput(TypedDict):
    """The OKE cluster (CL-1 to CL-7). Plain data of ``ClusterSpec``."""

    name: NotRequired[str]
    """Cluster name (suffix of the stack name). Default: ``'oke'``."""
    kubernetes_version: NotRequired[str]
    """Pinned Kubernetes version, v1.30.0 or newer. Default: ``'v1.33.1'``."""


class KeysSpecInput(TypedDict):
    """Customer-managed keys (CL-4, CL-5, NP-3). Leave empty to create a vault and keys. Plain data of ``KeysSpec``."""

    vault_id: NotRequired[str]
    """Existing vault to create the keys in."""
    management_endpoint: NotRequired[str]
    """Management endpoint of the existing vault."""
    secrets_key_id: NotRequired[str]
    """Existing AES key for Kubernetes secrets."""
    boot_volume_key_id: NotRequired[str]
    """Existing AES key for boot volumes."""
    image_signing_key_id: NotRequired[str]
    """Existing RSA key for image signatures."""


class PermissionInput(TypedDict):
    """One IAM permission a workload declares, granted only in the cluster compartment (IAM-3, IAM-4). Plain data of
    ``Permission``.
    """

    verb: Required[str]
    """IAM verb."""
    resource: Required[str]
    """Resource type or family, e.g. 'objects', 'instance-family'."""
    where: NotRequired[str]
    """An IAM 'where' condition narrowing the grant."""


class InstancePrincipalInput(TypedDict):
    """Declares that a pool's pods need instance principals: the pool keeps metadata reachable (NET-7). Plain data of
    ``InstancePrincipal``.
    """

    reason: Required[str]
    """Why workload identity does not fit; recorded in tags."""


class SshAccessInput(TypedDict):
    """An exception to NP-4: an SSH key on the pool's nodes. Plain data of ``SshAccess``."""

    public_key: Required[str]
    """The OpenSSH public key."""
    reason: Required[str]
    """Why SSH is needed instead of the Bastion service."""


class VirtualNodesInput(TypedDict):
    """Makes a pool an OKE virtual node pool (enhanced cluster, VCN-native pod networking only). Plain data of
    ``VirtualNodes``.
    """

    pod_shape: NotRequired[str]
    """Pod shape, e.g. Pod.Standard.E4.Flex; pods size themselves through their requests and limits. Default:
    ``'Pod.Standard.E4.Flex'``.
    """


class NodePoolSpecInput(TypedDict):
    """One node pool per workload (NP-1), with its own identity (IAM-3). Plain data of ``NodePoolSpec``."""

    name: Required[str]
    """Workload name; also the pool's node label and taint value."""
    system: NotRequired[bool]
    """Runs cluster add-ons (CoreDNS, policy engine): tainted CriticalAddonsOnly, no grants. Default: ``False``."""
    trust: NotRequired[str]
    """Trust level; defaults to the stack's and must equal it (NP-7)."""
    shape: NotRequired[str]
    """Compute shape. Default: ``'VM.Standard.E5.Flex'``."""
    ocpus: NotRequired[float]
    """OCPUs per node (flex shapes). Default: ``2``."""
    memory_gbs: NotRequired[float]
    """Memory per node in GB (flex shapes). Default: ``16``."""
    size: NotRequired[int]
    """Number of nodes, spread across availability domains. Default: ``3``."""
    kubernetes_version: NotRequired[str]
    """Defaults to the cluster's version."""
    labels: NotRequired[dict[str, str]]
    """Extra node labels."""
    preemptible: NotRequired[bool]
    """Preemptible capacity; the pool is then dedicated (NP-6). Default: ``False``."""
    permissions: NotRequired[list[PermissionInput]]
    """IAM grants for the pool's instances (needs instance_principal)."""
    instance_principal: NotRequired[InstancePrincipalInput]
    """Pods on this pool may reach instance metadata; with a reason (NET-7)."""
    ssh: NotRequired[SshAccessInput]
    """SSH key exception with a reason (NP-4)."""
    namespaces: NotRequired[list[str]]
    """Namespaces whose pods may tolerate this pool's taint (WL-6)."""
    boot_volume_gbs: NotRequired[int]
    """Boot volume size in GB. Default: ``50``."""
    virtual: NotRequired[VirtualNodesInput]
    """Run the workload on OKE virtual nodes instead of managed nodes (VCN-native only)."""


class GroupBindingInput(TypedDict):
    """An OCI group (or user) bound to a namespace role through RBAC (WL-4). Plain data of ``GroupBinding``."""

    id: Required[str]
    """OCID of the OCI group or user."""
    role: NotRequired[str]
    """Namespace role granted. Default: ``'view'``."""


class QuotaSpecInput(TypedDict):
    """ResourceQuota of a namespace (WL-3). Plain data of ``QuotaSpec``."""

    cpu: NotRequired[str]
    """requests.cpu and limits.cpu. Default: ``'8'``."""
    memory: NotRequired[str]
    """requests.memory and limits.memory. Default: ``'16Gi'``."""
    pods: NotRequired[int]
    """Maximum pods. Default: ``50``."""


class ServiceAccountSpecInput(TypedDict):
    """A service account the baseline creates; tokens are not mounted unless declared (WL-5). Plain data of
    ``ServiceAccountSpec``.
    """

    name: Required[str]
    """Service account name."""
    automount_token: NotRequired[bool]
    """Mount the API token into pods. Default: ``False``."""
    automount_reason: NotRequired[str]
    """Required when automount_token is true."""


class WorkloadIdentityInput(TypedDict):
    """OCI permissions for one service account through OKE workload identity (IAM-4). Plain data of
    ``WorkloadIdentity``.
    """

    service_account: Required[str]
    """Service account in this namespace."""
    permissions: Required[list[PermissionInput]]
    """What the pods may do in OCI."""


class VaultSecretInput(TypedDict):
    """One secret of an OCI Vault, named, never its value (AC-2). Plain data of ``VaultSecret``."""

    name: Required[str]
    """Secret name in the vault."""
    file_name: NotRequired[str]
    """File name in the mounted volume (default: the secret name)."""
    stage: NotRequired[str]
    """Rotation stage to mount (default CURRENT)."""


class VaultSecretsInput(TypedDict):
    """Secrets of one OCI Vault that one service account's pods mount through the Secrets Store CSI driver,
    authenticated by OKE workload identity (IAM-4, AC-2). Plain data of ``VaultSecrets``.
    """

    service_account: Required[str]
    """Service account (declared in this namespace) of the pods."""
    vault_id: Required[str]
    """OCID of the vault holding the secrets."""
    compartment_id: NotRequired[str]
    """Compartment of the secrets; default: the cluster compartment."""
    secrets: Required[list[VaultSecretInput]]
    """Secrets to mount, by name."""


class EgressGrantInput(TypedDict):
    """One egress a namespace's pods need beyond DNS (NET-8). Default deny stays; each grant adds exactly this, and the
    instance metadata endpoint is never granted here (NET-7). Plain data of ``EgressGrant``.
    """

    to: Required[str]
    """'cidr' (cidrs + ports), 'namespace' (another managed namespace), 'kubernetes-api' (the API endpoint subnet on
    6443) or 'oracle-services' (the region's Oracle Services Network ranges, reached through the service gateway).
    """
    cidrs: NotRequired[list[str]]
    """Destination CIDRs: for 'cidr', and for 'oracle-services' the region's ranges tagged OSN in Oracle's
    public_ip_ranges.json.
    """
    namespace: NotRequired[str]
    """For 'namespace': the namespace whose pods may be reached."""
    ports: NotRequired[list[int]]
    """Destination ports (required for 'cidr')."""
    protocol: NotRequired[str]
    """Protocol of the ports. Default: ``'TCP'``."""
    reason: NotRequired[str]
    """Why; required for a CIDR with prefix length 0 (0.0.0.0/0)."""


class NamespaceSpecInput(TypedDict):
    """A team namespace with its Kubernetes baseline (CL-3, NET-7, NET-8, WL-1 to WL-6). Plain data of
    ``NamespaceSpec``.
    """

    name: Required[str]
    """Namespace name."""
    team: Required[str]
    """Owning team (label)."""
    trust: NotRequired[str]
    """Trust level; defaults to the stack's and must equal it (NP-7)."""
    groups: NotRequired[list[GroupBindingInput]]
    """OCI groups/users bound to roles."""
    pod_security: NotRequired[str]
    """Pod Security level. Default: ``'restricted'``."""
    pod_security_reason: NotRequired[str]
    """Required for 'baseline'."""
    load_balancers: NotRequired[int]
    """LoadBalancer services allowed (internal unless public). Default: ``0``."""
    tolerate_preemptible: NotRequired[bool]
    """May schedule on preemptible pools (NP-6). Default: ``False``."""
    quota: NotRequired[QuotaSpecInput]
    """ResourceQuota."""
    service_accounts: NotRequired[list[ServiceAccountSpecInput]]
    """Service accounts."""
    workload_identity: NotRequired[list[WorkloadIdentityInput]]
    """OCI grants for pods."""
    vault_secrets: NotRequired[list[VaultSecretsInput]]
    """OCI Vault secrets mounted by service accounts' pods (IAM-4, AC-2)."""
    egress: NotRequired[list[EgressGrantInput]]
    """Egress the pods need beyond DNS; everything else is denied (NET-8)."""


class DefaultNamespaceSpecInput(TypedDict):
    """The ``default`` namespace (WL-7, CIS OKE 4.5.3): locked down unless workloads are declared with a reason. Plain
    data of ``DefaultNamespaceSpec``.
    """

    workloads: NotRequired[bool]
    """Let workloads run in `default` (no zero-pod quota there); it still enforces Pod Security restricted and denies
    all traffic by default. Default: ``False``.
    """
    reason: NotRequired[str]
    """Why workloads must run in `default`; required with workloads."""


class BastionSpecInput(TypedDict):
    """OCI Bastion service in front of the private endpoint (AC-1). Plain data of ``BastionSpec``."""

    enabled: NotRequired[bool]
    """Create the Bastion service. Default: ``True``."""
    client_cidrs: NotRequired[list[str]]
    """Client CIDRs allowed to open sessions."""
    session_ttl_seconds: NotRequired[int]
    """Maximum session length (<= 3 h). Default: ``3600``."""


class AccessSpecInput(TypedDict):
    """Human access: Bastion, OCI groups with `use clusters`, one optional break-glass group (IAM-2, WL-4). Plain data
    of ``AccessSpec``.
    """

    bastion: NotRequired[BastionSpecInput]
    """Bastion service."""
    cluster_user_groups: NotRequired[list[str]]
    """OCI groups that get 'use clusters' in the compartment."""
    break_glass_group: NotRequired[str]
    """The only group bound to cluster-admin."""


class RegistrySpecInput(TypedDict):
    """Private OCIR repositories with scanning (SC-1, SC-2) and allowed image registries (CL-5). Plain data of
    ``RegistrySpec``.
    """

    repositories: NotRequired[list[str]]
    """Repositories to create (private, immutable)."""
    allowed_registries: NotRequired[list[str]]
    """Registry prefixes images may come from; default: the region's OCIR, in your namespace."""
    namespace: NotRequired[str]
    """The tenancy's Object Storage namespace, which names its OCIR repositories (<region>.ocir.io/<namespace>/...; `oci
    os ns get`). Needed unless allowed_registries is given (CL-5).
    """
    mirror: NotRequired[str]
    """OCIR prefix in the stack's region the system add-on images (Calico, the Secrets Store CSI driver and Oracle's
    provider) are mirrored to, e.g. eu-frankfurt-1.ocir.io/<namespace>/mirror; `oke-secure images` prints the copy
    commands. Required with network.internet_egress: false: the nodes then reach only Oracle services, OCIR among
    them, through the service gateway (NET-4). In the region's OCIR it must be in registry.namespace: the stack then
    creates one private, immutable, scanned repository per add-on image (<mirror path>/<image path>) before you copy.
    """
    mirror_pull_secret: NotRequired[str]
    """Name of a docker-registry Secret in kube-system with an OCIR auth token, for a private mirror (Oracle: 'Pulling
    Images from Registry during Deployment'); required with a mirror in the tenancy's OCIR, whose repositories the
    stack creates private. Create it yourself with kubectl before stage 2: the token is never in the spec nor in
    Pulumi state.
    """


class DetectionSpecInput(TypedDict):
    """Detection (DT-1): Cloud Guard target on the compartment. Plain data of ``DetectionSpec``."""

    cloud_guard: NotRequired[bool]
    """Create a Cloud Guard target. Default: ``True``."""
    cloud_guard_reason: NotRequired[str]
    """Required when cloud_guard is false."""
    reporting_region: NotRequired[str]
    """The tenancy's Cloud Guard reporting region (`oci cloud-guard configuration get`): Cloud Guard targets are
    created, updated and deleted only there (Oracle, Cloud Guard API: 'Create, Update, and Delete operations only
    from the reporting region'). Default: the home region. Cloud Guard must be enabled.
    """


class PolicyExceptionInput(TypedDict):
    """A recorded waiver: a control's violation on named resources is reported as waived, not failed. Plain data of
    ``PolicyException``.
    """

    control: Required[str]
    """Control id, e.g. NP-4."""
    resources: Required[list[str]]
    """Logical resource names (fnmatch patterns)."""
    reason: Required[str]
    """Why the waiver is acceptable."""
    expires: NotRequired[str]
    """Date after which the waiver no longer applies."""


class StackSpecInput(TypedDict):
    """A whole hardened OKE stack. Every default is the hardened choice. Plain data of ``StackSpec``."""

    name: Required[str]
    """Prefix of every resource name, e.g. the stack name (dev, prod); required, so that two stacks never share names by
    accident.
    """
    tenancy_id: Required[str]
    """Tenancy OCID (dynamic groups and policies live there)."""
    compartment: Required[CompartmentSpecInput]
    """Dedicated compartment of the cluster (IAM-1)."""
    region: Required[str]
    """OCI region of the stack, e.g. eu-frankfurt-1: the one source of truth; the program's oci:region config, when set,
    must equal it.
    """
    home_region: NotRequired[str]
    """The tenancy's home region, where compartments, dynamic groups, policies and tags are created through an explicit
    provider (DEP-1); default: region. Find it with `oci iam region-subscription list` (is-home-region: true).
    """
    trust: NotRequired[str]
    """Trust level of every workload in this stack (NP-7). Default: ``'prod'``."""
    network: NotRequired[NetworkSpecInput]
    """Network layer."""
    cluster: NotRequired[ClusterSpecInput]
    """Cluster."""
    keys: NotRequired[KeysSpecInput]
    """Vault and keys."""
    node_pools: NotRequired[list[NodePoolSpecInput]]
    """Pools."""
    namespaces: NotRequired[list[NamespaceSpecInput]]
    """Team namespaces."""
    default_namespace: NotRequired[DefaultNamespaceSpecInput]
    """The `default` namespace: locked down (WL-7) unless workloads are declared with a reason."""
    access: NotRequired[AccessSpecInput]
    """Human access."""
    registry: NotRequired[RegistrySpecInput]
    """Registry."""
    detection: NotRequired[DetectionSpecInput]
    """Detection."""
    exceptions: NotRequired[list[PolicyExceptionInput]]
    """Recorded policy waivers."""
    tags: NotRequired[dict[str, str]]
    """Freeform tags on every OCI resource."""
    kubernetes_stage: NotRequired[str]
    """Where the Kubernetes baseline is applied (DEP-3). 'separate' (default): this stack builds the OCI layer and
    exports what the baseline stage (stacks/baseline) reads by StackReference, run from a runner in the VCN or
    through `oke-secure tunnel`. 'same': the baseline is applied in this stack, which must then run where the private
    endpoint is reachable (a runner inside the VCN). Default: ``'separate'``.
    """


# Typed plain data of a validated model, for passing a section on to a component ---------------


@overload
def as_input(model: CreateCompartment) -> CreateCompartmentInput: ...


@overload
def as_input(model: CompartmentSpec) -> CompartmentSpecInput: ...


@overload
def as_input(model: SubnetsSpec) -> SubnetsSpecInput: ...


@overload
def as_input(model: PublicLoadBalancer) -> PublicLoadBalancerInput: ...


@overload
def as_input(model: NetworkSpec) -> NetworkSpecInput: ...


@overload
def as_input(model: ClusterSpec) -> ClusterSpecInput: ...


@overload
def as_input(model: KeysSpec) -> KeysSpecInput: ...


@overload
def as_input(model: Permission) -> PermissionInput: ...


@overload
def as_input(model: InstancePrincipal) -> InstancePrincipalInput: ...


@overload
def as_input(model: SshAccess) -> SshAccessInput: ...


@overload
def as_input(model: VirtualNodes) -> VirtualNodesInput: ...


@overload
def as_input(model: NodePoolSpec) -> NodePoolSpecInput: ...


@overload
def as_input(model: GroupBinding) -> GroupBindingInput: ...


@overload
def as_input(model: QuotaSpec) -> QuotaSpecInput: ...


@overload
def as_input(model: ServiceAccountSpec) -> ServiceAccountSpecInput: ...


@overload
def as_input(model: WorkloadIdentity) -> WorkloadIdentityInput: ...


@overload
def as_input(model: VaultSecret) -> VaultSecretInput: ...


@overload
def as_input(model: VaultSecrets) -> VaultSecretsInput: ...


@overload
def as_input(model: EgressGrant) -> EgressGrantInput: ...


@overload
def as_input(model: NamespaceSpec) -> NamespaceSpecInput: ...


@overload
def as_input(model: DefaultNamespaceSpec) -> DefaultNamespaceSpecInput: ...


@overload
def as_input(model: BastionSpec) -> BastionSpecInput: ...


@overload
def as_input(model: AccessSpec) -> AccessSpecInput: ...


@overload
def as_input(model: RegistrySpec) -> RegistrySpecInput: ...


@overload
def as_input(model: DetectionSpec) -> DetectionSpecInput: ...


@overload
def as_input(model: PolicyException) -> PolicyExceptionInput: ...


@overload
def as_input(model: StackSpec) -> StackSpecInput: ...


def as_input(model: BaseModel) -> Any:
    """``model`` as the plain data of its TypedDict (fields left at ``None`` are left out)."""
    return model.model_dump(exclude_none=True)
