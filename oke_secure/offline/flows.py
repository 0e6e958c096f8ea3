"""Reachability over a captured stack: which flows OKE needs are allowed, and what the outside can reach.

The analysis reads the resources a preview captured (subnets, route tables, gateways, security lists,
NSGs and their rules, the cluster, pools and Bastion), never the spec's intent, so it judges what would
be deployed. OCI semantics it relies on:

- A VNIC's traffic is allowed when ANY rule of its subnet's security lists OR of its NSGs allows it
  (the union of both); rules here are stateful, so replies need no rule. Oracle, "Comparison of Security
  Lists and Network Security Groups" (docs.oracle.com/en-us/iaas/Content/Network/Concepts/
  securityrules.htm).
- A flow needs the source's egress AND the destination's ingress.
- Traffic inside the VCN is routed locally; traffic to the Oracle Services Network needs a route to a
  service gateway, to the internet a route to a NAT gateway (outbound) or internet gateway. Oracle,
  "VCN Route Tables" (.../Network/Tasks/managingroutetables.htm).
- Where the endpoints sit: the API endpoint in the API subnet with its NSGs (cluster ``endpointConfig``),
  workers in the worker subnet with the pools' NSGs, VCN-native pods in the pod subnet with the pod NSGs,
  load balancers in the LB subnet with the LB NSG (attached through the service annotation, NET-10: the
  admission policy ``oke-secure-load-balancer-nsgs``, ``admission.load_balancer_nsg_policy``, refuses
  every LoadBalancer Service that does not attach only the stack's LB NSGs, in NSG rule mode),
  the OCI Bastion's private endpoint in its target subnet with no NSG. With flannel, pods live on the
  workers (the overlay rides on worker-to-worker traffic, UDP 8472).

The required flows are Oracle's (``contengnetworkconfig.htm``; the reference module's NSG rules,
``modules/network/nsg-*.tf``); each :class:`Flow` names its source.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from oke_secure.builders.netrules import ROLE_TAG, virtual_lb_namespaces
from oke_secure.offline.engine import Capture, CapturedResource
from oke_secure.policies import types as T

NETWORK_RULES = "Oracle, contengnetworkconfig.htm"
VIRTUAL_NODES = "Oracle, contengcomparingvirtualwithmanagednodes_topic.htm"
OSN = "osn"
INTERNET = "internet"
TCP, UDP, ICMP = "6", "17", "1"
#: Probe ports for a range (the first NodePort, a high ephemeral port).
NODE_PORT = 30080
VXLAN_PORT = 8472


@dataclass(frozen=True)
class Endpoint:
    """Where traffic starts or ends: a subnet CIDR with the NSGs of its VNICs, or OSN / the internet."""

    name: str
    cidr: str | None
    nsgs: frozenset[str] = frozenset()
    security_lists: tuple[str, ...] = ()
    route_table: str | None = None


@dataclass(frozen=True)
class Flow:
    """One flow OKE needs: ``src`` to ``dst`` on ``protocol``/``port`` (a port inside the range it needs)."""

    name: str
    src: str
    dst: str
    protocol: str
    port: int | None
    source: str
    cni: str = "both"


@dataclass
class Verdict:
    """The outcome for one flow."""

    flow: Flow
    allowed: bool
    why: str


@dataclass
class Exposure:
    """An ingress rule admitting traffic from outside the VCN."""

    where: str
    source: str
    what: str
    declared: bool
    why: str


@dataclass
class Analysis:
    """Required flows with verdicts, and everything the outside can reach."""

    cni: str
    verdicts: list[Verdict] = field(default_factory=list)
    exposures: list[Exposure] = field(default_factory=list)

    @property
    def blocked(self) -> list[Verdict]:
        """Required flows that are not allowed."""
        return [v for v in self.verdicts if not v.allowed]

    @property
    def undeclared(self) -> list[Exposure]:
        """Openings from outside that no spec field declares."""
        return [e for e in self.exposures if not e.declared]

    @property
    def ok(self) -> bool:
        """Every required flow allowed and nothing undeclared open."""
        return not self.blocked and not self.undeclared


#: The flows OKE needs, per CNI (``both`` unless stated).
REQUIRED: tuple[Flow, ...] = (
    Flow("worker to API server", "workers", "api", TCP, 6443, NETWORK_RULES),
    Flow("worker to control plane", "workers", "api", TCP, 12250, NETWORK_RULES),
    Flow("control plane to kubelet", "api", "workers", TCP, 10250, NETWORK_RULES),
    Flow("pod to API server", "pods", "api", TCP, 6443, NETWORK_RULES, "vcn-native"),
    Flow("pod to control plane", "pods", "api", TCP, 12250, NETWORK_RULES, "vcn-native"),
    Flow("control plane to pods (webhooks)", "api", "pods", TCP, 443, NETWORK_RULES, "vcn-native"),
    Flow("pod to pod", "pods", "pods", TCP, 8080, NETWORK_RULES, "vcn-native"),
    Flow("pod overlay between nodes (VXLAN)", "workers", "workers", UDP, VXLAN_PORT, NETWORK_RULES, "flannel"),
    Flow("node to pods", "workers", "pods", TCP, 8080, NETWORK_RULES, "vcn-native"),
    Flow(
        "pods to nodes (kubelet, hostNetwork)",
        "pods",
        "workers",
        TCP,
        10250,
        "terraform-oci-oke nsg-pods.tf",
        "vcn-native",
    ),
    Flow("workers to Oracle services", "workers", OSN, TCP, 443, NETWORK_RULES),
    Flow("pods to Oracle services", "pods", OSN, TCP, 443, NETWORK_RULES, "vcn-native"),
    Flow("API endpoint to OKE", "api", OSN, TCP, 443, NETWORK_RULES),
    Flow("load balancer to NodePorts", "lb", "workers", TCP, NODE_PORT, NETWORK_RULES),
    Flow("load balancer health checks", "lb", "workers", TCP, 10256, NETWORK_RULES),
    Flow(
        "Bastion to API server",
        "bastion",
        "api",
        TCP,
        6443,
        "Oracle, Bastion connectingtosessions.htm (Allowing Network Access From the Bastion)",
    ),
)


#: Flows needed when load balancers target pods on virtual nodes (a virtual pool's namespace allows load
#: balancers): Oracle, "Comparing Virtual Nodes with Managed Nodes" (<pod-ip>:<nodeport>, node-port ingress on
#: the pod subnet); health checks on the controller's port 10256.
VIRTUAL_LB_FLOWS: tuple[Flow, ...] = (
    Flow("load balancer to pods on virtual nodes", "lb", "pods", TCP, NODE_PORT, VIRTUAL_NODES, "vcn-native"),
    Flow("load balancer health checks of virtual pods", "lb", "pods", TCP, 10256, VIRTUAL_NODES, "vcn-native"),
)


def _role(r: CapturedResource) -> str | None:
    tags = r.inputs.get("freeformTags") or {}
    role = tags.get(ROLE_TAG)
    return str(role) if role else None


def _ids(value: Any) -> list[str]:
    return [str(v) for v in value or [] if isinstance(v, str)]


def endpoints(cap: Capture) -> dict[str, Endpoint]:
    """The endpoints of the captured stack by role (see the module docstring)."""
    subnets = {str(_role(s)): s for s in cap.by_type(T.SUBNET) if _role(s)}
    nsg_of_role = {str(_role(n)): n.id for n in cap.by_type(T.NSG) if _role(n) and n.id}
    nsgs: dict[str, set[str]] = {role: set() for role in subnets}
    for c in cap.by_type(T.CLUSTER):
        nsgs.setdefault("api", set()).update(_ids((c.inputs.get("endpointConfig") or {}).get("nsgIds")))
    for p in cap.by_type(T.NODE_POOL):
        details = p.inputs.get("nodeConfigDetails") or {}
        nsgs.setdefault("workers", set()).update(_ids(details.get("nsgIds")))
        pod = details.get("nodePoolPodNetworkOptionDetails") or {}
        nsgs.setdefault("pods", set()).update(_ids(pod.get("podNsgIds")))
    for v in cap.by_type(T.VIRTUAL_NODE_POOL):
        nsgs.setdefault("workers", set()).update(_ids(v.inputs.get("nsgIds")))
        nsgs.setdefault("pods", set()).update(_ids((v.inputs.get("podConfiguration") or {}).get("nsgIds")))
    # Attached through the service annotation; the admission policy oke-secure-load-balancer-nsgs makes every
    # LoadBalancer Service name exactly these NSGs (NET-10; tests/test_flows.py checks it on the capture).
    for role in ("lb", "public-lb"):
        if nsg_of_role.get(role):
            nsgs.setdefault(role, set()).add(str(nsg_of_role[role]))
    out: dict[str, Endpoint] = {}
    for key, s in subnets.items():
        out[key] = Endpoint(
            key,
            str(s.inputs.get("cidrBlock")),
            frozenset(nsgs.get(key, set())),
            tuple(_ids(s.inputs.get("securityListIds"))),
            s.inputs.get("routeTableId"),
        )
    by_id = {s.id: s for s in cap.by_type(T.SUBNET)}
    for b in cap.by_type(T.BASTION):
        target = by_id.get(b.inputs.get("targetSubnetId"))
        if target is not None:
            out["bastion"] = Endpoint(
                "bastion",
                str(target.inputs.get("cidrBlock")),
                frozenset(),
                tuple(_ids(target.inputs.get("securityListIds"))),
                target.inputs.get("routeTableId"),
            )
    out[OSN] = Endpoint(OSN, None)
    return out


def _rules(cap: Capture, ep: Endpoint, direction: str) -> list[dict[str, Any]]:
    """The ``direction`` (INGRESS/EGRESS) rules that apply to ``ep``'s VNICs: its lists' and its NSGs'."""
    key = "ingressSecurityRules" if direction == "INGRESS" else "egressSecurityRules"
    out: list[dict[str, Any]] = []
    for sl in cap.by_type(T.SECURITY_LIST):
        if sl.id in ep.security_lists:
            out.extend(sl.inputs.get(key) or [])
    for rule in cap.by_type(T.NSG_RULE):
        if rule.inputs.get("networkSecurityGroupId") in ep.nsgs and rule.inputs.get("direction") == direction:
            out.append(rule.inputs)
    return out


