"""NodePool: one OKE managed node pool per workload, with its own narrowly scoped identity.

Builds NP-1 (workload label + kubelet taint through cloud-init, so only that workload schedules there),
NP-2 (legacy IMDS v1 off), NP-3 (in-transit volume encryption, boot volumes under a customer key),
NP-4 (no SSH key unless declared, with its reason in a tag), NP-5 (node cycling for patching), NP-6
(preemptible capacity only in a pool of its own, tainted), NET-7 (containers blocked from instance
metadata by an iptables rule in cloud-init; only a pool declared to need instance principals skips it,
and that pool is dedicated to its workload) and IAM-3 (a defined tag on the pool's instances, a dynamic
group matching that tag in the cluster compartment, and a policy with only the declared grants).

The dynamic group and its policy depend on the compartment and the tag only, never on the cluster, so
IAM is created while the control plane is still coming up.
"""

from typing import Any, NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.builders import cloud_init, iam_statements, labels
from oke_secure.components._common import check_args, child, exception_tags, identity_opts, name_prefix, tags, token
from oke_secure.components._validate import validated, validated_value
from oke_secure.spec import Cni, KubeVersion, NodePoolSpec
from oke_secure.spec.errors import Problem, SpecError
from oke_secure.spec.inputs import NodePoolSpecInput

_CNI_TYPES = {"flannel": "FLANNEL_OVERLAY", "vcn-native": "OCI_VCN_IP_NATIVE"}
#: Nodes added / removed at a time when cycling (NP-5): one extra node, never one fewer.
MAX_SURGE = "1"
MAX_UNAVAILABLE = "0"


class NodePoolArgs(TypedDict):
    """Arguments of :class:`NodePool`."""

    compartment_id: Required[pulumi.Input[str]]
    """OCID of the cluster compartment; the pool, its instances and its policy live there."""
    tenancy_id: Required[pulumi.Input[str]]
    """OCID of the tenancy (dynamic groups live there; availability domains are listed there)."""
    cluster_id: Required[pulumi.Input[str]]
    """OCID of the cluster; only the OCI node pool depends on it."""
    kubernetes_version: Required[str]
    """The pool's resolved Kubernetes version, e.g. ``v1.33.1``."""
    pool: Required[NodePoolSpecInput]
    """The pool spec (NodePoolSpec fields: name, system, shape, size, permissions, instance_principal...)."""
    worker_subnet_id: Required[pulumi.Input[str]]
    """Private worker subnet (regional); nodes are spread across its availability domains."""
    worker_nsg_ids: NotRequired[list[pulumi.Input[str]]]
    """Network security groups of the workers."""
    pod_subnet_id: NotRequired[pulumi.Input[str]]
    """Private pod subnet; required with VCN-native pod networking."""
    pod_nsg_ids: NotRequired[list[pulumi.Input[str]]]
    """Network security groups of the pods (VCN-native pod networking)."""
    cni: NotRequired[str]
    """Pod networking of the cluster: ``vcn-native`` (default) or ``flannel``."""
    boot_volume_key_id: Required[pulumi.Input[str]]
    """Vault key that encrypts the boot volumes (NP-3)."""
    tag_namespace: Required[pulumi.Input[str]]
    """Name of the defined tag namespace of the workload tag (see WorkloadTags)."""
    tag_key: Required[pulumi.Input[str]]
    """Name of the workload tag key (see WorkloadTags)."""
    name_prefix: NotRequired[str]
    """Prefix of display names (default: the component's name)."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags on every resource."""
    identity_provider: NotRequired[oci.Provider]
    """OCI provider in the tenancy's home region for the IAM resources (DEP-1); default: the default provider."""


def _wiring_problems(pool: NodePoolSpec, args: NodePoolArgs, cni: str) -> list[Problem]:
    """What this component's own arguments get wrong; the pool's rules are the spec's (NodePoolSpec)."""
    out: list[Problem] = []
    if pool.virtual is not None:
        out.append(
            Problem(
                "pool.virtual",
                "a virtual pool has no instances for a managed NodePool to build",
                "build it with VirtualNodePool (components/virtual_node_pool.py)",
            )
        )
    if cni == "vcn-native" and args.get("pod_subnet_id") is None:
        out.append(
            Problem(
                "pod_subnet_id",
                "VCN-native pod networking needs a pod subnet",
                "pass the private pod subnet's id, or use cni: flannel",
            )
        )
    return out


