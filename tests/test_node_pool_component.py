"""NodePool, WorkloadTags and Compartment under the offline engine, on a prod-like program.

Three workload pools with different declared needs (a log archiver writing to Object Storage through
instance principals, a host monitor reading Compute, a web front end with no OCI rights), a system pool,
a preemptible batch pool and a pool with a declared SSH exception. Proves NP-1 to NP-6, NET-7, IAM-1 and
IAM-3 by construction, and that the whole policy pack accepts what the components build.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from oke_secure.builders import cloud_init, labels
from oke_secure.offline.engine import Capture, CapturedResource, run_program
from oke_secure.offline.engine.fixtures import OfflineMocks
from oke_secure.offline.evaluate import Report, evaluate
from oke_secure.policies import types as T
from oke_secure.spec.errors import SpecError
from tests.conftest import COMPONENT_PROGRAMS as PROGRAMS

TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"
SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIexample ops@example"


@pytest.fixture(scope="module")
def run() -> Iterator[tuple[Capture, Report]]:
    cap = run_program(PROGRAMS / "node_pools_prod.py", config={"tenancy_id": TENANCY, "ssh_public_key": SSH_KEY})
    yield cap, evaluate(cap.resources)


def _one(cap: Capture, type_: str, name: str) -> CapturedResource:
    (found,) = [r for r in cap.by_type(type_) if r.name == name]
    return found


def _pool(cap: Capture, pool: str) -> dict[str, Any]:
    return _one(cap, T.NODE_POOL, f"pool-{pool}-pool").inputs


def _script(cap: Capture, pool: str) -> str:
    script = cloud_init.user_data_of(_pool(cap, pool)["nodeMetadata"])
    assert script is not None
    return script


def test_compartment_created_protected_or_given_iam1(run: tuple[Capture, Report]) -> None:
    cap, _ = run
    created = _one(cap, T.COMPARTMENT, "prod-compartment")
    assert created.protect and created.inputs["compartmentId"] == TENANCY and created.inputs["enableDelete"] is True
    assert len(cap.by_type(T.COMPARTMENT)) == 1
    assert cap.outputs["given_compartment"].value == "ocid1.compartment.oc1..aaaaaaaagiven"


def test_each_pool_has_its_own_dynamic_group_iam3(run: tuple[Capture, Report]) -> None:
    cap, _ = run
    compartment = _one(cap, T.COMPARTMENT, "prod-compartment").id
    groups = cap.by_type(T.DYNAMIC_GROUP)
    assert len(groups) == 6 and len({g.inputs["name"] for g in groups}) == 6
    for pool in ("system", "log-archiver", "host-monitor", "web", "batch", "ops"):
        group = _one(cap, T.DYNAMIC_GROUP, f"pool-{pool}-dg")
        assert group.inputs["compartmentId"] == TENANCY
        assert group.inputs["matchingRule"] == (
            f"ALL {{instance.compartment.id = '{compartment}', tag.prod-oke-secure.workload.value = '{pool}'}}"
        )
        # the nodes carry the tag the rule matches
        assert _pool(cap, pool)["nodeConfigDetails"]["definedTags"] == {"prod-oke-secure.workload": pool}
        assert cap.outputs[f"{pool}_dg"].value == group.id


def test_policies_match_declared_needs_iam3(run: tuple[Capture, Report]) -> None:
    cap, _ = run
    compartment = _one(cap, T.COMPARTMENT, "prod-compartment").id
    archiver = _one(cap, T.IAM_POLICY, "pool-log-archiver-policy")
    monitor = _one(cap, T.IAM_POLICY, "pool-host-monitor-policy")
    dg = {p: _one(cap, T.DYNAMIC_GROUP, f"pool-{p}-dg").id for p in ("log-archiver", "host-monitor")}
    assert archiver.inputs["statements"] == [
        f"Allow dynamic-group id {dg['log-archiver']} to manage objects in compartment id {compartment} "
        "where target.bucket.name = 'logs'"
    ]
    assert monitor.inputs["statements"] == [
        f"Allow dynamic-group id {dg['host-monitor']} to read instance-family in compartment id {compartment}"
    ]
    assert archiver.inputs["compartmentId"] == compartment
    assert {p.name for p in cap.by_type(T.IAM_POLICY)} == {"pool-log-archiver-policy", "pool-host-monitor-policy"}
    for pool in ("system", "web", "batch", "ops"):
        assert cap.outputs[f"{pool}_policy"].value is None
    assert cap.outputs["log-archiver_policy"].value == archiver.id


def test_identity_does_not_wait_for_the_cluster(run: tuple[Capture, Report]) -> None:
    cap, _ = run
    cluster = _one(cap, T.CLUSTER, "cluster").urn
    for r in cap.by_type(T.DYNAMIC_GROUP) + cap.by_type(T.IAM_POLICY):
        deps = set(r.dependencies) | {u for us in r.property_dependencies.values() for u in us}
        assert cluster not in deps, r.name
    pool = _one(cap, T.NODE_POOL, "pool-web-pool")
    assert cluster in pool.property_dependencies["clusterId"]


def test_pool_hardening_np2_np3_np4_np5(run: tuple[Capture, Report]) -> None:
    cap, _ = run
    for pool in ("system", "log-archiver", "host-monitor", "web", "batch"):
        inputs = _pool(cap, pool)
        assert inputs["nodeMetadata"]["areLegacyImdsEndpointsDisabled"] == "true"
        details = inputs["nodeConfigDetails"]
        assert details["isPvEncryptionInTransitEnabled"] is True
        assert details["kmsKeyId"] == "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaaboot"
        assert "sshPublicKey" not in inputs
        assert inputs["nodePoolCyclingDetails"] == {
            "isNodeCyclingEnabled": True,
            "maximumSurge": "1",
            "maximumUnavailable": "0",
        }
        assert details["nodePoolPodNetworkOptionDetails"]["cniType"] == "OCI_VCN_IP_NATIVE"
        assert inputs["kubernetesVersion"] == "v1.33.1" and inputs["name"] == f"prod-{pool}"


def test_ssh_only_with_its_recorded_exception_np4(run: tuple[Capture, Report]) -> None:
    cap, report = run
    inputs = _pool(cap, "ops")
    assert inputs["sshPublicKey"] == SSH_KEY
    assert inputs["freeformTags"]["oke-secure-exception-NP-4"] == "vendor agent debugging until 2026-01"
    assert [v.name for v in report.waived if v.policy == "oke-pool-no-ssh-key"] == ["pool-ops-pool"]


def test_nodes_spread_across_ads_with_the_newest_x86_image(run: tuple[Capture, Report]) -> None:
    cap, _ = run
    inputs = _pool(cap, "web")
    placements = inputs["nodeConfigDetails"]["placementConfigs"]
    assert [p["availabilityDomain"] for p in placements] == [f"Uocm:EU-FRANKFURT-1-AD-{i}" for i in (1, 2, 3)]
    assert {p["subnetId"] for p in placements} == {"ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaworkers"}
    sources = OfflineMocks()._getNodePoolOption({})["sources"]
    assert inputs["nodeSourceDetails"]["imageId"] == cloud_init.choose_image(sources, "v1.33.1")
    assert "aarch64" not in next(
        s["sourceName"] for s in sources if s["imageId"] == inputs["nodeSourceDetails"]["imageId"]
    )
    assert inputs["nodeShapeConfig"] == {"ocpus": 2.0, "memoryInGbs": 16.0}


def test_labels_and_taints_dedicate_each_pool_np1_np6(run: tuple[Capture, Report]) -> None:
    cap, _ = run

    def node_labels(pool: str) -> dict[str, str]:
        return {x["key"]: x["value"] for x in _pool(cap, pool)["initialNodeLabels"]}

    assert node_labels("web") == {labels.WORKLOAD_KEY: "web", "tier": "frontend"}
    assert cloud_init.registered_taints(_script(cap, "web")) == [labels.workload_taint("web")]
    assert node_labels("system") == {labels.SYSTEM_LABEL: "true"}
    assert cloud_init.registered_taints(_script(cap, "system")) == [labels.system_taint()]  # add-ons only
    assert node_labels("batch") == {labels.WORKLOAD_KEY: "batch", labels.PREEMPTIBLE_KEY: "true"}
    assert cloud_init.registered_taints(_script(cap, "batch")) == [
        labels.workload_taint("batch"),
        labels.preemptible_taint(),
    ]
    batch = _pool(cap, "batch")["nodeConfigDetails"]
    assert batch["size"] == 2.0
    assert all(p["preemptibleNodeConfig"]["preemptionAction"]["type"] == "TERMINATE" for p in batch["placementConfigs"])
    assert not any("preemptibleNodeConfig" in p for p in _pool(cap, "web")["nodeConfigDetails"]["placementConfigs"])


def test_metadata_block_everywhere_but_declared_instance_principal_pools_net7(run: tuple[Capture, Report]) -> None:
    cap, report = run
    for pool in ("system", "web", "batch", "ops"):
        assert cloud_init.blocks_metadata(_script(cap, pool)), pool
        assert "oke-secure-exception-NET-7" not in _pool(cap, pool)["freeformTags"]
    for pool in ("log-archiver", "host-monitor"):
        assert not cloud_init.blocks_metadata(_script(cap, pool)), pool
        inputs = _pool(cap, pool)
        assert inputs["freeformTags"]["oke-secure-exception-NET-7"]
        # the exempt pool is dedicated to its workload
        assert cloud_init.registered_taints(_script(cap, pool)) == [labels.workload_taint(pool)]
    waived = sorted(v.name or "" for v in report.waived if v.policy == "oke-pool-metadata-blocked")
    assert waived == ["pool-host-monitor-pool", "pool-log-archiver-pool"]


def test_workload_tags_one_namespace_and_key(run: tuple[Capture, Report]) -> None:
    cap, _ = run
    (ns,) = cap.by_type("oci:Identity/tagNamespace:TagNamespace")
    (key,) = cap.by_type("oci:Identity/tag:Tag")
    assert ns.inputs["name"] == "prod-oke-secure" and key.inputs["name"] == "workload"
    assert key.inputs["tagNamespaceId"] == ns.id


MY_POLICIES = {
    "oke-pool-workload-label",
    "oke-pool-imds-v1-disabled",
    "oke-pool-volume-encryption",
    "oke-pool-no-ssh-key",
    "oke-pool-node-cycling",
    "oke-preemptible-pool-dedicated",
    "oke-pool-metadata-blocked",
    "oke-dynamic-group-scoped",
    "oke-dynamic-group-not-shared",
    "oke-iam-no-broad-grants",
    "oke-workload-identity-conditions",
}


def test_policy_pack_accepts_the_pools(run: tuple[Capture, Report]) -> None:
    _, report = run
    assert set(report.policies) >= MY_POLICIES
    mine = [v for v in report.violations if v.policy in MY_POLICIES]
    assert mine == []
    # the hand-made bare cluster in the program is the only thing the rest of the pack objects to
    assert {v.type for v in report.violations} <= {T.CLUSTER}


@pytest.mark.parametrize(
    "pool, extra, fragment",
    [
        ({"name": "web", "permissions": [{"verb": "read", "resource": "objects"}]}, {}, "NET-7"),
        ({"name": "system", "system": True, "preemptible": True}, {}, "NP-6"),
        ({"name": "web", "labels": {labels.WORKLOAD_KEY: "other"}}, {}, "NP-1"),
        ({"name": "web"}, {"pod_subnet_id": None}, "pod subnet"),
        ({"name": "web"}, {"kubernetes_version": "1.33"}, "pinned"),
    ],
)
def test_bad_pool_input_fails_before_any_resource(pool: dict[str, Any], extra: dict[str, Any], fragment: str) -> None:
    args = {
        "compartment_id": "ocid1.compartment.oc1..aaaaaaaaexample",
        "tenancy_id": TENANCY,
        "cluster_id": "ocid1.cluster.oc1..aaaaaaaaexample",
        "kubernetes_version": "v1.33.1",
        "worker_subnet_id": "ocid1.subnet.oc1..w",
        "pod_subnet_id": "ocid1.subnet.oc1..p",
        "boot_volume_key_id": "ocid1.key.oc1..k",
        "tag_namespace": "ns",
        "tag_key": "workload",
        "pool": pool,
    }
    args.update(extra)
    args = {k: v for k, v in args.items() if v is not None}
    with pytest.raises(SpecError) as err:
        run_program(PROGRAMS / "node_pool_args.py", config={"args": args})
    assert fragment in str(err.value)


def test_component_package_schema_of_pool_and_iam_components() -> None:
    """The component-package analyzer reads the public contract (Args TypedDicts, outputs)."""
    from pulumi.provider.experimental.analyzer import Analyzer

    from oke_secure.components.compartment import Compartment
    from oke_secure.components.human_access import HumanAccess
    from oke_secure.components.node_pool import NodePool
    from oke_secure.components.workload_identity import WorkloadIdentity
    from oke_secure.components.workload_tags import WorkloadTags

    result = Analyzer("oke-secure").analyze([Compartment, WorkloadTags, NodePool, HumanAccess, WorkloadIdentity])
    comps = result["component_definitions"]
    pool = comps["NodePool"]
    required = {n for n, p in pool.inputs.items() if not p.optional}
    assert required == {
        "compartmentId",
        "tenancyId",
        "clusterId",
        "kubernetesVersion",
        "pool",
        "workerSubnetId",
        "bootVolumeKeyId",
        "tagNamespace",
        "tagKey",
    }
    assert pool.outputs["policyId"].optional and not pool.outputs["dynamicGroupId"].optional
    assert comps["HumanAccess"].outputs["policyId"].optional
    assert set(comps["WorkloadTags"].outputs) == {"namespaceName", "keyName"}