def _within(inner: str | None, outer: str) -> bool:
    if inner is None:
        return False
    try:
        return ipaddress.ip_network(inner).subnet_of(ipaddress.ip_network(outer))  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return False


def _peer_matches(rule: Mapping[str, Any], peer: Endpoint, key: str) -> bool:
    kind = rule.get(f"{key}Type") or "CIDR_BLOCK"
    value = rule.get(key)
    if peer.name == OSN:
        return kind == "SERVICE_CIDR_BLOCK" or (kind == "CIDR_BLOCK" and value == "0.0.0.0/0")
    if kind == "NETWORK_SECURITY_GROUP":
        return value in peer.nsgs
    if kind == "CIDR_BLOCK":
        return _within(peer.cidr, str(value))
    return False


def _port_range(rule: Mapping[str, Any], options: str) -> Mapping[str, Any] | None:
    opts = rule.get(options)
    if not opts:
        return None
    return opts.get("destinationPortRange") or opts


def _proto_matches(rule: Mapping[str, Any], protocol: str, port: int | None) -> bool:
    proto = str(rule.get("protocol"))
    if proto == "all":
        return True
    if proto != protocol:
        return False
    if protocol in (TCP, UDP) and port is not None:
        rng = _port_range(rule, "tcpOptions" if protocol == TCP else "udpOptions")
        return rng is None or float(rng.get("min", 0)) <= port <= float(rng.get("max", 65535))
    return True


