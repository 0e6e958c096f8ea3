"""The Network component under the offline engine (NET-1 to NET-6, NET-9).

Small programs use the component the way a user would; the captured resources must carry the hardened
shape, the rules of docs/NETWORK-RULES.md (compared with the golden rows of test_network_rules), and
no network policy may fire on them, for both CNIs and both rule modes.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from oke_secure.builders import netrules
from oke_secure.offline.engine import Capture, CapturedResource, run_program
from oke_secure.offline.engine import run as engine_run
from oke_secure.offline.engine.fixtures import OfflineMocks
from oke_secure.offline.evaluate import evaluate
from oke_secure.policies import POLICIES
from oke_secure.policies import types as T
from oke_secure.spec import NetworkSpec
from oke_secure.spec.errors import SpecError
from tests.conftest import COMPONENT_PROGRAMS as PROGRAMS
from tests.test_network_rules import GOLDEN, Row, expected

#: The policies of oke_secure/policies/network.py.
NETWORK_NAMES = {
    "oke-endpoint-subnet-private",
    "oke-node-subnets-private",
    "oke-private-route-no-igw",
    "oke-igw-only-with-public-lb",
    "oke-no-open-ingress",
    "oke-no-ssh-rdp",
    "oke-default-security-list-emptied",
    "oke-service-lb-subnets",
    "oke-flow-logs-per-subnet",
}
NETWORK_POLICIES = [p for p in POLICIES if p.name in NETWORK_NAMES]
PUBLIC = {
    "cidr": "10.0.3.0/24",
    "allowed_cidrs": ["0.0.0.0/0"],
    "ports": [443],
    "reason": "public storefront load balancer for customers",
}


def _run(network: dict[str, Any], *, bastion: bool = True) -> Capture:
    return run_program(PROGRAMS / "network_shop.py", config={"network": network, "bastion_enabled": bastion})


def _of(cap: Capture, typ: str) -> list[CapturedResource]:
    return [r for r in cap.resources if r.type == typ]


def _one(cap: Capture, typ: str, name: str) -> CapturedResource:
    found = [r for r in cap.resources if r.type == typ and r.name == name]
    assert len(found) == 1, (typ, name, [r.name for r in cap.resources if r.type == typ])
    return found[0]


# Captured rules back to golden rows -----------------------------------------------------------------


def _what(rule: dict[str, Any], nsg: bool) -> str:
    proto = rule["protocol"]
    if proto == "all":
        return "all"
    if proto == "6":
        opts = rule.get("tcpOptions")
        if not opts:
            return "TCP-all"
        rng = opts["destinationPortRange"] if nsg else opts
        lo, hi = int(rng["min"]), int(rng["max"])
        return f"TCP-{lo}" if lo == hi else f"TCP-{lo}-{hi}"
    icmp = rule.get("icmpOptions")
    return f"ICMP-{int(icmp['type'])}/{int(icmp['code'])}" if icmp else "ICMP"


def _peer(role: str, direction: str, value: str, kind: str, spec: NetworkSpec, nsg_roles: dict[str, str]) -> str:
    if kind == "SERVICE_CIDR_BLOCK":
        assert value == "all-fra-services-in-oracle-services-network"
        return "osn"
    if kind == "NETWORK_SECURITY_GROUP":
        return nsg_roles[value]
    if (
        value == "0.0.0.0/0"
        or value in spec.admin_cidrs
        or (spec.public_load_balancer and value in spec.public_load_balancer.allowed_cidrs)
    ):
        return value
    if value == spec.vcn_cidr:
        return "vcn"
    if role == "api" and value == spec.subnets.api_endpoint:
        return "bastion"
    return {v: k for k, v in netrules.subnet_cidrs(spec).items()}[value]


def captured_rows(cap: Capture, spec: NetworkSpec) -> Counter[Row]:
    """Every security-list and NSG rule the component registered, as golden rows."""
    role_of = {r.name: r.inputs["freeformTags"][netrules.ROLE_TAG] for r in _of(cap, T.NSG)}
    nsg_roles = {r.id: role_of[r.name] for r in _of(cap, T.NSG) if r.id}
    out: Counter[Row] = Counter()
    for sl in _of(cap, T.SECURITY_LIST):
        role = sl.inputs["freeformTags"][netrules.ROLE_TAG]
        for rule in sl.inputs.get("ingressSecurityRules", []):
            out[
                (
                    role,
                    "ingress",
                    _peer(role, "ingress", rule["source"], rule["sourceType"], spec, nsg_roles),
                    _what(rule, False),
                )
            ] += 1
        for rule in sl.inputs.get("egressSecurityRules", []):
            out[
                (
                    role,
                    "egress",
                    _peer(role, "egress", rule["destination"], rule["destinationType"], spec, nsg_roles),
                    _what(rule, False),
                )
            ] += 1
    for r in _of(cap, T.NSG_RULE):
        role = nsg_roles[r.inputs["networkSecurityGroupId"]]
        direction = r.inputs["direction"].lower()
        value, kind = (
            (r.inputs["source"], r.inputs["sourceType"])
            if direction == "ingress"
            else (r.inputs["destination"], r.inputs["destinationType"])
        )
        out[(role, direction, _peer(role, direction, value, kind, spec, nsg_roles), _what(r.inputs, True))] += 1
    return out


# Default spec: both CNIs, both rule modes ------------------------------------------------------------

CASES = [(cni, mode) for cni in ("flannel", "vcn-native") for mode in ("security-lists", "nsg")]


@pytest.fixture(scope="module")
def defaults() -> dict[tuple[str, str], Capture]:
    out = {}
    for cni, mode in CASES:
        out[(cni, mode)] = _run({"cni": cni, "rule_mode": mode})
    return out


@pytest.mark.parametrize(("cni", "mode"), CASES)
def test_no_network_policy_fires_on_default_output(
    defaults: dict[tuple[str, str], Capture], cni: str, mode: str
) -> None:
    """NET-1..NET-6, NET-9: the component's own output passes every network policy, unwaived."""
    report = evaluate(defaults[(cni, mode)].resources, NETWORK_POLICIES, config={"all": "mandatory"})
    assert sorted(report.policies) == sorted(NETWORK_NAMES)
    assert report.violations == [] and report.waived == []


