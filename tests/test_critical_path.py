"""The real-deploy critical path (issue 9): only true dependencies, so pools, IAM and the baseline run side by side.

Unit tests build small captures by hand; one test runs a hand-written program through the engine; the
rest check the prod example stack, whose longest chain must be vault -> key -> cluster -> node pool
(or VCN -> subnet -> cluster -> node pool), with nothing slow waiting on what it does not need.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from oke_secure.offline.critical_path import (
    DURATIONS,
    ancestors,
    critical_path,
    dependency_graph,
    finish_times,
    format_path,
)
from oke_secure.offline.engine import Capture, CapturedResource
from oke_secure.offline.exporters import text
from oke_secure.offline.preview import PreviewResult, run_preview
from oke_secure.policies import types as T
from tests.conftest import ROOT, run_source

STACK = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev"


def _res(
    name: str,
    type_: str = "test:x:X",
    *,
    custom: bool = True,
    parent: str | None = None,
    deps: tuple[str, ...] = (),
    prop: dict[str, list[str]] | None = None,
) -> CapturedResource:
    return CapturedResource(
        urn=f"urn:{name}",
        type=type_,
        name=name,
        id=name if custom else None,
        custom=custom,
        parent=f"urn:{parent}" if parent else STACK,
        provider=None,
        inputs={},
        dependencies=[f"urn:{d}" for d in deps],
        property_dependencies=prop or {},
    )


def _cap(*resources: CapturedResource) -> Capture:
    return Capture(project="p", stack="dev", resources=list(resources), outputs={})


def _names(path: list[CapturedResource]) -> list[str]:
    return [r.name for r in path]


# Pure graph semantics -----------------------------------------------------------------------------


def test_parent_child_is_not_an_ordering_edge() -> None:
    cap = _cap(_res("comp", "test:index:C", custom=False), _res("a", parent="comp"), _res("b", parent="comp"))
    graph = dependency_graph(cap)
    assert graph == {"urn:a": set(), "urn:b": set()}


def test_depending_on_a_component_waits_for_all_its_custom_descendants() -> None:
    cap = _cap(
        _res("outer", "test:index:Outer", custom=False),
        _res("inner", "test:index:Inner", custom=False, parent="outer"),
        _res("x", parent="outer"),
        _res("y", parent="inner"),
        _res("user", deps=("outer",)),
    )
    assert dependency_graph(cap)["urn:user"] == {"urn:x", "urn:y"}


def test_property_dependencies_count_and_unknown_urns_are_dropped() -> None:
    cap = _cap(_res("a"), _res("b", prop={"aId": ["urn:a"], "other": ["urn:elsewhere"]}))
    assert dependency_graph(cap)["urn:b"] == {"urn:a"}
    assert ancestors(dependency_graph(cap), "urn:b") == {"urn:a"}


def test_longest_weighted_chain_wins_over_the_longest_by_count() -> None:
    cap = _cap(
        _res("vcn", T.VCN),
        _res("subnet", T.SUBNET, deps=("vcn",)),
        _res("nsg", T.NSG, deps=("vcn",)),
        _res("vault", T.VAULT),
        _res("key", T.KEY, deps=("vault",)),
        _res("cluster", T.CLUSTER, deps=("subnet", "nsg", "key")),
        _res("pool", T.NODE_POOL, deps=("cluster", "subnet")),
        _res("dg", T.DYNAMIC_GROUP),
        _res("policy", T.IAM_POLICY, deps=("dg",)),
    )
    assert _names(critical_path(cap)) == ["vault", "key", "cluster", "pool"]
    finish = finish_times(cap)
    expected = DURATIONS[T.VAULT] + DURATIONS[T.KEY] + DURATIONS[T.CLUSTER] + DURATIONS[T.NODE_POOL]
    assert finish["urn:pool"] == pytest.approx(expected)
    assert finish["urn:policy"] < finish["urn:cluster"]


def test_format_path_names_each_step_and_the_estimate() -> None:
    cap = _cap(_res("vcn", T.VCN), _res("cluster", T.CLUSTER, deps=("vcn",)))
    line = format_path(critical_path(cap))
    assert line.startswith("critical path: Vcn vcn -> Cluster cluster")
    assert "min estimated" in line
    assert format_path([]) == "critical path: (no resources)"


def test_a_cycle_is_reported_not_looped_on() -> None:
    cap = _cap(_res("a", deps=("b",)), _res("b", deps=("a",)))
    with pytest.raises(ValueError, match="cycle"):
        critical_path(cap)


def test_a_long_chain_does_not_hit_the_recursion_limit() -> None:
    chain = [_res("r0")] + [_res(f"r{i}", deps=(f"r{i - 1}",)) for i in range(1, 5000)]
    assert len(critical_path(_cap(*chain))) == 5000


def test_engine_capture_of_a_program_with_depends_on_a_component(tmp_path: Path) -> None:
    """depends_on=[component] orders after the component's children; its parent link does not."""
    cap = run_source(
        tmp_path,
        """
        import pulumi
        import pulumi_oci as oci

        class Net(pulumi.ComponentResource):
            def __init__(self, name, opts=None):
                super().__init__("test:index:Net", name, None, opts)
                o = pulumi.ResourceOptions(parent=self)
                self.vcn = oci.core.Vcn(f"{name}-vcn", compartment_id="c", cidr_blocks=["10.0.0.0/16"], opts=o)
                self.subnet = oci.core.Subnet(f"{name}-sub", compartment_id="c", vcn_id=self.vcn.id,
                                              cidr_block="10.0.0.0/24", opts=o)
                self.register_outputs({})

        net = Net("net")
        oci.identity.DynamicGroup("dg", compartment_id="c", description="d", matching_rule="x",
                                  opts=pulumi.ResourceOptions(depends_on=[net]))
        oci.identity.DynamicGroup("free", compartment_id="c", description="d", matching_rule="x")
    """,
    )
    graph = dependency_graph(cap)
    urn = {r.name: r.urn for r in cap.resources}
    assert graph[urn["dg"]] == {urn["net-vcn"], urn["net-sub"]}
    assert graph[urn["free"]] == set()
    assert graph[urn["net-vcn"]] == set()
    assert _names(critical_path(cap)) == ["net-vcn", "net-sub", "dg"]


