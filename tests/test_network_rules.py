"""Golden tests of the minimum network rules (NET-5) against Oracle's tables (docs/NETWORK-RULES.md).

``GOLDEN`` transcribes Oracle's tables (Oracle, "Network Resource Configuration for
Cluster Creation and Deployment") row by row: ``role direction peer what cni [condition]``. The
generator's rules, rendered as security lists *and* as NSG rules, must give exactly these rows for
flannel and VCN-native. Pure: no Pulumi.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from oke_secure.builders import netrules
from oke_secure.spec import NetworkSpec

OSN = "all-fra-services-in-oracle-services-network"

# role      direction peer       what              cni         condition
GOLDEN = """
api       ingress   workers    TCP-6443          both
api       ingress   workers    TCP-12250         both
api       ingress   pods       TCP-6443          vcn-native
api       ingress   pods       TCP-12250         vcn-native
api       ingress   workers    ICMP-3/4          both
api       ingress   bastion    TCP-6443          both        bastion
api       ingress   admin      TCP-6443          both        admin
api       egress    bastion    TCP-6443          both        bastion
api       egress    osn        TCP-443           both
api       egress    workers    TCP-all           flannel
api       egress    workers    TCP-10250         vcn-native
api       egress    workers    ICMP              vcn-native
api       egress    pods       all               vcn-native
api       egress    workers    ICMP-3/4          both
workers   ingress   workers    all               both
workers   ingress   pods       all               vcn-native
workers   ingress   api        TCP-all           flannel
workers   ingress   api        TCP-10250         vcn-native
workers   ingress   api        ICMP              vcn-native
workers   ingress   0.0.0.0/0  ICMP-3/4          both
workers   ingress   lb         TCP-30000-32767   both
workers   ingress   lb         TCP-10256         both
workers   ingress   public-lb  TCP-30000-32767   both        public-lb
workers   ingress   public-lb  TCP-10256         both        public-lb
workers   egress    workers    all               both
workers   egress    pods       all               vcn-native
workers   egress    0.0.0.0/0  ICMP-3/4          both
workers   egress    osn        TCP-all           both
workers   egress    api        TCP-6443          both
workers   egress    api        TCP-12250         both
workers   egress    0.0.0.0/0  TCP-all           both        internet
pods      ingress   api        all               vcn-native
pods      ingress   workers    all               vcn-native
pods      ingress   pods       all               vcn-native
pods      ingress   lb         TCP-30000-32767   vcn-native  virtual-lb
pods      ingress   lb         TCP-10256         vcn-native  virtual-lb
pods      ingress   public-lb  TCP-30000-32767   vcn-native  virtual-public-lb
pods      ingress   public-lb  TCP-10256         vcn-native  virtual-public-lb
pods      egress    pods       all               vcn-native
pods      egress    osn        ICMP-3/4          vcn-native
pods      egress    osn        TCP-all           vcn-native
pods      egress    api        TCP-6443          vcn-native
pods      egress    api        TCP-12250         vcn-native
pods      egress    workers    all               vcn-native
pods      egress    0.0.0.0/0  TCP-443           vcn-native  internet
lb        ingress   vcn        TCP-all           both
lb        egress    workers    TCP-30000-32767   both
lb        egress    workers    TCP-10256         both
lb        egress    workers    ICMP-3/4          both
lb        egress    pods       TCP-30000-32767   vcn-native  virtual-lb
lb        egress    pods       TCP-10256         vcn-native  virtual-lb
public-lb ingress   allowed    TCP-listener      both        public-lb
public-lb egress    workers    TCP-30000-32767   both        public-lb
public-lb egress    workers    TCP-10256         both        public-lb
public-lb egress    workers    ICMP-3/4          both        public-lb
public-lb egress    pods       TCP-30000-32767   vcn-native  virtual-public-lb
public-lb egress    pods       TCP-10256         vcn-native  virtual-public-lb
"""

Row = tuple[str, str, str, str]


def expected(spec: NetworkSpec, *, bastion: bool = True, virtual_lb: bool = False) -> Counter[Row]:
    """The golden rows that apply to ``spec``, with admin and listener rows expanded; ``virtual_lb``: load
    balancers target pods on virtual nodes (Oracle, "Comparing Virtual Nodes with Managed Nodes")."""
    out: Counter[Row] = Counter()
    for line in GOLDEN.strip().splitlines():
        role, direction, peer, what, cni, *cond = line.split()
        if cni != "both" and cni != spec.cni:
            continue
        condition = cond[0] if cond else ""
        if condition == "bastion" and not bastion:
            continue
        if condition == "internet" and not spec.internet_egress:
            continue
        if condition == "public-lb" and spec.public_load_balancer is None:
            continue
        if condition == "virtual-lb" and not virtual_lb:
            continue
        if condition == "virtual-public-lb" and not (virtual_lb and spec.public_load_balancer is not None):
            continue
        if condition == "admin":
            for block in spec.admin_cidrs:
                out[(role, direction, block, what)] += 1
        elif what == "TCP-listener":
            assert spec.public_load_balancer is not None
            for block in spec.public_load_balancer.allowed_cidrs:
                for port in spec.public_load_balancer.ports:
                    out[(role, direction, block, f"TCP-{port}")] += 1
        else:
            out[(role, direction, peer, what)] += 1
    return out


def _what(rule: dict[str, Any], nsg: bool) -> str:
    proto = rule["protocol"]
    if proto == "all":
        return "all"
    if proto == netrules.TCP_NUMBER:
        opts = rule.get("tcp_options")
        if not opts:
            return "TCP-all"
        rng = opts["destination_port_range"] if nsg else opts
        return f"TCP-{rng['min']}" if rng["min"] == rng["max"] else f"TCP-{rng['min']}-{rng['max']}"
    assert proto == netrules.ICMP_NUMBER
    icmp = rule.get("icmp_options")
    return f"ICMP-{icmp['type']}/{icmp['code']}" if icmp else "ICMP"


def _peer(role: str, rule: dict[str, Any], direction: str, spec: NetworkSpec) -> str:
    value = rule["source"] if direction == "ingress" else rule["destination"]
    kind = rule["source_type"] if direction == "ingress" else rule["destination_type"]
    if kind == "SERVICE_CIDR_BLOCK":
        assert value == OSN
        return "osn"
    if kind == "NETWORK_SECURITY_GROUP":
        return str(value).removeprefix("nsg:")
    assert kind == "CIDR_BLOCK"
    if value == "0.0.0.0/0":
        return "0.0.0.0/0"
    if value in spec.admin_cidrs or (spec.public_load_balancer and value in spec.public_load_balancer.allowed_cidrs):
        return str(value)
    if value == spec.vcn_cidr:
        return "vcn"
    if role == "api" and value == spec.subnets.api_endpoint:
        return "bastion"  # the Bastion's private endpoint lives in the API subnet
    inverse = {v: k for k, v in netrules.subnet_cidrs(spec).items()}
    return inverse[value]


def rendered_security_lists(spec: NetworkSpec, *, bastion: bool = True, virtual_lb: bool = False) -> Counter[Row]:
    rules = netrules.rules_for(spec, bastion=bastion, virtual_lb_backends=virtual_lb)
    lists = netrules.security_list_rules(rules, spec, OSN)
    out: Counter[Row] = Counter()
    for role, body in lists.items():
        for direction, key in (("ingress", "ingress_security_rules"), ("egress", "egress_security_rules")):
            for rule in body[key]:
                assert rule["stateless"] is False
                out[(role, direction, _peer(role, rule, direction, spec), _what(rule, nsg=False))] += 1
    return out


def rendered_nsgs(spec: NetworkSpec, *, bastion: bool = True, virtual_lb: bool = False) -> Counter[Row]:
    ids: dict[str, str] = {r: f"nsg:{r}" for r in netrules.roles_for(spec)}
    out: Counter[Row] = Counter()
    rules = netrules.rules_for(spec, bastion=bastion, virtual_lb_backends=virtual_lb)
    for rule, body in netrules.nsg_rules(rules, spec, OSN, ids):
        direction = body["direction"].lower()
        assert body["stateless"] is False
        out[(rule.role, direction, _peer(rule.role, body, direction, spec), _what(body, nsg=True))] += 1
    return out


PUBLIC = {
    "cidr": "10.0.3.0/24",
    "allowed_cidrs": ["0.0.0.0/0", "198.51.100.0/24"],
    "ports": [443, 80],
    "reason": "public storefront for customers",
}
CASES: dict[str, dict[str, Any]] = {
    "flannel-default": {"cni": "flannel"},
    "vcn-native-default": {"cni": "vcn-native"},
    "flannel-everything": {"cni": "flannel", "admin_cidrs": ["192.168.10.0/24"], "public_load_balancer": PUBLIC},
    "vcn-native-no-egress-public": {
        "cni": "vcn-native",
        "internet_egress": False,
        "public_load_balancer": PUBLIC,
        "admin_cidrs": ["192.168.10.0/24", "172.16.0.0/16"],
    },
}


@pytest.mark.parametrize("virtual_lb", [False, True])
@pytest.mark.parametrize("mode", ["security-lists", "nsg"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_rules_match_network_rules_tables(case: str, mode: str, virtual_lb: bool) -> None:
    """NET-5: the rendered rules are exactly Oracle's rows, per CNI and rule mode, with and without load
    balancers in front of virtual nodes."""
    spec = NetworkSpec.model_validate({**CASES[case], "rule_mode": mode})
    if mode == "security-lists":
        got = rendered_security_lists(spec, virtual_lb=virtual_lb)
    else:
        got = rendered_nsgs(spec, virtual_lb=virtual_lb)
    assert got == expected(spec, virtual_lb=virtual_lb)


@pytest.mark.parametrize("cni", ["flannel", "vcn-native"])
def test_bastion_off_drops_only_the_bastion_rule(cni: str) -> None:
    """AC-1/NET-5: without the Bastion the API endpoint admits 6443 only from workers (and pods), and the API
    subnet sends nothing to itself (the Bastion endpoint's egress goes too)."""
    spec = NetworkSpec.model_validate({"cni": cni})
    with_b, without = rendered_security_lists(spec), rendered_security_lists(spec, bastion=False)
    assert with_b - without == Counter(
        {("api", "ingress", "bastion", "TCP-6443"): 1, ("api", "egress", "bastion", "TCP-6443"): 1}
    )
    assert without == expected(spec, bastion=False)


def test_default_spec_has_no_open_ingress_but_path_mtu() -> None:
    """NET-5: 0.0.0.0/0 ingress only for ICMP 3/4; no SSH or RDP rule anywhere."""
    for cni in ("flannel", "vcn-native"):
        rules = netrules.rules_for(NetworkSpec.model_validate({"cni": cni}))
        open_in = [r for r in rules if r.direction == "ingress" and r.cidr == "0.0.0.0/0"]
        assert [(r.protocol, r.icmp) for r in open_in] == [("icmp", (3, 4))]
        assert not [r for r in rules if r.ports and any(r.ports[0] <= p <= r.ports[1] for p in (22, 3389))]


def test_internet_egress_off_removes_internet_egress_rules() -> None:
    """NET-4: internet_egress false leaves no TCP egress to 0.0.0.0/0."""
    for cni in ("flannel", "vcn-native"):
        rules = netrules.rules_for(NetworkSpec.model_validate({"cni": cni, "internet_egress": False}))
        assert not [r for r in rules if r.direction == "egress" and r.cidr == "0.0.0.0/0" and r.protocol != "icmp"]


def test_rule_keys_are_unique_and_stable() -> None:
    """Logical names of NSG rules come from the rule itself, so spec changes never rename other rules."""
    spec = NetworkSpec.model_validate(CASES["vcn-native-no-egress-public"])
    keys = [r.key for r in netrules.rules_for(spec)]
    assert len(keys) == len(set(keys))
    assert "api-in-workers-tcp-6443" in keys and "workers-in-0-0-0-0-0-icmp-3-4" in keys


def test_table_cites_its_source() -> None:
    """The rule table names Oracle's page it was copied from."""
    assert "contengnetworkconfig.htm" in netrules.SOURCE
    assert "contengnetworkconfig.htm" in (netrules.__doc__ or "")


def test_osn_service_is_picked_by_name() -> None:
    """NET-3: the service gateway uses 'All <region> Services in Oracle Services Network', not Object Storage."""
    services = [
        {"id": "os", "name": "OCI FRA Object Storage", "cidr_block": "oci-fra-objectstorage"},
        {"id": "all", "name": "All FRA Services In Oracle Services Network", "cidr_block": OSN},
    ]
    picked = netrules.osn_service(services)
    assert picked is not None and picked["id"] == "all"
    assert netrules.osn_service(services[:1]) is None


@pytest.mark.parametrize("cni", ["flannel", "vcn-native"])
def test_reference_module_rules_are_each_matched_or_justified(cni: str) -> None:
    """NET-5: every stateful IPv4 rule of the reference module (terraform-oci-oke modules/network/nsg-*.tf)
    is either produced here for its CNI (by rule key) or carries a written reason for its absence."""
    spec = NetworkSpec.model_validate({"cni": cni, "admin_cidrs": ["192.168.10.0/24"], "public_load_balancer": PUBLIC})
    keys = {r.key for r in netrules.rules_for(spec)}
    checked = 0
    for ref in netrules.REFERENCE:
        assert ref.file.startswith("nsg-") and ref.file.endswith(".tf"), ref
        if ref.cni not in ("both", cni):
            continue
        if not ref.ours:
            assert len(ref.why) > 20, f"{ref.file} {ref.rule!r}: not adopted without a reason"
            continue
        ours = ref.ours.replace("<admin>", "192-168-10-0-24")
        if cni == "flannel" and ours in {"api-out-workers-tcp-10250", "workers-in-api-tcp-10250"}:
            ours = ours.removesuffix("-10250")  # flannel: Oracle's row is TCP all between endpoint and workers
        assert ours in keys, f"{ref.file} {ref.rule!r}: {ours} not generated for {cni}"
        checked += 1
    assert checked >= 15


def test_pods_reach_workers_with_vcn_native() -> None:
    """NET-5: pods can open flows to workers (hostNetwork pods, NodePorts, the kubelet for metrics-server):
    egress on the pod side and ingress on the worker side, as the reference module's nsg-pods.tf."""
    keys = {r.key for r in netrules.rules_for(NetworkSpec.model_validate({"cni": "vcn-native"}))}
    assert {"pods-out-workers-all", "workers-in-pods-all"} <= keys


def test_load_balancers_on_virtual_nodes_reach_the_pods_net5() -> None:
    """Oracle, "Comparing Virtual Nodes with Managed Nodes": load balancers in front of virtual nodes send to
    <pod-ip>:<nodeport> and need node-port ingress on the pod subnet. When a namespace of a virtual pool may
    create load balancers, the narrowed forms of the reference module's LB <-> pods rules (nsg-pods.tf,
    nsg-loadbalancers-int.tf) are generated; otherwise none (pods stay closed to the LB subnet)."""
    spec = NetworkSpec.model_validate({"cni": "vcn-native"})
    with_virtual = {r.key for r in netrules.rules_for(spec, virtual_lb_backends=True)}
    without = {r.key for r in netrules.rules_for(spec)}
    assert with_virtual - without == set(netrules.VIRTUAL_LB_KEYS)
    reasons = " ".join(r.why for r in netrules.REFERENCE if "pods" in r.rule and "load balancers" in r.rule.lower())
    reasons += " ".join(r.why for r in netrules.REFERENCE if r.rule == "ALL egress from internal LBs to pods")
    for key in netrules.VIRTUAL_LB_KEYS:
        assert key in reasons, key  # the reference comparison names the rules it adopts for virtual nodes
    public = NetworkSpec.model_validate({"cni": "vcn-native", "public_load_balancer": PUBLIC})
    extra = {r.key for r in netrules.rules_for(public, virtual_lb_backends=True)} - {
        r.key for r in netrules.rules_for(public)
    }
    assert extra == set(netrules.VIRTUAL_LB_KEYS) | {
        "pods-in-public-lb-tcp-30000-32767",
        "pods-in-public-lb-tcp-10256",
        "public-lb-out-pods-tcp-30000-32767",
        "public-lb-out-pods-tcp-10256",
    }


def test_virtual_lb_namespaces_net5() -> None:
    """Only a namespace that may create load balancers AND runs on a virtual pool makes LBs target pods."""
    from oke_secure.spec import parse_spec
    from tests.conftest import example_spec

    data = example_spec("prod-virtual")
    spec = parse_spec(data)
    assert netrules.virtual_lb_namespaces(spec.node_pools, spec.namespaces) == []  # web's pool is managed
    for ns in data["namespaces"]:
        if ns["name"] == "api":
            ns["load_balancers"] = 1
    spec = parse_spec(data)
    assert netrules.virtual_lb_namespaces(spec.node_pools, spec.namespaces) == ["api"]