@pytest.mark.parametrize(("cni", "mode"), CASES)
def test_component_rules_equal_network_rules_tables(
    defaults: dict[tuple[str, str], Capture], cni: str, mode: str
) -> None:
    """NET-5: the registered security lists / NSG rules are exactly the golden rows for the CNI."""
    cap = defaults[(cni, mode)]
    spec = NetworkSpec.model_validate({"cni": cni, "rule_mode": mode})
    assert captured_rows(cap, spec) == expected(spec)
    if mode == "nsg":
        # Only the rule of a VNIC without an NSG stays in a list: the Bastion endpoint's egress (netrules.subnet_only).
        leftovers = [
            (sl.name, r.get("description"))
            for sl in _of(cap, T.SECURITY_LIST)
            for r in [*(sl.inputs.get("ingressSecurityRules") or []), *(sl.inputs.get("egressSecurityRules") or [])]
        ]
        assert leftovers == [("net-api-security-list", "Bastion private endpoint to the API server")]
    else:
        assert _of(cap, T.NSG_RULE) == []


@pytest.mark.parametrize(("cni", "mode"), CASES)
def test_private_subnets_gateways_and_routes(defaults: dict[tuple[str, str], Capture], cni: str, mode: str) -> None:
    """NET-1/2/3/4/6: private regional subnets, SGW to all OSN services, NAT on, no IGW, NSG per role."""
    cap = defaults[(cni, mode)]
    subnets = {s.name: s for s in _of(cap, T.SUBNET)}
    roles = ["api", "workers", "lb"] + (["pods"] if cni == "vcn-native" else [])
    assert sorted(subnets) == sorted(f"net-{r}-subnet" for r in roles)
    for s in subnets.values():
        assert s.inputs["prohibitPublicIpOnVnic"] is True and s.inputs["prohibitInternetIngress"] is True
        assert "availabilityDomain" not in s.inputs
        assert len(s.inputs["securityListIds"]) == 1
    assert _of(cap, T.INTERNET_GATEWAY) == []
    sgw = _one(cap, T.SERVICE_GATEWAY, "net-service-gateway")
    assert sgw.inputs["services"] == [{"serviceId": "ocid1.service.oc1.eu-frankfurt-1.mockallservices"}]
    nat = _one(cap, T.NAT_GATEWAY, "net-nat-gateway")
    private = _one(cap, T.ROUTE_TABLE, "net-private-route-table")
    assert [(r["destination"], r["destinationType"], r["networkEntityId"]) for r in private.inputs["routeRules"]] == [
        ("all-fra-services-in-oracle-services-network", "SERVICE_CIDR_BLOCK", sgw.id),
        ("0.0.0.0/0", "CIDR_BLOCK", nat.id),
    ]
    lb_rt = _one(cap, T.ROUTE_TABLE, "net-lb-route-table")
    assert lb_rt.inputs["routeRules"] == []
    for role in ("api", "workers", "pods"):
        if role in roles:
            assert subnets[f"net-{role}-subnet"].inputs["routeTableId"] == private.id
    assert subnets["net-lb-subnet"].inputs["routeTableId"] == lb_rt.id
    assert sorted(n.name for n in _of(cap, T.NSG)) == sorted(f"net-{r}-nsg" for r in roles)
    dsl = _one(cap, T.DEFAULT_SECURITY_LIST, "net-default-security-list")
    assert dsl.inputs["ingressSecurityRules"] == [] and dsl.inputs["egressSecurityRules"] == []
    outputs = {k: v.value for k, v in cap.outputs.items()}
    assert outputs["public_lb_subnet_id"] is None
    assert (outputs["pod_subnet_id"] is None) == (cni == "flannel")
    assert (outputs["pod_nsg_id"] is None) == (cni == "flannel")
    assert outputs["api_subnet_id"] == subnets["net-api-subnet"].id