def _allows(rules: Iterable[Mapping[str, Any]], peer: Endpoint, key: str, protocol: str, port: int | None) -> bool:
    return any(_peer_matches(r, peer, key) and _proto_matches(r, protocol, port) for r in rules)


def _route_to_osn(cap: Capture, ep: Endpoint) -> bool:
    gateways = {g.id for g in cap.by_type(T.SERVICE_GATEWAY)}
    for rt in cap.by_type(T.ROUTE_TABLE):
        if rt.id == ep.route_table:
            return any(
                r.get("destinationType") == "SERVICE_CIDR_BLOCK" and r.get("networkEntityId") in gateways
                for r in rt.inputs.get("routeRules") or []
            )
    return False


def check(cap: Capture, flow: Flow, eps: Mapping[str, Endpoint]) -> Verdict:
    """Whether ``flow`` is allowed in the captured stack, and why (or why not)."""
    src, dst = eps.get(flow.src), eps.get(flow.dst)
    if src is None or dst is None:
        return Verdict(flow, False, f"no {flow.src if src is None else flow.dst} endpoint in the stack")
    if dst.name == OSN and not _route_to_osn(cap, src):
        return Verdict(flow, False, f"{src.name} subnet has no route to the service gateway")
    if not _allows(_rules(cap, src, "EGRESS"), dst, "destination", flow.protocol, flow.port):
        return Verdict(flow, False, f"no egress rule of {src.name} admits it")
    if dst.name != OSN and not _allows(_rules(cap, dst, "INGRESS"), src, "source", flow.protocol, flow.port):
        return Verdict(flow, False, f"no ingress rule of {dst.name} admits it")
    return Verdict(flow, True, "egress and ingress rules and routes allow it")


def _what(rule: Mapping[str, Any]) -> str:
    proto = {TCP: "TCP", UDP: "UDP", ICMP: "ICMP", "all": "all"}.get(
        str(rule.get("protocol")), str(rule.get("protocol"))
    )
    rng = _port_range(rule, "tcpOptions") or _port_range(rule, "udpOptions")
    if rng:
        lo, hi = int(float(rng.get("min", 0))), int(float(rng.get("max", 0)))
        return f"{proto} {lo}" if lo == hi else f"{proto} {lo}-{hi}"
    icmp = rule.get("icmpOptions")
    if icmp:
        return f"{proto} {int(float(icmp.get('type', -1)))}/{int(float(icmp.get('code', -1)))}"
    return proto


