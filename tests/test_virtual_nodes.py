"""Virtual node pools (issue 11): built beside managed pools, refused on flannel, checked by the pack.

Controls: CL-1 (enhanced + VCN-native), NET-2 (private worker and pod subnets), NP-1 (workload label
and taint), NP-5 (cycling), IAM-4 (workload identity instead of an instance principal), and the node
controls that do not apply to virtual nodes (NP-2, NP-3, NP-4, NP-6, NET-7's cloud-init rule, IAM-3).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from oke_secure.builders import labels, virtual_nodes
from oke_secure.components.node_pool import NodePool
from oke_secure.components.virtual_node_pool import VirtualNodePool
from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.evaluate import Report, evaluate
from oke_secure.offline.preview import waivers_of
from oke_secure.policies import CONTROLS_OF
from oke_secure.policies import types as T
from oke_secure.policies._base import TYPES_OF
from oke_secure.spec import CONFIG_KEY, parse_spec
from oke_secure.spec.controls import BY_ID
from oke_secure.spec.errors import SpecError
from tests.conftest import STACKS, example_spec

STACK = "prod-virtual"


@pytest.fixture(scope="module")
def run() -> tuple[dict[str, Any], Capture, Report]:
    spec = example_spec(STACK)
    cap = run_program(STACKS, stack=spec["name"], config={CONFIG_KEY: spec}, region=spec["region"])
    return spec, cap, evaluate(cap.resources, waivers=waivers_of(parse_spec(spec)))


def _by_name(cap: Capture, type_: str, name: str) -> Any:
    found = [r for r in cap.by_type(type_) if r.name == name]
    assert len(found) == 1, [r.name for r in cap.by_type(type_)]
    return found[0]


# The example stack -------------------------------------------------------------------------------


def test_virtual_pool_stack_previews_clean_on_vcn_native_enhanced_cluster(run: Any) -> None:
    """CL-1: the example with a virtual pool renders on an ENHANCED, OCI_VCN_IP_NATIVE cluster with zero
    mandatory and advisory violations, and the virtual-pool policies really ran."""
    spec, cap, report = run
    assert spec["network"]["cni"] == "vcn-native"
    (cluster,) = cap.by_type(T.CLUSTER)
    assert cluster.inputs["type"] == "ENHANCED_CLUSTER"
    assert cluster.inputs["clusterPodNetworkOptions"] == [{"cniType": virtual_nodes.VCN_NATIVE}]
    assert len(cap.by_type(T.VIRTUAL_NODE_POOL)) == 1
    for name in ("oke-virtual-pool-dedicated", "oke-virtual-pool-vcn-native", "oke-virtual-pool-cycling"):
        assert name in report.policies
    assert report.violations == [], [v.message for v in report.violations]


def test_virtual_pool_in_private_worker_and_pod_subnets_with_their_nsgs(run: Any) -> None:
    """NET-2: placements in the private worker subnet, pods in the private pod subnet, each with its NSG."""
    _, cap, _ = run
    pool = _by_name(cap, T.VIRTUAL_NODE_POOL, "prodv-vpool-api-pool")
    subnets = {r.id: r for r in cap.by_type(T.SUBNET)}
    nsgs = {r.id: r for r in cap.by_type(T.NSG)}
    placements = pool.inputs["placementConfigurations"]
    assert len(placements) == 3 and all(p["faultDomains"] for p in placements)
    worker = subnets[placements[0]["subnetId"]]
    pod = subnets[pool.inputs["podConfiguration"]["subnetId"]]
    assert worker.name == "prodv-network-workers-subnet" and pod.name == "prodv-network-pods-subnet"
    for subnet in (worker, pod):
        assert subnet.inputs["prohibitPublicIpOnVnic"] is True
        assert subnet.inputs["prohibitInternetIngress"] is True
    assert [nsgs[i].name for i in pool.inputs["nsgIds"]] == ["prodv-network-workers-nsg"]
    assert [nsgs[i].name for i in pool.inputs["podConfiguration"]["nsgIds"]] == ["prodv-network-pods-nsg"]
    assert pool.inputs["podConfiguration"]["shape"] == "Pod.Standard.E4.Flex"


def test_virtual_pool_carries_workload_label_taint_and_cycling(run: Any) -> None:
    """NP-1 through the pool's own taints field; NP-5 cycling one node at a time, never one fewer."""
    _, cap, _ = run
    pool = _by_name(cap, T.VIRTUAL_NODE_POOL, "prodv-vpool-api-pool")
    assert pool.inputs["taints"] == [{"key": labels.WORKLOAD_KEY, "value": "api", "effect": "NoSchedule"}]
    node_labels = {i["key"]: i["value"] for i in pool.inputs["initialVirtualNodeLabels"]}
    assert node_labels == {labels.WORKLOAD_KEY: "api", "tier": "backend"}
    assert pool.inputs["virtualNodePoolCyclingDetails"] == {
        "isVirtualNodeCyclingEnabled": True,
        "maximumSurge": "1",
        "maximumUnavailable": "0",
    }
    assert pool.inputs["freeformTags"][virtual_nodes.NOT_APPLICABLE_TAG] == "IAM-3,NET-7,NP-2,NP-3,NP-4,NP-6"