def test_flow_log_for_every_subnet(defaults: dict[tuple[str, str], Capture]) -> None:
    """NET-9: one enabled flowlogs Log (category all) per subnet, in the component's log group."""
    cap = defaults[("vcn-native", "security-lists")]
    group = _one(cap, T.LOG_GROUP, "net-flow-logs")
    logs = _of(cap, T.LOG)
    assert sorted(log.inputs["configuration"]["source"]["resource"] for log in logs) == sorted(
        str(s.id) for s in _of(cap, T.SUBNET)
    )
    for log in logs:
        src = log.inputs["configuration"]["source"]
        assert (src["service"], src["category"], src["sourceType"]) == ("flowlogs", "all", "OCISERVICE")
        assert log.inputs["logGroupId"] == group.id and log.inputs["isEnabled"] is True
    assert cap.outputs["flow_log_group_id"].value == group.id


# Options -------------------------------------------------------------------------------------------


def test_public_lb_opt_in_nsg_mode() -> None:
    """NET-4/5/6: an opted-in public LB subnet gets the IGW, its own route table, tags and listener rules only."""
    network = {
        "cni": "vcn-native",
        "rule_mode": "nsg",
        "admin_cidrs": ["192.168.10.0/24"],
        "public_load_balancer": PUBLIC,
    }
    cap = _run(network)
    spec = NetworkSpec.model_validate(network)
    assert captured_rows(cap, spec) == expected(spec)
    report = evaluate(cap.resources, NETWORK_POLICIES, config={"all": "mandatory"})
    assert report.violations == [] and report.waived == []
    igw = _one(cap, T.INTERNET_GATEWAY, "net-internet-gateway")
    public_rt = _one(cap, T.ROUTE_TABLE, "net-public-lb-route-table")
    assert [r["networkEntityId"] for r in public_rt.inputs["routeRules"]] == [igw.id]
    public = _one(cap, T.SUBNET, "net-public-lb-subnet")
    assert public.inputs["prohibitPublicIpOnVnic"] is False and public.inputs["routeTableId"] == public_rt.id
    tags = public.inputs["freeformTags"]
    assert tags[netrules.ROLE_TAG] == "public-lb" and tags[netrules.LB_PORTS_TAG] == "443"
    assert tags["oke-secure-exception-NET-4"] == PUBLIC["reason"] == tags["oke-secure-exception-NET-5"]
    others = [rt for rt in _of(cap, T.ROUTE_TABLE) if rt.name != public_rt.name]
    assert all(str(igw.id) not in json.dumps(rt.inputs) for rt in others)
    assert cap.outputs["public_lb_subnet_id"].value == public.id