def _field(obj: Any, snake: str, camel: str) -> Any:
    """A field of an invoke result, typed (attribute) or raw (dict, as under mocks)."""
    if isinstance(obj, dict):
        return obj.get(snake, obj.get(camel))
    return getattr(obj, snake, None)


def pool_taints(pool: NodePoolSpec) -> list[str]:
    """Taints the kubelet registers the pool's nodes with (NP-1, NP-6); a system pool is tainted for
    cluster add-ons only (``CriticalAddonsOnly``, which CoreDNS and Calico tolerate)."""
    if pool.system:
        return [labels.system_taint()]
    out = [labels.workload_taint(pool.name)]
    if pool.preemptible:
        out.append(labels.preemptible_taint())
    return out


def pool_labels(pool: NodePoolSpec) -> dict[str, str]:
    """Node labels of the pool: the workload (or system) label, preemptible, then the declared extras."""
    out = {labels.SYSTEM_LABEL: "true"} if pool.system else {labels.WORKLOAD_KEY: pool.name}
    if pool.preemptible:
        out[labels.PREEMPTIBLE_KEY] = "true"
    return {**pool.labels, **out}


def pool_user_data(pool: NodePoolSpec) -> str:
    """The pool's cloud-init (plain text): metadata block unless instance principals are declared, taints."""
    return cloud_init.render(taints=pool_taints(pool), block_metadata=pool.instance_principal is None)


