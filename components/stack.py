"""OkeStack: the whole hardened stack composed from the layer components.

Data flow: spec (validated by pydantic, before any resource exists) -> Compartment -> Network, Keys
-> Cluster -> node pools (each with its own identity), Kubernetes baseline; Access (Bastion), Registry,
Detection beside them. Only true dependencies link the layers, so a real ``pulumi up`` runs IAM, node
pools and the Kubernetes baseline side by side once the cluster exists.
"""

from typing import Any, NotRequired, Required, TypedDict

import pulumi
import pulumi_kubernetes as k8s
import pulumi_oci as oci

from oke_secure.builders import iam_statements, netrules
from oke_secure.components._common import check_args, child, identity_opts, tags, token
from oke_secure.components.access import Access
from oke_secure.components.baseline import KubernetesBaseline, KubernetesBaselineArgs
from oke_secure.components.cluster import Cluster
from oke_secure.components.compartment import Compartment
from oke_secure.components.detection import Detection, DetectionArgs
from oke_secure.components.human_access import HumanAccess
from oke_secure.components.keys import Keys
from oke_secure.components.network import Network
from oke_secure.components.node_pool import NodePool, NodePoolArgs
from oke_secure.components.registry import Registry
from oke_secure.components.vault_secrets import VaultSecrets
from oke_secure.components.virtual_node_pool import VirtualNodePool, VirtualNodePoolArgs
from oke_secure.components.workload_identity import WorkloadIdentity
from oke_secure.components.workload_tags import WorkloadTags
from oke_secure.spec import StackSpec, parse_spec
from oke_secure.spec.errors import Problem, SpecError
from oke_secure.spec.inputs import StackSpecInput, as_input

#: Settings of the program's ``oci:`` config that the home-region provider inherits (authentication only;
#: the region is the spec's). Names: pulumi-oci ``ProviderArgs``.
AUTH_SETTINGS = ("auth", "configFileProfile", "tenancyOcid", "userOcid", "fingerprint", "privateKeyPath")
_SECRET_AUTH_SETTINGS = ("privateKey", "privateKeyPassword")


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def _auth_settings() -> dict[str, Any]:
    """The authentication settings of the program's ``oci:`` config, as provider arguments."""
    config = pulumi.Config("oci")
    out: dict[str, Any] = {}
    for key in AUTH_SETTINGS:
        value = config.get(key)
        if value:
            out[_snake(key)] = value
    for key in _SECRET_AUTH_SETTINGS:
        secret = config.get_secret(key)
        if secret is not None:
            out[_snake(key)] = secret
    return out


def _check_region(spec: StackSpec) -> None:
    """One source of truth for the region: ``spec.region``; the program's ``oci:region`` must agree.

    The regional resources use the default provider, whose region is ``oci:region`` (or the OCI config
    file's); a spec saying one region while the provider deploys to another is refused here, before any
    resource exists.
    """
    configured = pulumi.Config("oci").get("region")
    if configured and configured != spec.region:
        raise SpecError(
            [
                Problem(
                    "region",
                    f"the spec says {spec.region} but the program's oci:region config is {configured}",
                    f"make them equal (pulumi config set oci:region {spec.region}), or change region",
                )
            ]
        )


class OkeStackArgs(TypedDict):
    """Arguments of :class:`OkeStack`."""

    spec: Required[StackSpecInput]
    """The whole stack spec as plain data (see ``oke-secure schema``); validated before anything is created."""
    identity_provider: NotRequired[oci.Provider]
    """OCI provider in the tenancy's home region for every IAM resource (DEP-1); default: one the stack
    creates for ``spec.home_region`` with the program's ``oci:`` authentication settings."""
    kubernetes_provider: NotRequired[k8s.Provider]
    """Kubernetes provider of the cluster: the baseline is then applied in this stack with it (a program
    that runs where the private endpoint is reachable). Default: ``kubernetes_stage`` decides (DEP-3)."""