def test_virtual_pool_identity_is_workload_identity_not_an_instance_principal(run: Any) -> None:
    """IAM-4 (and IAM-3 n/a): no dynamic group for the virtual pool; its namespace's grant carries the four
    workload conditions."""
    _, cap, _ = run
    groups = [r.inputs["name"] for r in cap.by_type(T.DYNAMIC_GROUP)]
    assert "prodv-api" not in groups and "prodv-web" in groups
    policy = _by_name(cap, T.IAM_POLICY, "prodv-wi-api-api-backend-policy")
    (stmt,) = policy.inputs["statements"]
    assert "request.principal.namespace = 'api'" in stmt
    assert "request.principal.service_account = 'api-backend'" in stmt
    assert "request.principal.cluster_id = 'ocid1.cluster." in stmt


def test_virtual_pool_id_is_a_stack_output(run: Any) -> None:
    _, cap, _ = run
    assert set(cap.outputs["node_pool_ids"].value) == {"system", "log-archiver", "host-monitor", "web", "api"}


# Refusals ----------------------------------------------------------------------------------------


def _with_virtual_pool(**net: Any) -> dict[str, Any]:
    spec = copy.deepcopy(example_spec("prod"))
    spec["network"].update(net)
    spec["node_pools"].append({"name": "api", "virtual": {}, "namespaces": ["web"]})
    return spec


def test_virtual_pool_is_refused_on_flannel_with_a_clear_message() -> None:
    """CL-1: virtual nodes support VCN-native pod networking only; the spec names the field and the fix."""
    with pytest.raises(SpecError) as info:
        parse_spec(_with_virtual_pool(cni="flannel"))
    (problem,) = [p for p in info.value.problems if p.field == "node_pools[4].virtual"]
    assert "VCN-native" in problem.message and "flannel" in problem.message and "(CL-1)" in problem.message
    assert "network.cni: vcn-native" in problem.fix
    assert parse_spec(_with_virtual_pool()).node_pools[4].virtual is not None


@pytest.mark.parametrize(
    "field,value",
    [
        ("ssh", {"public_key": "ssh-ed25519 AAAAC3Nz ops@example", "reason": "Break-fix access for the on-call."}),
        ("instance_principal", {"reason": "The agent authenticates with instance principals."}),
        ("preemptible", True),
        ("kubernetes_version", "v1.32.1"),
    ],
)
def test_node_fields_that_do_not_apply_to_virtual_pools_are_refused(field: str, value: Any) -> None:
    """NP-4, NET-7/IAM-3 (instance principals), NP-6, CL-6: refused rather than silently ignored."""
    spec = _with_virtual_pool()
    spec["node_pools"][4][field] = value
    with pytest.raises(SpecError) as info:
        parse_spec(spec)
    assert f"node_pools[4].{field}" in [p.field for p in info.value.problems]