# The prod example stack ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prod() -> PreviewResult:
    return run_preview(stack="prod", root=ROOT)


def _of(cap: Capture, *types: str) -> list[CapturedResource]:
    return [r for r in cap.resources if r.type in types]


def test_iam_waits_for_no_node_pool_and_for_the_cluster_only_when_it_names_it(prod: PreviewResult) -> None:
    """IAM-3, IAM-4: dynamic groups and policies are created beside the cluster and pools, not after them.

    A workload-identity policy names the cluster's OCID in its condition, a true dependency; any other
    IAM resource must not wait for the cluster, and none may wait for a node pool.
    """
    cap = prod.capture
    graph = dependency_graph(cap)
    (cluster,) = cap.by_type(T.CLUSTER)
    pools = {r.urn for r in cap.by_type(T.NODE_POOL)}
    iam = _of(cap, T.DYNAMIC_GROUP, T.IAM_POLICY)
    assert iam
    for r in iam:
        before = ancestors(graph, r.urn)
        assert not before & pools, f"{r.type} {r.name} waits for a node pool"
        if cluster.urn in before:
            assert cluster.id and cluster.id in repr(r.inputs), f"{r.type} {r.name} waits for the cluster needlessly"


def test_node_pools_do_not_wait_for_each_other(prod: PreviewResult) -> None:
    """NP-1: one pool per workload, created in parallel."""
    cap = prod.capture
    graph = dependency_graph(cap)
    pools = {r.urn for r in cap.by_type(T.NODE_POOL)}
    assert len(pools) >= 2
    for urn in pools:
        assert not ancestors(graph, urn) & (pools - {urn}), f"{urn} waits for another pool"


def test_kubernetes_baseline_does_not_wait_for_node_pools(prod: PreviewResult) -> None:
    """CL-3, WL-1..WL-6: namespaces, RBAC and admission policies only need the API server."""
    cap = prod.capture
    graph = dependency_graph(cap)
    pools = {r.urn for r in cap.by_type(T.NODE_POOL)}
    k8s = [r for r in cap.resources if r.custom and r.type.startswith("kubernetes:")]
    assert k8s
    for r in k8s:
        assert not ancestors(graph, r.urn) & pools, f"{r.type} {r.name} waits for a node pool"


def test_node_pools_wait_only_for_network_keys_cluster_and_their_own_identity(prod: PreviewResult) -> None:
    """No pool waits for the Bastion, the registry, detection or the Kubernetes baseline."""
    cap = prod.capture
    graph = dependency_graph(cap)
    by_urn = cap.by_urn()
    slow_unrelated = {T.BASTION, T.REPOSITORY, T.CLOUD_GUARD_TARGET}
    for pool in cap.by_type(T.NODE_POOL):
        before = {by_urn[u].type for u in ancestors(graph, pool.urn)}
        assert not before & slow_unrelated, f"{pool.name} waits for {before & slow_unrelated}"
        assert not any(t.startswith("kubernetes:") for t in before), f"{pool.name} waits for the baseline"


def test_longest_chain_is_keys_or_network_then_cluster_then_a_pool(prod: PreviewResult) -> None:
    """The slow path of a real deploy is vault -> key -> key policy -> cluster -> node pool (or VCN -> subnet
    -> ...): the cluster waits for the policy letting OKE use its key (DEP-2)."""
    kinds = [r.type for r in critical_path(prod.capture)]
    assert kinds[-2:] == [T.CLUSTER, T.NODE_POOL], kinds
    head = kinds[:-2]
    assert head in ([T.VAULT, T.KEY, T.IAM_POLICY], [T.VCN, T.SUBNET]), kinds
    assert kinds.count(T.NODE_POOL) == 1 and kinds.count(T.CLUSTER) == 1


def test_preview_text_prints_the_critical_path(prod: PreviewResult) -> None:
    console = Console(record=True, width=400)
    text.render(console, prod.capture, prod.report, show_tree=False)
    lines = [ln for ln in console.export_text().splitlines() if ln.startswith("critical path: ")]
    assert len(lines) == 1
    assert "Cluster " in lines[0] and lines[0].split(" (~")[0].split(" -> ")[-1].startswith("NodePool ")