class NodePool(pulumi.ComponentResource):
    """A managed node pool dedicated to one workload, with its own dynamic group and narrow policy."""

    node_pool_id: pulumi.Output[str]
    """OCID of the node pool."""
    dynamic_group_id: pulumi.Output[str]
    """OCID of the pool's own dynamic group (IAM-3)."""
    policy_id: pulumi.Output[str] | None
    """OCID of the pool's policy; ``None`` when the pool declares no permissions."""

    def __init__(self, name: str, args: NodePoolArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("NodePool", args, NodePoolArgs)
        pool = validated(NodePoolSpec, args.get("pool"), "pool")  # fails before any child exists
        version = validated_value(KubeVersion, args.get("kubernetes_version"), "kubernetes_version")
        cni = validated_value(Cni, args.get("cni", "vcn-native"), "cni")
        problems = _wiring_problems(pool, args, cni)
        if problems:
            raise SpecError(problems)
        super().__init__(token("NodePool"), name, None, opts)
        prefix = name_prefix(args, name)
        display = f"{prefix}-{pool.name}"
        compartment_id = pulumi.Output.from_input(args["compartment_id"])
        tenancy_id = args["tenancy_id"]
        ftags = tags(args.get("freeform_tags"), **{"oke-secure-pool": pool.name})

        # Identity (IAM-3): independent of the cluster.
        rule = pulumi.Output.all(compartment_id, args["tag_namespace"], args["tag_key"]).apply(
            lambda a: iam_statements.pool_matching_rule(a[0], a[1], a[2], pool.name)
        )
        group = oci.identity.DynamicGroup(
            f"{name}-dg",
            compartment_id=tenancy_id,
            name=display,
            description=f"oke-secure: instances of node pool {pool.name} only (IAM-3)",
            matching_rule=rule,
            freeform_tags=ftags,
            opts=identity_opts(self, args.get("identity_provider")),
        )
        self.dynamic_group_id = group.id
        self.policy_id = None
        if pool.permissions:
            statements = pulumi.Output.all(group.id, compartment_id).apply(
                lambda a: iam_statements.pool_statements(a[0], a[1], pool.permissions)
            )
            policy = oci.identity.Policy(
                f"{name}-policy",
                compartment_id=compartment_id,
                name=f"{display}-instances",
                description=f"oke-secure: the declared grants of node pool {pool.name} (IAM-3)",
                statements=statements,
                freeform_tags=ftags,
                opts=identity_opts(self, args.get("identity_provider")),
            )
            self.policy_id = policy.id

        # Image and placement.
        invoke = pulumi.InvokeOutputOptions(parent=self)
        option = oci.containerengine.get_node_pool_option_output(
            node_pool_option_id="all", compartment_id=compartment_id, node_pool_k8s_version=version, opts=invoke
        )
        image_id = option.sources.apply(
            lambda sources: cloud_init.choose_image(
                [
                    {
                        "source_name": _field(s, "source_name", "sourceName"),
                        "image_id": _field(s, "image_id", "imageId"),
                    }
                    for s in sources or []
                ],
                version,
            )
        )
        ads = oci.identity.get_availability_domains_output(compartment_id=tenancy_id, opts=invoke)
        preemptible: dict[str, Any] | None = (
            {"preemption_action": {"type": "TERMINATE", "is_preserve_boot_volume": False}} if pool.preemptible else None
        )
        placements = pulumi.Output.all(ads.availability_domains, args["worker_subnet_id"]).apply(
            lambda a: [
                {
                    "availability_domain": _field(ad, "name", "name"),
                    "subnet_id": a[1],
                    **({"preemptible_node_config": preemptible} if preemptible else {}),
                }
                for ad in a[0]
            ]
        )
        node_tags = pulumi.Output.all(args["tag_namespace"], args["tag_key"]).apply(
            lambda a: {f"{a[0]}.{a[1]}": pool.name}
        )

        network: dict[str, Any] = {"cni_type": _CNI_TYPES[cni]}
        if cni == "vcn-native":
            network["pod_subnet_ids"] = [args["pod_subnet_id"]]
            network["pod_nsg_ids"] = list(args.get("pod_nsg_ids") or [])

        exceptions = exception_tags(
            {
                "NP-4": pool.ssh.reason if pool.ssh else None,
                "NET-7": pool.instance_principal.reason if pool.instance_principal else None,
            }
        )
        node_config: Any = {
            "placement_configs": placements,
            "size": pool.size,
            "is_pv_encryption_in_transit_enabled": True,
            "kms_key_id": args["boot_volume_key_id"],
            "nsg_ids": list(args.get("worker_nsg_ids") or []),
            "defined_tags": node_tags,
            "freeform_tags": {**ftags, **exceptions},
            "node_pool_pod_network_option_details": network,
        }
        shape_config: Any = (
            {"ocpus": pool.ocpus, "memory_in_gbs": pool.memory_gbs} if pool.shape.endswith(".Flex") else None
        )
        source: Any = {
            "source_type": "IMAGE",
            "image_id": image_id,
            "boot_volume_size_in_gbs": str(pool.boot_volume_gbs),
        }
        cycling: Any = {
            "is_node_cycling_enabled": True,
            "maximum_surge": MAX_SURGE,
            "maximum_unavailable": MAX_UNAVAILABLE,
        }
        cluster_id: Any = args["cluster_id"]
        node_labels: Any = [{"key": k, "value": v} for k, v in pool_labels(pool).items()]
        node_pool = oci.containerengine.NodePool(
            f"{name}-pool",
            cluster_id=cluster_id,
            compartment_id=compartment_id,
            name=display,
            kubernetes_version=version,
            node_shape=pool.shape,
            node_shape_config=shape_config,
            node_source_details=source,
            node_config_details=node_config,
            initial_node_labels=node_labels,
            node_metadata={
                "areLegacyImdsEndpointsDisabled": "true",
                "user_data": cloud_init.encode(pool_user_data(pool)),
            },
            node_pool_cycling_details=cycling,
            ssh_public_key=pool.ssh.public_key if pool.ssh else None,
            freeform_tags={**ftags, **exceptions},
            opts=child(self),
        )
        self.node_pool_id = node_pool.id
        self.register_outputs(
            {
                "node_pool_id": self.node_pool_id,
                "dynamic_group_id": self.dynamic_group_id,
                "policy_id": self.policy_id,
            }
        )