def _component_args(**over: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "compartment_id": "c",
        "tenancy_id": "t",
        "cluster_id": "k",
        "pool": {"name": "api", "virtual": {}},
        "worker_subnet_id": "w",
        "pod_subnet_id": "p",
    }
    args.update(over)
    return args


def test_component_refuses_flannel_and_missing_pod_subnet_before_any_resource() -> None:
    """CL-1: the component validates before registering anything (no Pulumi runtime needed to fail)."""
    with pytest.raises(SpecError) as info:
        VirtualNodePool("v", _component_args(cni="flannel", pod_subnet_id=None))  # type: ignore[arg-type]
    assert {p.field for p in info.value.problems} == {"pool.virtual", "pod_subnet_id"}


def test_managed_node_pool_component_refuses_a_virtual_pool() -> None:
    args = {
        "compartment_id": "c",
        "tenancy_id": "t",
        "cluster_id": "k",
        "kubernetes_version": "v1.33.1",
        "pool": {"name": "api", "virtual": {}},
        "worker_subnet_id": "w",
        "pod_subnet_id": "p",
        "boot_volume_key_id": "k",
        "tag_namespace": "n",
        "tag_key": "k",
    }
    with pytest.raises(SpecError) as info:
        NodePool("n", args)  # type: ignore[arg-type]
    assert "pool.virtual" in [p.field for p in info.value.problems]


# What does not apply, and the policies that know it ----------------------------------------------


def test_not_applicable_controls_are_known_and_explained() -> None:
    for cid, reason in virtual_nodes.NOT_APPLICABLE.items():
        assert cid in BY_ID and len(reason) > 40


def test_not_applicable_controls_are_reported_on_virtual_pools_not_silent(run: Any) -> None:
    """NP-2, NP-3, NP-4, NP-6, NET-7: the managed-pool policies answer "not applicable" (the SDK's own
    result, which the Pulumi CLI shows too) for the virtual pool, with the reason, instead of passing it
    silently or firing on fields a virtual pool cannot have."""
    _, cap, report = run
    (pool,) = cap.by_type(T.VIRTUAL_NODE_POOL)
    answered = {v.controls[0]: v.message for v in report.not_applicable if v.urn == pool.urn}
    assert set(answered) == {"NP-2", "NP-3", "NP-4", "NP-6", "NET-7"}
    for cid, message in answered.items():
        assert virtual_nodes.NOT_APPLICABLE[cid] in message
    assert not [v for v in report.violations if v.urn == pool.urn]
    assert all(v.type == T.VIRTUAL_NODE_POOL for v in report.not_applicable)


def test_what_applies_to_virtual_pools_is_checked_on_them() -> None:
    """NP-1 and NP-5 have virtual-pool policies; CL-6 and IAM-1 policies include virtual pools."""
    virtual = {n for n, types in TYPES_OF.items() if T.VIRTUAL_NODE_POOL in types}
    assert {
        "oke-virtual-pool-dedicated",
        "oke-virtual-pool-cycling",
        "oke-not-in-tenancy-root",
        "oke-kubernetes-version-floor",
    } <= virtual
    assert set(CONTROLS_OF["oke-virtual-pool-vcn-native"]) == {"CL-1"}


def test_virtual_nodes_pure_builders() -> None:
    assert virtual_nodes.taints("api") == [{"key": labels.WORKLOAD_KEY, "value": "api", "effect": "NoSchedule"}]
    assert virtual_nodes.node_labels("api", {labels.WORKLOAD_KEY: "x", "a": "b"}) == {
        labels.WORKLOAD_KEY: "api",
        "a": "b",
    }
    assert virtual_nodes.placements(["AD-1", "AD-2"], "s") == [
        {"availability_domain": ad, "fault_domains": list(virtual_nodes.FAULT_DOMAINS), "subnet_id": "s"}
        for ad in ("AD-1", "AD-2")
    ]
    assert virtual_nodes.has_taint([{"key": "k", "value": "v", "effect": "NoExecute"}], "k", "v")
    assert not virtual_nodes.has_taint([{"key": "k", "value": "v", "effect": "PreferNoSchedule"}], "k", "v")
    assert not virtual_nodes.has_taint(None, "k", "v")