def test_internet_egress_off_removes_nat_and_its_routes() -> None:
    """NET-4: internet_egress false: no NAT gateway, no 0.0.0.0/0 route, no internet egress rule."""
    cap = _run({"cni": "flannel", "internet_egress": False})
    assert _of(cap, T.NAT_GATEWAY) == []
    private = _one(cap, T.ROUTE_TABLE, "net-private-route-table")
    assert [r["destinationType"] for r in private.inputs["routeRules"]] == ["SERVICE_CIDR_BLOCK"]
    egress = [rule for sl in _of(cap, T.SECURITY_LIST) for rule in sl.inputs.get("egressSecurityRules", [])]
    assert not [r for r in egress if r["destination"] == "0.0.0.0/0" and r["protocol"] != "1"]
    assert evaluate(cap.resources, NETWORK_POLICIES, config={"all": "mandatory"}).violations == []


EXISTING_SGW = "ocid1.servicegateway.oc1.eu-frankfurt-1.aaaaaaaaexisting"


class _ExistingVcnMocks(OfflineMocks):
    """Answers for an existing VCN that already has a service gateway."""

    def _getVcn(self, a: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": a["vcnId"],
            "compartmentId": "ocid1.compartment.oc1..aaaaaaaanetwork",
            "cidrBlocks": ["10.0.0.0/16"],
        }

    def _getServiceGateways(self, a: dict[str, Any]) -> dict[str, Any]:
        return {"serviceGateways": [{"id": EXISTING_SGW, "vcnId": a["vcnId"], "compartmentId": a["compartmentId"]}]}


def test_existing_vcn_and_own_compartment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The component alone, in a program that creates its compartment and passes an existing VCN."""
    monkeypatch.setattr(engine_run, "OfflineMocks", _ExistingVcnMocks)
    vcn = "ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexistingvcn"
    cap = run_program(PROGRAMS / "network_existing_vcn.py", config={"vcn_id": vcn})
    assert _of(cap, T.VCN) == [] and _of(cap, T.DEFAULT_SECURITY_LIST) == []
    assert _of(cap, T.SERVICE_GATEWAY) == []  # reused: a VCN holds one service gateway
    comp = _one(cap, T.COMPARTMENT, "team")
    for s in _of(cap, T.SUBNET):
        assert s.inputs["vcnId"] == vcn and s.inputs["compartmentId"] == comp.id
        assert "dnsLabel" not in s.inputs
    private = _one(cap, T.ROUTE_TABLE, "net-private-route-table")
    assert private.inputs["routeRules"][0]["networkEntityId"] == EXISTING_SGW
    assert len(_of(cap, T.NAT_GATEWAY)) == 1
    assert cap.outputs["vcn"].value == vcn
    assert evaluate(cap.resources, NETWORK_POLICIES, config={"all": "mandatory"}).violations == []


def test_bad_spec_fails_before_any_resource() -> None:
    """Bad input names the field and stops before any child exists (NET-5 admin CIDR, overlaps)."""
    cap = run_program(PROGRAMS / "network_bad_spec.py")
    assert cap.resources == [] or all(not r.custom for r in cap.resources)
    assert cap.outputs["fields"].value == ["network.cni"]
    with pytest.raises(SpecError) as exc:
        _run({"admin_cidrs": ["0.0.0.0/0"], "subnets": {"workers": "10.0.0.0/20"}})
    fields = [p.field for p in exc.value.problems]
    assert "network.admin_cidrs[0]" in fields and "network.subnets.workers" in fields


def test_every_table_row_is_transcribed_in_golden() -> None:
    """NET-5: the golden transcription has one row per rule-table row, so no row escapes the comparison."""
    assert len(GOLDEN.strip().splitlines()) == len(netrules.TABLE)
