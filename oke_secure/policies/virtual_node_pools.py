"""Policies on OKE virtual node pools (NP-1, NP-5, CL-1).

Virtual pools are checked for what applies to them; the managed-pool policies of
``node_pools.py`` (NP-2, NP-3, NP-4, NP-6, NET-7's cloud-init rule) look at managed pools only, on
purpose: ``oke_secure.builders.virtual_nodes.NOT_APPLICABLE`` says why each does not apply to virtual nodes.
NET-2 for virtual pools (placement and pod subnets private) is checked by ``oke-node-subnets-private``.
"""

from __future__ import annotations

from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, StackValidationArgs

from oke_secure.builders import virtual_nodes
from oke_secure.policies import types as T
from oke_secure.policies._base import (
    ADVISORY,
    Report,
    StackIndex,
    StackReport,
    deciding,
    get,
    resource_policy,
    stack_policy,
)


def _labels(props: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in get(props, "initialVirtualNodeLabels", []) or []:
        key, value = get(item, "key"), get(item, "value")
        if isinstance(key, str):
            out[key] = value if isinstance(value, str) else ""
    return out


@resource_policy(
    name="oke-virtual-pool-dedicated",
    controls=["NP-1"],
    types=[T.VIRTUAL_NODE_POOL],
    description="Every virtual node pool is dedicated to one workload: a node label and the matching "
    "NoSchedule taint (same key and value) in its own taints field.",
    remediation="Add initial_virtual_node_labels <key>=<workload> (e.g. dedicated=<workload>) and taints "
    "[{key: <key>, value: <workload>, effect: NoSchedule}].",
)
def virtual_pool_dedicated(args: ResourceValidationArgs, report: Report) -> None:
    node_labels = _labels(args.props)
    taints = get(args.props, "taints")
    if any(virtual_nodes.has_taint(taints, k, v) for k, v in node_labels.items()):
        return
    if not node_labels:
        report("the virtual node pool carries no node label with a matching taint: it is not dedicated (NP-1)")
        return
    shown = ", ".join(f"{k}={v}" for k, v in sorted(node_labels.items()))
    report(
        f"the virtual pool is labelled {shown} but no taint in taints has the same key and value with "
        "effect NoSchedule, so any pod can schedule there (NP-1)"
    )


@stack_policy(
    name="oke-virtual-pool-vcn-native",
    controls=["CL-1"],
    description="Virtual node pools belong to enhanced clusters with VCN-native pod networking.",
    remediation="Set the cluster's type='ENHANCED_CLUSTER' and cluster_pod_network_options "
    f"[{{cni_type: {virtual_nodes.VCN_NATIVE}}}]; virtual nodes support no flannel overlay.",
)
def virtual_pool_vcn_native(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    for pool in index.of_type(T.VIRTUAL_NODE_POOL):
        with deciding(pool):
            _judge_virtual_pool(index, pool, report)


def _judge_virtual_pool(index: StackIndex, pool: PolicyResource, report: StackReport) -> None:
    for cluster in index.refs(pool, "clusterId", T.CLUSTER):
        if get(cluster.props, "type") != "ENHANCED_CLUSTER":
            report(
                f"virtual node pool {pool.name} belongs to cluster {cluster.name}, which is not an "
                "ENHANCED_CLUSTER (CL-1)",
                pool.urn,
            )
        cnis = [get(o, "cniType") for o in get(cluster.props, "clusterPodNetworkOptions", []) or []]
        if virtual_nodes.VCN_NATIVE not in cnis:
            report(
                f"virtual node pool {pool.name} belongs to cluster {cluster.name}, whose pod networking "
                f"is not {virtual_nodes.VCN_NATIVE} (flannel or unset): virtual nodes need VCN-native "
                "pod networking (CL-1)",
                pool.urn,
            )


@resource_policy(
    name="oke-virtual-pool-cycling",
    controls=["NP-5"],
    types=[T.VIRTUAL_NODE_POOL],
    enforcement=ADVISORY,
    description="Virtual node cycling is on, so updates roll the virtual nodes.",
    remediation="Set virtual_node_pool_cycling_details.is_virtual_node_cycling_enabled=true.",
)
def virtual_pool_cycling(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "virtualNodePoolCyclingDetails.isVirtualNodeCyclingEnabled") is not True:
        report(
            "virtual node cycling is off (virtual_node_pool_cycling_details.is_virtual_node_cycling_enabled), "
            "so updates do not roll the virtual nodes (NP-5)"
        )