def exposures(cap: Capture, vcn_cidrs: Sequence[str], declared: Mapping[str, str]) -> list[Exposure]:
    """Every ingress rule admitting a source outside the VCN. ``declared`` maps a CIDR to the spec field that
    declares it; ICMP type 3 code 4 (path-MTU discovery, Oracle's table) is always declared."""
    out: list[Exposure] = []
    owners: list[tuple[str, list[Mapping[str, Any]]]] = []
    for sl in cap.by_type(T.SECURITY_LIST):
        owners.append((f"security list {sl.name}", list(sl.inputs.get("ingressSecurityRules") or [])))
    for r in cap.by_type(T.NSG_RULE):
        if r.inputs.get("direction") == "INGRESS":
            owners.append((f"NSG rule {r.name}", [r.inputs]))
    for where, rules in owners:
        for rule in rules:
            if (rule.get("sourceType") or "CIDR_BLOCK") != "CIDR_BLOCK":
                continue
            source = str(rule.get("source"))
            if any(_within(source, v) for v in vcn_cidrs):
                continue
            icmp = rule.get("icmpOptions") or {}
            if (
                str(rule.get("protocol")) == ICMP
                and float(icmp.get("type", -1)) == 3
                and float(icmp.get("code", -1)) == 4
            ):
                out.append(Exposure(where, source, _what(rule), True, "path-MTU discovery (Oracle's table)"))
            elif source in declared:
                out.append(Exposure(where, source, _what(rule), True, f"declared by {declared[source]}"))
            else:
                out.append(Exposure(where, source, _what(rule), False, "no spec field declares it"))
    return out


def analyse(
    cap: Capture, *, cni: str, vcn_cidrs: Sequence[str], declared: Mapping[str, str], virtual_lb: bool = False
) -> Analysis:
    """Check every required flow for ``cni`` and list the openings from outside the VCN; with ``virtual_lb``
    (load balancers target pods on virtual nodes) the load balancer -> pods flows are required too."""
    eps = endpoints(cap)
    result = Analysis(cni)
    for flow in REQUIRED + (VIRTUAL_LB_FLOWS if virtual_lb else ()):
        if flow.cni not in ("both", cni):
            continue
        if flow.src == "bastion" and "bastion" not in eps:
            continue  # no Bastion in this stack
        result.verdicts.append(check(cap, flow, eps))
    result.exposures = exposures(cap, vcn_cidrs, declared)
    return result


def analyse_preview(capture: Capture, spec: Any) -> Analysis:
    """:func:`analyse` with the CNI, VCN CIDR and declared openings taken from a validated ``StackSpec``."""
    net = spec.network
    declared: dict[str, str] = {c: "network.admin_cidrs" for c in net.admin_cidrs}
    if net.public_load_balancer is not None:
        for c in net.public_load_balancer.allowed_cidrs:
            declared[c] = "network.public_load_balancer.allowed_cidrs"
    virtual_lb = bool(virtual_lb_namespaces(spec.node_pools, spec.namespaces))
    return analyse(capture, cni=net.cni, vcn_cidrs=[net.vcn_cidr], declared=declared, virtual_lb=virtual_lb)


def render(result: Analysis) -> list[str]:
    """The matrix as text lines: one per required flow, then the openings from outside."""
    lines = [f"required flows ({result.cni}):"]
    for v in result.verdicts:
        f = v.flow
        port = f" {f.port}" if f.port is not None else ""
        proto = {TCP: "TCP", UDP: "UDP", ICMP: "ICMP"}.get(f.protocol, f.protocol)
        mark = "allowed" if v.allowed else "BLOCKED"
        lines.append(f"  {mark:8} {f.src:>8} -> {f.dst:<8} {proto}{port:<6} {f.name}: {v.why} [{f.source}]")
    lines.append("from outside the VCN:")
    if not result.exposures:
        lines.append("  nothing")
    for e in result.exposures:
        mark = "declared" if e.declared else "UNDECLARED"
        lines.append(f"  {mark:10} {e.source:>18} {e.what:<12} {e.where}: {e.why}")
    blocked, undeclared = len(result.blocked), len(result.undeclared)
    lines.append(
        f"{len(result.verdicts) - blocked} of {len(result.verdicts)} required flows allowed; "
        f"{undeclared} undeclared opening(s)"
    )
    return lines
