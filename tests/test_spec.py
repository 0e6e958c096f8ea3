"""The stack spec: hardened defaults, and bad input stopped with the field and the fix (CL-6, NP-7, IAM-1)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from oke_secure.spec import StackSpec, parse_spec
from oke_secure.spec.errors import SpecError
from tests.conftest import example_spec

BASE: dict[str, Any] = {
    "name": "dev",
    "tenancy_id": "ocid1.tenancy.oc1..aaaaaaaaexample",
    "compartment": {"id": "ocid1.compartment.oc1..aaaaaaaaexample"},
    "region": "eu-frankfurt-1",
    "access": {"bastion": {"client_cidrs": ["192.0.2.0/24"]}},
    "registry": {"namespace": "examplens"},
}


def with_(path: str, value: Any, base: dict[str, Any] | None = None) -> dict[str, Any]:
    data = copy.deepcopy(base or BASE)
    cur: Any = data
    parts = path.split(".")
    for p in parts[:-1]:
        cur = cur[int(p)] if isinstance(cur, list) else cur.setdefault(p, {})
    if isinstance(cur, list):
        cur[int(parts[-1])] = value
    else:
        cur[parts[-1]] = value
    return data


def problems(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    with pytest.raises(SpecError) as info:
        parse_spec(data)
    return [(p.field, p.message, p.fix) for p in info.value.problems]


def test_defaults_are_the_hardened_choice() -> None:
    spec = parse_spec(BASE)
    assert spec.network.cni == "vcn-native"
    assert spec.network.public_load_balancer is None
    assert spec.network.admin_cidrs == []
    assert spec.network.rule_mode == "security-lists"
    assert spec.access.bastion.enabled and spec.access.bastion.session_ttl_seconds <= 10800
    assert spec.detection.cloud_guard is True
    assert [p.name for p in spec.node_pools] == ["system"] and spec.node_pools[0].system
    pool = spec.node_pools[0]
    assert pool.ssh is None and pool.instance_principal is None and not pool.preemptible
    # images only from the tenancy's own OCIR namespace, never the bare regional host (CL-5)
    assert spec.allowed_registries == ["eu-frankfurt-1.ocir.io/examplens"]


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_example_stacks_are_valid(stack: str) -> None:
    spec = parse_spec(example_spec(stack))
    assert spec.name == stack


def test_prod_example_has_three_workload_pools() -> None:
    spec = parse_spec(example_spec("prod"))
    assert spec.network.cni == "vcn-native"
    assert len([p for p in spec.node_pools if not p.system]) >= 3


@pytest.mark.parametrize(
    ("path", "value", "field", "words"),
    [
        ("network.vcn_cidr", "10.0.0.1/16", "network.vcn_cidr", "10.0.0.0/16"),
        ("network.vcn_cidr", "10.0.0.0", "network.vcn_cidr", "address/prefix"),
        ("network.cni", "calico", "network.cni", "flannel"),
        ("cluster.kubernetes_version", "v1.29.9", "cluster.kubernetes_version", "v1.30.0"),
        ("cluster.kubernetes_version", "1.33", "cluster.kubernetes_version", "vMAJOR.MINOR.PATCH"),
        ("tenancy_id", "not-an-ocid", "tenancy_id", "OCID"),
        ("network.subnets.workers", "10.1.0.0/20", "network.subnets.workers", "inside"),
        ("network.subnets.workers", "10.0.0.0/20", "network.subnets.workers", "non-overlapping"),
        ("network.services_cidr", "10.0.0.0/16", "network.services_cidr", "outside the VCN"),
        ("network.admin_cidrs", ["0.0.0.0/0"], "network.admin_cidrs[0]", "VPN"),
        ("access.bastion.client_cidrs", ["0.0.0.0/0"], "access.bastion.client_cidrs[0]", "client CIDRs"),
        ("access.bastion.client_cidrs", [], "access.bastion.client_cidrs", "client CIDRs"),
        ("access.bastion.session_ttl_seconds", 14400, "access.bastion.session_ttl_seconds", "lower"),
        ("compartment", {"id": "ocid1.tenancy.oc1..aaaaaaaaexample"}, "compartment.id", "dedicated"),
        ("compartment", {}, "compartment", "exactly one"),
        ("netwrok", {}, "netwrok", "spelling"),
        ("detection", {"cloud_guard": False}, "detection.cloud_guard_reason", "reason"),
    ],
)
def test_bad_values_name_the_field_and_the_fix(path: str, value: Any, field: str, words: str) -> None:
    found = problems(with_(path, value))
    fields = [f for f, _, _ in found]
    assert field in fields, found
    text = " ".join(f"{m} {fix}" for f, m, fix in found if f == field)
    assert words in text, found
    assert all(fix for _, _, fix in found)


def test_flannel_pods_cidr_must_not_overlap_vcn() -> None:
    data = with_("network", {"cni": "flannel", "pods_cidr": "10.0.0.0/16"})
    assert "network.pods_cidr" in [f for f, _, _ in problems(data)]


def test_vcn_native_ignores_flannel_pods_cidr() -> None:
    parse_spec(with_("network", {"cni": "vcn-native", "pods_cidr": "10.0.0.0/16"}))


def test_every_problem_is_reported_at_once() -> None:
    data = with_("network.vcn_cidr", "10.0.0.1/16", with_("cluster.kubernetes_version", "v1.20.0"))
    assert {"network.vcn_cidr", "cluster.kubernetes_version"} <= {f for f, _, _ in problems(data)}


def test_np7_different_trust_is_refused_and_points_to_second_stack() -> None:
    data = with_("node_pools", [{"name": "system", "system": True}, {"name": "ci-runner", "trust": "customer-code"}])
    found = problems(data)
    ((_, message, fix),) = [p for p in found if p[0] == "node_pools[1].trust"]
    assert "NP-7" in message and "'system'" in message and "ci-runner" in message
    assert "second stack" in fix and "Pulumi.customer-code.yaml" in fix


def test_node_pool_version_skew_cl6() -> None:
    ahead = with_("node_pools", [{"name": "system", "system": True, "kubernetes_version": "v1.34.0"}])
    assert any("ahead" in m and "CL-6" in m for _, m, _ in problems(ahead))
    behind = with_(
        "cluster.kubernetes_version",
        "v1.34.1",
        with_("node_pools", [{"name": "system", "system": True, "kubernetes_version": "v1.30.0"}]),
    )
    assert any("behind" in m for _, m, _ in problems(behind))
    ok = with_(
        "cluster.kubernetes_version",
        "v1.34.1",
        with_("node_pools", [{"name": "system", "system": True, "kubernetes_version": "v1.31.0"}]),
    )
    parse_spec(ok)


def test_weaker_settings_need_reasons() -> None:
    ns = {"name": "legacy", "team": "t", "pod_security": "baseline"}
    assert "namespaces[0].pod_security_reason" in [f for f, _, _ in problems(with_("namespaces", [ns]))]
    ns_ok = {**ns, "pod_security_reason": "vendor image needs NET_BIND_SERVICE until 2027"}
    parse_spec(with_("namespaces", [ns_ok]))
    ssh = {"name": "system", "system": True, "ssh": {"public_key": "ssh-ed25519 AAAA x", "reason": "short"}}
    assert any("ssh.reason" in f for f, _, _ in problems(with_("node_pools", [ssh])))
    lb = {"cidr": "10.0.3.0/24", "allowed_cidrs": ["0.0.0.0/0"], "ports": [443]}
    assert any("public_load_balancer.reason" in f for f, _, _ in problems(with_("network.public_load_balancer", lb)))


def test_pool_permissions_need_instance_principal_net7() -> None:
    pools = [
        {"name": "system", "system": True},
        {"name": "archiver", "permissions": [{"verb": "manage", "resource": "objects"}]},
    ]
    (fix,) = [x for f, _, x in problems(with_("node_pools", pools)) if f == "node_pools[1].permissions"]
    assert "workload_identity" in fix


def test_all_resources_grant_refused_iam3() -> None:
    pools = [
        {"name": "system", "system": True},
        {
            "name": "a",
            "instance_principal": {"reason": "agent needs instance principal"},
            "permissions": [{"verb": "manage", "resource": "all-resources"}],
        },
    ]
    assert any("all-resources" in m for _, m, _ in problems(with_("node_pools", pools)))


def test_unique_names_and_reserved_namespaces() -> None:
    pools = [{"name": "system", "system": True}, {"name": "system"}]
    assert any("used twice" in m for _, m, _ in problems(with_("node_pools", pools)))
    assert any(
        "system namespace" in m for _, m, _ in problems(with_("namespaces", [{"name": "kube-system", "team": "x"}]))
    )


def test_a_system_pool_is_required() -> None:
    assert "node_pools" in [f for f, _, _ in problems(with_("node_pools", [{"name": "apps"}]))]


def test_exceptions_need_known_control_and_unexpired_date() -> None:
    ex = {"control": "NP-99", "resources": ["x"], "reason": "a good long reason"}
    assert "exceptions[0].control" in [f for f, _, _ in problems(with_("exceptions", [ex]))]
    ex = {"control": "NP-4", "resources": ["x"], "reason": "a good long reason", "expires": "2020-01-01"}
    assert "exceptions[0].expires" in [f for f, _, _ in problems(with_("exceptions", [ex]))]


def test_schema_is_json_schema_with_descriptions() -> None:
    schema = StackSpec.model_json_schema()
    assert set(schema["required"]) == {"name", "tenancy_id", "compartment", "region"}
    assert schema["$defs"]["NetworkSpec"]["properties"]["cni"]["description"]
