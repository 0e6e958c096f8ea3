"""VirtualNodePool: one OKE virtual node pool per workload, beside the managed NodePool.

Virtual nodes exist only in enhanced clusters with VCN-native pod networking (the spec and this
component refuse anything else). The pool sits in the private worker subnet with the worker NSGs, its
pods in the private pod subnet with the pod NSGs (NET-2); it carries the workload's label and taint in
its own ``taints`` field, so only that workload's pods schedule there (NP-1); virtual node cycling
rolls updates (NP-5). Its identity is the workload's namespace workload identity (IAM-4): there is no
instance, so no dynamic group and no instance principal.

Controls that do not apply (``oke_secure.builders.virtual_nodes.NOT_APPLICABLE``): NP-2 (no instance metadata
service of yours), NP-3 (no boot volume of yours), NP-4 (no SSH), NP-6 (no preemptible capacity),
NET-7's node-level iptables rule (no cloud-init) and IAM-3 (no instances to group). The pool records
them in the freeform tag ``oke-secure-not-applicable``.
"""

from typing import Any, NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.builders import virtual_nodes
from oke_secure.components._common import check_args, child, name_prefix, tags, token
from oke_secure.components._validate import validated, validated_value
from oke_secure.spec import Cni, NodePoolSpec, VirtualNodes, virtual_cni_problems
from oke_secure.spec.errors import Problem, SpecError
from oke_secure.spec.inputs import NodePoolSpecInput
from oke_secure.spec.types import prefixed

#: Virtual nodes added / removed at a time when cycling (NP-5): one extra, never one fewer.
MAX_SURGE = "1"
MAX_UNAVAILABLE = "0"


class VirtualNodePoolArgs(TypedDict):
    """Arguments of :class:`VirtualNodePool`."""

    compartment_id: Required[pulumi.Input[str]]
    """OCID of the cluster compartment; the virtual pool lives there."""
    tenancy_id: Required[pulumi.Input[str]]
    """OCID of the tenancy (availability domains are listed there)."""
    cluster_id: Required[pulumi.Input[str]]
    """OCID of the enhanced, VCN-native cluster."""
    pool: Required[NodePoolSpecInput]
    """The pool spec (NodePoolSpec fields: name, size, labels, namespaces, virtual: {pod_shape})."""
    worker_subnet_id: Required[pulumi.Input[str]]
    """Private worker subnet (regional); virtual nodes are spread across its availability domains."""
    worker_nsg_ids: NotRequired[list[pulumi.Input[str]]]
    """Network security groups of the virtual nodes' VNICs."""
    pod_subnet_id: Required[pulumi.Input[str]]
    """Private pod subnet (VCN-native pod networking)."""
    pod_nsg_ids: NotRequired[list[pulumi.Input[str]]]
    """Network security groups of the pods' VNICs."""
    cni: NotRequired[str]
    """Pod networking of the cluster; must be ``vcn-native`` (the default)."""
    endorsement_policy_id: NotRequired[pulumi.Input[str]]
    """OCID of the root-compartment policy with the virtual-node ``define``/``endorse`` statements
    (:func:`oke_secure.builders.iam_statements.virtual_node_statements`); the pool waits for it (DEP-2).
    Oracle requires it "in all circumstances" before virtual nodes can be created."""
    name_prefix: NotRequired[str]
    """Prefix of display names (default: the component's name)."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags on the pool and its virtual nodes."""


def _problems(args: VirtualNodePoolArgs, cni: str) -> list[Problem]:
    """The cluster-side rule (``virtual_cni_problems``, shared with the stack) and this component's wiring."""
    out = prefixed("pool", virtual_cni_problems(cni))
    if args.get("pod_subnet_id") is None:
        out.append(
            Problem(
                "pod_subnet_id",
                "virtual nodes need a pod subnet (VCN-native pod networking)",
                "pass the private pod subnet's id",
            )
        )
    return out


def _ad_names(ads: Any) -> list[str]:
    out = []
    for ad in ads or []:
        name = ad.get("name") if isinstance(ad, dict) else getattr(ad, "name", None)
        if name:
            out.append(str(name))
    return out


class VirtualNodePool(pulumi.ComponentResource):
    """An OKE virtual node pool dedicated to one workload: private subnets and NSGs, workload taint."""

    virtual_node_pool_id: pulumi.Output[str]
    """OCID of the virtual node pool."""

    def __init__(self, name: str, args: VirtualNodePoolArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("VirtualNodePool", args, VirtualNodePoolArgs)
        raw = dict(args.get("pool") or {})
        raw.setdefault("virtual", {})
        pool = validated(NodePoolSpec, raw, "pool")  # fails before any child exists
        problems = _problems(args, validated_value(Cni, args.get("cni", "vcn-native"), "cni"))
        if problems:
            raise SpecError(problems)
        super().__init__(token("VirtualNodePool"), name, None, opts)
        prefix = name_prefix(args, name)
        virtual = pool.virtual or VirtualNodes()
        ftags = tags(args.get("freeform_tags"), **{"oke-secure-pool": pool.name}, **virtual_nodes.not_applicable_tag())

        ads = oci.identity.get_availability_domains_output(
            compartment_id=args["tenancy_id"], opts=pulumi.InvokeOutputOptions(parent=self)
        )
        placements: Any = pulumi.Output.all(ads.availability_domains, args["worker_subnet_id"]).apply(
            lambda a: virtual_nodes.placements(_ad_names(a[0]), a[1])
        )
        pod_configuration: Any = {
            "subnet_id": args["pod_subnet_id"],
            "shape": virtual.pod_shape,
            "nsg_ids": list(args.get("pod_nsg_ids") or []),
        }
        node_labels: Any = [
            {"key": k, "value": v} for k, v in virtual_nodes.node_labels(pool.name, pool.labels).items()
        ]
        pool_taints: Any = virtual_nodes.taints(pool.name)
        cycling: Any = {
            "is_virtual_node_cycling_enabled": True,
            "maximum_surge": MAX_SURGE,
            "maximum_unavailable": MAX_UNAVAILABLE,
        }
        node_tags: Any = {"freeform_tags": ftags}
        # DEP-2: the pool is created only after the endorsement (Oracle, "Required IAM Policies for Using
        # Virtual Nodes", contengvirtualnodes-Required_IAM_Policies.htm); the dependency rides on cluster_id.
        cluster_id: Any = args["cluster_id"]
        if "endorsement_policy_id" in args:
            cluster_id = pulumi.Output.all(cluster_id, args["endorsement_policy_id"]).apply(lambda a: str(a[0]))
        vpool = oci.containerengine.VirtualNodePool(
            f"{name}-pool",
            cluster_id=cluster_id,
            compartment_id=args["compartment_id"],
            display_name=f"{prefix}-{pool.name}",
            size=pool.size,
            placement_configurations=placements,
            nsg_ids=list(args.get("worker_nsg_ids") or []),
            pod_configuration=pod_configuration,
            initial_virtual_node_labels=node_labels,
            taints=pool_taints,
            virtual_node_pool_cycling_details=cycling,
            virtual_node_tags=node_tags,
            freeform_tags=ftags,
            opts=child(self),
        )
        self.virtual_node_pool_id = vpool.id
        self.register_outputs({"virtual_node_pool_id": self.virtual_node_pool_id})