class OkeStack(pulumi.ComponentResource):
    """A complete hardened OKE stack: network, keys, cluster, per-workload pools, access, baseline."""

    compartment_id: pulumi.Output[str]
    vcn_id: pulumi.Output[str]
    cluster_id: pulumi.Output[str]
    kubeconfig: pulumi.Output[str]
    bastion_id: pulumi.Output[str] | None
    node_pool_ids: dict[str, pulumi.Output[str]]
    api_subnet_id: pulumi.Output[str]
    """The API endpoint's subnet (the Bastion's target; ``oke-secure tunnel`` reads it)."""
    lb_nsg_id: pulumi.Output[str]
    """NSG of the internal load balancers, for the services' ``oci-network-security-groups`` annotation (NET-10)."""
    public_lb_nsg_id: pulumi.Output[str] | None
    """NSG of the public load balancers (``network.public_load_balancer``), else ``None`` (NET-10)."""
    worker_nsg_id: pulumi.Output[str]
    """NSG of the workers: the backend NSG whose rules the load balancers' controller manages (NET-10)."""
    image_signing_key_id: pulumi.Output[str]
    """The RSA key the cluster verifies image signatures with (CL-5): sign images, mirrored ones too, with it."""
    private_endpoint: pulumi.Output[str]
    """The cluster's private API endpoint, ``<ip>:6443`` (the tunnel's target and TLS server name)."""
    kubernetes_provider: k8s.Provider | None
    """The Kubernetes provider the baseline used in this stack; ``None`` when the baseline is a separate stage."""

    def __init__(self, name: str, args: OkeStackArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("OkeStack", args, OkeStackArgs)
        spec: StackSpec = parse_spec(args["spec"])  # raises SpecError before any resource exists
        _check_region(spec)
        super().__init__(token("OkeStack"), name, None, opts)
        self.spec = spec
        ftags = tags(spec.tags, **{"oke-secure-stack": name})
        prefix = spec.name
        net_spec = spec.network

        # DEP-1: IAM resources go through a provider in the tenancy's home region (Oracle, "Managing
        # Regions": IAM resources are created in the home region). An explicit provider does not read the
        # program's ``oci:`` config (Pulumi, "Providers": explicit providers take their settings from their
        # arguments and environment only), so the authentication settings are passed on.
        home = args.get("identity_provider") or oci.Provider(
            f"{name}-home-region", region=spec.identity_region, **_auth_settings(), opts=child(self)
        )
        self.identity_provider = home

        compartment = Compartment(
            f"{name}-compartment",
            {"compartment": as_input(spec.compartment), "freeform_tags": ftags, "identity_provider": home},
            child(self),
        )
        cid = compartment.compartment_id

        network = Network(
            f"{name}-network",
            {
                "compartment_id": cid,
                "network": as_input(net_spec),
                "bastion_enabled": spec.access.bastion.enabled,
                "virtual_lb_backends": bool(netrules.virtual_lb_namespaces(spec.node_pools, spec.namespaces)),
                "name_prefix": prefix,
                "freeform_tags": ftags,
            },
            child(self),
        )

        keys = Keys(
            f"{name}-keys",
            {
                "compartment_id": cid,
                "keys": as_input(spec.keys),
                "name_prefix": prefix,
                "freeform_tags": ftags,
                "identity_provider": home,
            },
            child(self),
        )

        lb_subnets: list[pulumi.Input[str]] = [network.lb_subnet_id]
        if network.public_lb_subnet_id is not None:
            lb_subnets.append(network.public_lb_subnet_id)
        cluster = Cluster(
            f"{name}-cluster",
            {
                "compartment_id": cid,
                "vcn_id": network.vcn_id,
                "api_subnet_id": network.api_subnet_id,
                "api_nsg_ids": [network.api_nsg_id],
                "lb_subnet_ids": lb_subnets,
                "cluster": as_input(spec.cluster),
                "cni": net_spec.cni,
                "pods_cidr": net_spec.pods_cidr,
                "services_cidr": net_spec.services_cidr,
                "secrets_key_id": keys.secrets_key_id,
                "image_signing_key_id": keys.image_signing_key_id,
                "name_prefix": prefix,
                "freeform_tags": ftags,
            },
            child(self),
        )

        # DEP-2, NET-10: the admission policy makes every LoadBalancer Service use NSG rule management, in
        # which the cluster's cloud controller manager creates the frontend NSG and edits its rules and the
        # backend NSG's. Oracle requires an IAM policy giving the cluster that right ("Required IAM Policies
        # for Managing Security Rules in NSGs", see iam_statements.CLUSTER_LB_NSG_GRANTS); it is narrowed to
        # this compartment (the VCN's and the load-balancer NSGs') and this cluster. It is part of the OCI
        # stage: the Kubernetes stage, where load balancers are first requested, runs after it (and, in one
        # stack, the baseline waits for it below).
        lb_nsg_policy = oci.identity.Policy(
            f"{name}-cluster-lb-nsgs",
            compartment_id=cid,
            name=f"{prefix}-cluster-lb-nsgs",
            description="oke-secure: lets the cluster manage its load balancers' security rules in NSGs (NET-10)",
            statements=pulumi.Output.all(cid, cluster.cluster_id).apply(
                lambda a: iam_statements.cluster_lb_nsg_statements(a[0], a[1])
            ),
            freeform_tags=ftags,
            opts=identity_opts(self, home),
        )

        workload_tags = WorkloadTags(
            f"{name}-workload-tags",
            {"compartment_id": cid, "name_prefix": prefix, "identity_provider": home},
            child(self),
        )
        self.node_pool_ids = {}
        endorsement: oci.identity.Policy | None = None
        if any(p.virtual is not None for p in spec.node_pools):
            # DEP-2: Oracle requires this policy in the ROOT compartment, "exactly as shown", before any
            # virtual node pool ("Required IAM Policies for Using Virtual Nodes",
            # docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengvirtualnodes-Required_IAM_Policies.htm).
            endorsement = oci.identity.Policy(
                f"{name}-virtual-nodes-endorsement",
                compartment_id=spec.tenancy_id,
                name=f"{prefix}-oke-virtual-nodes",
                description="oke-secure: lets OKE create the container instances of virtual nodes (DEP-2)",
                statements=iam_statements.virtual_node_statements(),
                freeform_tags=ftags,
                opts=identity_opts(self, home),
            )
        for pool in spec.node_pools:
            if pool.virtual is not None:
                # The spec lets a pool be virtual only with VCN-native pod networking, which has a pod subnet.
                assert network.pod_subnet_id is not None, "virtual pool without a pod subnet"
                vpool_args: VirtualNodePoolArgs = {
                    "compartment_id": cid,
                    "tenancy_id": spec.tenancy_id,
                    "cluster_id": cluster.cluster_id,
                    "pool": as_input(pool),
                    "worker_subnet_id": network.worker_subnet_id,
                    "worker_nsg_ids": [network.worker_nsg_id],
                    "pod_subnet_id": network.pod_subnet_id,
                    "pod_nsg_ids": [network.pod_nsg_id] if network.pod_nsg_id is not None else [],
                    "cni": net_spec.cni,
                    "name_prefix": prefix,
                    "freeform_tags": ftags,
                }
                if endorsement is not None:
                    vpool_args["endorsement_policy_id"] = endorsement.id
                vpool = VirtualNodePool(f"{name}-vpool-{pool.name}", vpool_args, child(self))
                self.node_pool_ids[pool.name] = vpool.virtual_node_pool_id
                continue
            pool_args: NodePoolArgs = {
                "compartment_id": cid,
                "tenancy_id": spec.tenancy_id,
                "cluster_id": cluster.cluster_id,
                "kubernetes_version": spec.pool_version(pool),
                "pool": as_input(pool),
                "worker_subnet_id": network.worker_subnet_id,
                "worker_nsg_ids": [network.worker_nsg_id],
                "cni": net_spec.cni,
                "boot_volume_key_id": keys.boot_volume_key_id,
                "tag_namespace": workload_tags.namespace_name,
                "tag_key": workload_tags.key_name,
                "name_prefix": prefix,
                "freeform_tags": ftags,
                "identity_provider": home,
            }
            if network.pod_subnet_id is not None:
                pool_args["pod_subnet_id"] = network.pod_subnet_id
                pool_args["pod_nsg_ids"] = [network.pod_nsg_id] if network.pod_nsg_id is not None else []
            np = NodePool(f"{name}-pool-{pool.name}", pool_args, child(self))
            self.node_pool_ids[pool.name] = np.node_pool_id

        HumanAccess(
            f"{name}-human-access",
            {
                "compartment_id": cid,
                "tenancy_id": spec.tenancy_id,
                "cluster_user_groups": list(spec.access.cluster_user_groups),
                "bastion_sessions": spec.access.bastion.enabled,
                "identity_provider": home,
            },
            child(self),
        )
        for ns in spec.namespaces:
            for wi in ns.workload_identity:
                WorkloadIdentity(
                    f"{name}-wi-{ns.name}-{wi.service_account}",
                    {
                        "compartment_id": cid,
                        "cluster_id": cluster.cluster_id,
                        "namespace": ns.name,
                        "service_account": wi.service_account,
                        "permissions": [as_input(p) for p in wi.permissions],
                        "name_prefix": prefix,
                        "identity_provider": home,
                    },
                    child(self),
                )
            for vs in ns.vault_secrets:
                VaultSecrets(
                    f"{name}-vault-{ns.name}-{vs.service_account}",
                    {
                        "compartment_id": cid,
                        "cluster_id": cluster.cluster_id,
                        "namespace": ns.name,
                        "vault_secrets": as_input(vs),
                        "name_prefix": prefix,
                        "freeform_tags": ftags,
                        "identity_provider": home,
                    },
                    child(self),
                )

        access = Access(
            f"{name}-access",
            {
                "compartment_id": cid,
                "target_subnet_id": network.api_subnet_id,
                "bastion": as_input(spec.access.bastion),
                "name_prefix": prefix,
                "freeform_tags": ftags,
            },
            child(self),
        )
        Registry(
            f"{name}-registry",
            {
                "compartment_id": cid,
                "tenancy_id": spec.tenancy_id,
                "registry": as_input(spec.registry),
                "mirror_repositories": spec.mirror_repositories,
                "name_prefix": prefix,
                "freeform_tags": ftags,
            },
            child(self),
        )
        detection_args: DetectionArgs = {
            "compartment_id": cid,
            "tenancy_id": spec.tenancy_id,
            "detection": as_input(spec.detection),
            "name_prefix": prefix,
            "freeform_tags": ftags,
        }
        if spec.detection.cloud_guard and spec.cloud_guard_region != spec.region:
            # Cloud Guard targets are created only from the tenancy's reporting region (DT-1).
            detection_args["provider"] = oci.Provider(
                f"{name}-cloud-guard-region", region=spec.cloud_guard_region, **_auth_settings(), opts=child(self)
            )
        Detection(f"{name}-detection", detection_args, child(self))

        # DEP-3: the Kubernetes layer of a private cluster runs where the endpoint is reachable. By default
        # it is a separate stage (stacks/baseline), fed by this stack's outputs; it is built here only when
        # the spec says so (a runner in the VCN) or a Kubernetes provider is passed in.
        self.kubernetes_provider = args.get("kubernetes_provider")
        self.baseline_inputs = baseline_inputs(spec)
        if spec.kubernetes_stage == "same" or self.kubernetes_provider is not None:
            inputs = with_load_balancer_nsgs(
                self.baseline_inputs, network.lb_nsg_id, network.public_lb_nsg_id, network.worker_nsg_id
            )
            self.kubernetes_provider = self._baseline(
                name, inputs, cluster.kubeconfig, cluster.cluster_id, self.kubernetes_provider, [lb_nsg_policy]
            )

        self.compartment_id = cid
        self.vcn_id = network.vcn_id
        self.cluster_id = cluster.cluster_id
        self.kubeconfig = pulumi.Output.secret(cluster.kubeconfig)
        self.bastion_id = access.bastion_id
        self.api_subnet_id = network.api_subnet_id
        self.lb_nsg_id = network.lb_nsg_id
        self.public_lb_nsg_id = network.public_lb_nsg_id
        self.worker_nsg_id = network.worker_nsg_id
        self.image_signing_key_id = keys.image_signing_key_id
        self.private_endpoint = cluster.private_endpoint
        self.register_outputs(
            {
                "compartment_id": self.compartment_id,
                "vcn_id": self.vcn_id,
                "cluster_id": self.cluster_id,
                "kubeconfig": self.kubeconfig,
                "bastion_id": self.bastion_id,
                "api_subnet_id": self.api_subnet_id,
                "lb_nsg_id": self.lb_nsg_id,
                "public_lb_nsg_id": self.public_lb_nsg_id,
                "worker_nsg_id": self.worker_nsg_id,
                "image_signing_key_id": self.image_signing_key_id,
                "private_endpoint": self.private_endpoint,
            }
        )

    def _baseline(
        self,
        name: str,
        inputs: KubernetesBaselineArgs,
        kubeconfig: pulumi.Output[str],
        cluster_id: pulumi.Output[str],
        provider: k8s.Provider | None,
        prerequisites: list[pulumi.Resource],
    ) -> k8s.Provider:
        """The Kubernetes baseline in this stack (``kubernetes_stage: same``), after ``prerequisites`` (the
        cluster's load-balancer NSG policy: the baseline is where LoadBalancer Services are admitted);
        returns its provider."""
        inputs = {**inputs}
        if provider is not None:
            inputs["provider"] = provider
        else:
            inputs["kubeconfig"] = kubeconfig
            inputs["cluster_id"] = cluster_id
        baseline = KubernetesBaseline(f"{name}-baseline", inputs, child(self, depends_on=prerequisites))
        return baseline.provider


def with_load_balancer_nsgs(
    inputs: KubernetesBaselineArgs,
    lb_nsg_id: pulumi.Input[str],
    public_lb_nsg_id: pulumi.Input[str] | None,
    worker_nsg_id: pulumi.Input[str],
) -> KubernetesBaselineArgs:
    """``inputs`` plus the NSGs a ``LoadBalancer`` Service must name (NET-10), in either stage: the
    load-balancer NSG (and the public one, when the network has it) to attach, the worker NSG as the
    backend NSG the cloud controller adds its rules to."""
    out: KubernetesBaselineArgs = {**inputs}
    out["lb_nsg_ids"] = [lb_nsg_id] + ([public_lb_nsg_id] if public_lb_nsg_id is not None else [])
    out["backend_nsg_ids"] = [worker_nsg_id]
    return out


def baseline_inputs(spec: StackSpec) -> KubernetesBaselineArgs:
    """The KubernetesBaseline arguments a spec gives (all but the provider): the same in either stage (DEP-3)."""
    out: KubernetesBaselineArgs = {
        "namespaces": [as_input(n) for n in spec.namespaces],
        "node_pools": [as_input(p) for p in spec.node_pools],
        "allowed_registries": spec.allowed_registries,
        "cni": spec.network.cni,
        "kubernetes_version": spec.cluster.kubernetes_version,
        "public_load_balancer": spec.network.public_load_balancer is not None,
        "name_prefix": spec.name,
        "region": spec.region,
        "api_endpoint_cidr": spec.network.subnets.api_endpoint,
        "default_namespace": as_input(spec.default_namespace),
    }
    if spec.access.break_glass_group:
        out["break_glass_group"] = spec.access.break_glass_group
    out["pods_cidr"] = spec.network.pods_cidr
    out["internet_egress"] = spec.network.internet_egress
    if spec.registry.mirror:
        out["image_mirror"] = spec.registry.mirror
    if spec.registry.mirror_pull_secret:
        out["image_pull_secret"] = spec.registry.mirror_pull_secret
    return out
