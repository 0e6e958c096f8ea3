"""Policies on the network layer: NET-1 (endpoint subnet), NET-2, NET-3, NET-4, NET-5, NET-6, NET-9.

They work on any program: references between resources are followed with :meth:`StackIndex.refs`
(by id, or by property dependency when ids are unknown). A public load-balancer subnet (or NSG) is
recognised by the freeform tag ``oke-secure-role: public-lb`` together with a recorded reason in
``oke-secure-exception-NET-4`` (or ``-NET-5``); its declared listener ports are listed in the tag
``oke-secure-lb-ports``. Only such a subnet may be public, route to an internet gateway, and admit its
declared listener ports from 0.0.0.0/0.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, StackValidationArgs

from oke_secure.builders.netrules import LB_PORTS_TAG, PUBLIC_LB_ROLE, ROLE_TAG
from oke_secure.policies import types as T
from oke_secure.policies._base import (
    ADVISORY,
    Report,
    StackIndex,
    StackReport,
    deciding,
    exception_reason,
    get,
    is_unknown,
    peek,
    resource_policy,
    stack_policy,
)
from oke_secure.spec import cidr as _cidr

_PUBLIC_LB_CONTROLS = ("NET-4", "NET-5")
_SSH, _RDP = 22, 3389


def _label(r: PolicyResource) -> str:
    return f"{r.resource_type.split(':')[-1]} {r.name!r}"


def is_public_lb(props: Any) -> bool:
    """True for a subnet or NSG declared as the opt-in public load-balancer one (role tag + reason)."""
    tags = get(props, "freeformTags", {}) or {}
    return tags.get(ROLE_TAG) == PUBLIC_LB_ROLE and exception_reason(props, _PUBLIC_LB_CONTROLS) is not None


def declared_ports(props: Any) -> set[int]:
    """Listener ports declared on a public load-balancer subnet or NSG."""
    raw = str((get(props, "freeformTags", {}) or {}).get(LB_PORTS_TAG, ""))
    return {int(p) for p in raw.replace(" ", ",").split(",") if p.strip().isdigit()}


def _is_private(subnet: PolicyResource) -> bool:
    """A subnet is private when either flag makes it so, as the provider defines them (NET-1, NET-2).

    pulumi-oci (``oci.core.Subnet``): "``prohibitPublicIpOnVnic`` will be set to the value of
    ``prohibitInternetIngress`` ... Only one or the other flag should be specified." So a given
    ``prohibitInternetIngress`` decides; otherwise ``prohibitPublicIpOnVnic`` does (missing = public).
    """
    # Read through the proxy: an unknown flag defers the subnet's verdict (deciding) instead of passing it.
    ingress = get(subnet.props, "prohibitInternetIngress")
    if isinstance(ingress, bool):
        return ingress
    return get(subnet.props, "prohibitPublicIpOnVnic") is True


def _num(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _protocol(rule: Any) -> str:
    return str(get(rule, "protocol", "all")).lower()


def _is_path_mtu(rule: Any) -> bool:
    return (
        _protocol(rule) == "1" and _num(get(rule, "icmpOptions.type")) == 3 and _num(get(rule, "icmpOptions.code")) == 4
    )


def _tcp_range(rule: Any, nsg: bool) -> tuple[int, int] | None:
    """The TCP destination port range of a rule; ``None`` when it is not TCP-with-ports."""
    if _protocol(rule) != "6":
        return None
    base = "tcpOptions.destinationPortRange" if nsg else "tcpOptions"
    lo, hi = _num(get(rule, f"{base}.min")), _num(get(rule, f"{base}.max"))
    if lo is None or hi is None:
        return None
    return lo, hi


def _port_range(rule: Any, nsg: bool, proto: str) -> tuple[int, int] | None:
    key = {"6": "tcpOptions", "17": "udpOptions"}[proto]
    base = f"{key}.destinationPortRange" if nsg else key
    lo, hi = _num(get(rule, f"{base}.min")), _num(get(rule, f"{base}.max"))
    return None if lo is None or hi is None else (lo, hi)


def _listener_ok(rule: Any, nsg: bool, owners: list[PolicyResource]) -> bool:
    """A 0.0.0.0/0 TCP rule is acceptable on a declared public LB subnet/NSG for its declared ports."""
    rng = _tcp_range(rule, nsg)
    if rng is None or not owners or not all(is_public_lb(o.props) for o in owners):
        return False
    wanted = set(range(rng[0], rng[1] + 1))
    return all(wanted <= declared_ports(o.props) for o in owners)


def _open_source(rule: Any) -> bool:
    """True when a rule's source is 0.0.0.0/0 (or ::/0).

    A source that is another NSG's or a service's id (sourceType NETWORK_SECURITY_GROUP or
    SERVICE_CIDR_BLOCK) is never "anywhere", even while the id is unknown at a first preview; an
    unknown CIDR source is read through the proxy, so the rule's verdict waits for the update.
    """
    kind = str(peek(rule, "sourceType", "CIDR_BLOCK"))
    source = peek(rule, "source")
    if kind in ("NETWORK_SECURITY_GROUP", "SERVICE_CIDR_BLOCK") or source is None:
        return False
    if is_unknown(source) or is_unknown(kind):
        source = get(rule, "source") if not is_unknown(source) else get(rule, "sourceType")
    return isinstance(source, str) and _cidr.is_anywhere(source)


def _subnets_using(index: StackIndex, target: PolicyResource, prop: str, *types: str) -> list[PolicyResource]:
    """Subnets whose ``prop`` refers to ``target``; a subnet whose reference is unresolvable is deferred.

    A route table is also attached to a subnet by an ``oci.core.RouteTableAttachment`` (subnet_id,
    route_table_id), which replaces the subnet's own ``route_table_id``: those are followed too (NET-3, NET-4).
    """
    found = {
        s.urn: s for s in index.of_type(T.SUBNET) if any(r.urn == target.urn for r in _refs(index, s, prop, *types))
    }
    if target.resource_type in (T.ROUTE_TABLE, T.DEFAULT_ROUTE_TABLE):
        for att in index.of_type(T.ROUTE_TABLE_ATTACHMENT):
            if any(r.urn == target.urn for r in _refs(index, att, "routeTableId")):
                for s in _refs(index, att, "subnetId", T.SUBNET):
                    found[s.urn] = s
    return list(found.values())


def _route_tables_of(index: StackIndex, subnet: PolicyResource) -> list[PolicyResource]:
    """The route tables a subnet uses: attached by RouteTableAttachment (which wins), else its own."""
    attached = [
        t
        for att in index.of_type(T.ROUTE_TABLE_ATTACHMENT)
        if any(s.urn == subnet.urn for s in _refs(index, att, "subnetId", T.SUBNET))
        for t in _refs(index, att, "routeTableId", T.ROUTE_TABLE, T.DEFAULT_ROUTE_TABLE)
    ]
    return attached or _refs(index, subnet, "routeTableId", T.ROUTE_TABLE, T.DEFAULT_ROUTE_TABLE)


def _strings(value: Any) -> set[str]:
    """Known strings of a string or a list of them (the SDK's list proxy included); unknowns are left out."""
    value = peek({"v": value}, "v")
    if isinstance(value, str):
        return set() if is_unknown(value) else {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str) and not is_unknown(v)}
    return set()


# NET-1 -------------------------------------------------------------------------------------------


@stack_policy(
    name="oke-endpoint-subnet-private",
    controls=["NET-1"],
    description="The cluster's Kubernetes API endpoint sits in a private subnet.",
    remediation="Put endpoint_config.subnet_id in a subnet with prohibit_public_ip_on_vnic=true.",
)
def endpoint_subnet_private(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    for cluster in index.of_type(T.CLUSTER):
        for subnet in _refs(index, cluster, "endpointConfig", T.SUBNET):
            with deciding(subnet):
                if not _is_private(subnet):
                    report(
                        f"the API endpoint of cluster {cluster.name!r} is in {_label(subnet)}, which allows public "
                        "IPs (prohibit_public_ip_on_vnic is not true) (NET-1)",
                        cluster.urn,
                    )


# NET-2 -------------------------------------------------------------------------------------------


def _node_subnets(index: StackIndex, pool: PolicyResource) -> list[PolicyResource]:
    props = (
        ("nodeConfigDetails", "subnetIds")
        if pool.resource_type == T.NODE_POOL
        else ("placementConfigurations", "podConfiguration")
    )
    found: dict[str, PolicyResource] = {}
    for prop in props:
        for s in _refs(index, pool, prop, T.SUBNET):
            found[s.urn] = s
    return list(found.values())


def _refs(index: StackIndex, resource: PolicyResource, prop: str, *types: str) -> list[PolicyResource]:
    """``index.refs``; a reference that cannot be resolved yet defers ``resource`` and counts as none."""
    with deciding(resource):
        return index.refs(resource, prop, *types)
    return []


@stack_policy(
    name="oke-node-subnets-private",
    controls=["NET-2"],
    description="Node pools (and their pod subnets) use only private subnets.",
    remediation="Set prohibit_internet_ingress=true (which sets prohibit_public_ip_on_vnic) or "
    "prohibit_public_ip_on_vnic=true on worker and pod subnets.",
)
def node_subnets_private(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    for pool in index.of_type(T.NODE_POOL, T.VIRTUAL_NODE_POOL):
        for subnet in _node_subnets(index, pool):
            with deciding(subnet):
                if not _is_private(subnet):
                    report(
                        f"node pool {pool.name!r} uses {_label(subnet)}, which is not private (neither "
                        "prohibit_internet_ingress nor prohibit_public_ip_on_vnic makes it so) (NET-2)",
                        subnet.urn,
                    )


# NET-3, NET-4: routes and gateways ---------------------------------------------------------------


@stack_policy(
    name="oke-private-route-no-igw",
    controls=["NET-4"],
    description="Only the declared public load-balancer subnet routes to an internet gateway.",
    remediation="Route private subnets to the service gateway (and a NAT gateway); keep internet-gateway "
    "routes on the public load-balancer subnet's own route table.",
)
def private_route_no_igw(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    for table in index.of_type(T.ROUTE_TABLE, T.DEFAULT_ROUTE_TABLE):
        with deciding(table):
            _judge_route_table(index, table, report)


def _judge_route_table(index: StackIndex, table: PolicyResource, report: StackReport) -> None:
    if not index.refs(table, "routeRules", T.INTERNET_GATEWAY):
        return
    if table.resource_type == T.DEFAULT_ROUTE_TABLE:
        report(
            f"the VCN's default route table {table.name!r} routes to an internet gateway, so every "
            "subnet without its own route table is exposed (NET-4)",
            table.urn,
        )
        return
    for subnet in _subnets_using(index, table, "routeTableId", T.ROUTE_TABLE):
        if _is_private(subnet) or not is_public_lb(subnet.props):
            report(
                f"route table {table.name!r} routes to an internet gateway but serves {_label(subnet)}, "
                "which is not a declared public load-balancer subnet (NET-4)",
                table.urn,
            )


def _routes_to_service_gateway(index: StackIndex, table: PolicyResource) -> bool:
    """A rule of ``table`` sends a service CIDR (destination_type SERVICE_CIDR_BLOCK) to a service gateway."""
    gateways = {g.urn for g in index.refs(table, "routeRules", T.SERVICE_GATEWAY)}
    for rule in get(table.props, "routeRules", []) or []:
        if str(get(rule, "destinationType", "")).upper() != "SERVICE_CIDR_BLOCK":
            continue
        # The gateway's id is unknown at a first preview: by_id misses it and the dependency decides.
        target = index.by_id(peek(rule, "networkEntityId"))
        if (target is not None and target.resource_type == T.SERVICE_GATEWAY) or (target is None and gateways):
            return True
    return False


def _private_subnets_to_route(index: StackIndex) -> dict[str, tuple[PolicyResource, str]]:
    """Worker, pod and API endpoint subnets of the stack's clusters and pools, with what uses them."""
    out: dict[str, tuple[PolicyResource, str]] = {}
    for cluster in index.of_type(T.CLUSTER):
        for s in _refs(index, cluster, "endpointConfig", T.SUBNET):
            out.setdefault(s.urn, (s, f"the API endpoint of cluster {cluster.name!r}"))
    for pool in index.of_type(T.NODE_POOL, T.VIRTUAL_NODE_POOL):
        for s in _node_subnets(index, pool):
            out.setdefault(s.urn, (s, f"node pool {pool.name!r}"))
    return out


@stack_policy(
    name="oke-private-route-service-gateway",
    controls=["NET-3"],
    description="The route table of every worker, pod and API endpoint subnet (its own, or one attached by "
    "RouteTableAttachment) sends the Oracle Services Network CIDR to a service gateway.",
    remediation="Add oci.core.ServiceGateway(services=[{service_id: <All <region> Services in Oracle Services "
    "Network>}]) and, in the subnet's route table, route_rules=[{destination: <that service's cidr_block>, "
    "destination_type: 'SERVICE_CIDR_BLOCK', network_entity_id: service_gateway.id}].",
)
def private_route_service_gateway(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    for subnet, user in _private_subnets_to_route(index).values():
        with deciding(subnet):
            tables = _route_tables_of(index, subnet)
            if not tables:
                report(
                    f"{_label(subnet)} (used by {user}) has no route table of its own, so it uses the VCN's default "
                    "table: give it one that routes the Oracle services CIDR to a service gateway (NET-3)",
                    subnet.urn,
                )
                continue
            for table in tables:
                if not _routes_to_service_gateway(index, table):
                    report(
                        f"route table {table.name!r} of {_label(subnet)} (used by {user}) sends no Oracle services "
                        "CIDR (destination_type SERVICE_CIDR_BLOCK) to a service gateway, so OCIR, Object Storage "
                        "and the OKE services are reached over the internet or not at all (NET-3)",
                        table.urn,
                    )


def _same_vcn(index: StackIndex, a: PolicyResource, b: PolicyResource) -> bool:
    va, vb = peek(a.props, "vcnId"), peek(b.props, "vcnId")
    if isinstance(va, str) and va and not is_unknown(va) and va == vb:
        return True
    ua = {r.urn for r in index.refs(a, "vcnId", T.VCN)}
    return bool(ua & {r.urn for r in index.refs(b, "vcnId", T.VCN)})


@stack_policy(
    name="oke-igw-only-with-public-lb",
    controls=["NET-4"],
    description="An internet gateway exists only with an explicitly declared public load-balancer subnet.",
    remediation="Remove the internet gateway (use the NAT gateway for egress), or declare a public "
    "load-balancer subnet with a reason.",
)
def igw_only_with_public_lb(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    public = [s for s in index.of_type(T.SUBNET) if is_public_lb(s.props)]
    for igw in index.of_type(T.INTERNET_GATEWAY):
        with deciding(igw):
            if not any(_same_vcn(index, igw, s) for s in public):
                report(
                    f"internet gateway {igw.name!r} exists but its VCN has no declared public load-balancer "
                    "subnet (NET-4)",
                    igw.urn,
                )


# NET-5: security rules --------------------------------------------------------------------------


@stack_policy(
    name="oke-no-open-ingress",
    controls=["NET-5"],
    description="No ingress from 0.0.0.0/0 except ICMP type 3 code 4 and a declared public LB's listener ports.",
    remediation="Allow only the peers of the minimum rule table (oke_secure.builders.netrules); open listener "
    "ports to the internet only on a declared public load-balancer subnet.",
)
def no_open_ingress(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    for sl in index.of_type(T.SECURITY_LIST, T.DEFAULT_SECURITY_LIST):
        with deciding(sl):
            open_rules = [
                r for r in get(sl.props, "ingressSecurityRules", []) or [] if _open_source(r) and not _is_path_mtu(r)
            ]
            if open_rules:
                owners = _subnets_using(index, sl, "securityListIds", T.SECURITY_LIST)
            for rule in open_rules:
                if not _listener_ok(rule, False, owners):
                    report(f"{_label(sl)} admits protocol {_protocol(rule)} from 0.0.0.0/0 (NET-5)", sl.urn)
    for nsg_rule in index.of_type(T.NSG_RULE):
        with deciding(nsg_rule):
            props = nsg_rule.props
            if str(get(props, "direction", "")).upper() != "INGRESS" or not _open_source(props) or _is_path_mtu(props):
                continue
            if not _listener_ok(props, True, index.refs(nsg_rule, "networkSecurityGroupId", T.NSG)):
                report(f"{_label(nsg_rule)} admits protocol {_protocol(props)} from 0.0.0.0/0 (NET-5)", nsg_rule.urn)


def _ingress_rules(args: ResourceValidationArgs) -> Iterable[tuple[Any, bool]]:
    if args.resource_type == T.NSG_RULE:
        if str(get(args.props, "direction", "")).upper() == "INGRESS":
            yield args.props, True
        return
    for rule in get(args.props, "ingressSecurityRules", []) or []:
        yield rule, False


@resource_policy(
    name="oke-no-ssh-rdp",
    controls=["NET-5"],
    types=[T.SECURITY_LIST, T.DEFAULT_SECURITY_LIST, T.NSG_RULE],
    description="No rule admits SSH (22) or RDP (3389), from anywhere.",
    remediation="Remove the rule; reach nodes through the OCI Bastion service's managed SSH sessions if needed.",
)
def no_ssh_rdp(args: ResourceValidationArgs, report: Report) -> None:
    for rule, nsg in _ingress_rules(args):
        proto = _protocol(rule)
        if proto not in ("6", "17"):
            continue
        rng = _port_range(rule, nsg, proto)
        if rng is None:
            continue
        for port, what in ((_SSH, "SSH"), (_RDP, "RDP")):
            if rng[0] <= port <= rng[1] and not (proto == "17" and port == _SSH):
                report(f"a rule admits {what} (port {port}) from {get(rule, 'source', '?')} (NET-5)")


@stack_policy(
    name="oke-default-security-list-emptied",
    controls=["NET-5"],
    description="Every VCN's default security list is managed with no rules.",
    remediation="Add oci.core.DefaultSecurityList(manage_default_resource_id=vcn.default_security_list_id, "
    "ingress_security_rules=[], egress_security_rules=[]).",
)
def default_security_list_emptied(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    managed: set[str] = set()
    for dsl in index.of_type(T.DEFAULT_SECURITY_LIST):
        managed |= {v.urn for v in _refs(index, dsl, "manageDefaultResourceId", T.VCN)}
        with deciding(dsl):
            if get(dsl.props, "ingressSecurityRules") or get(dsl.props, "egressSecurityRules"):
                report(
                    f"default security list {dsl.name!r} still holds rules; subnets without their own list "
                    "get them implicitly (NET-5)",
                    dsl.urn,
                )
    for vcn in index.of_type(T.VCN):
        if vcn.urn not in managed:
            report(
                f"the default security list of VCN {vcn.name!r} is not managed and emptied; OCI's default "
                "admits SSH from 0.0.0.0/0 (NET-5)",
                vcn.urn,
            )


# NET-6: load-balancer subnets ---------------------------------------------------------------------


def _pools_of(index: StackIndex, cluster: PolicyResource) -> list[PolicyResource]:
    cid = peek(cluster.props, "id")
    return [
        p
        for p in index.of_type(T.NODE_POOL)
        if any(c.urn == cluster.urn for c in _refs(index, p, "clusterId", T.CLUSTER))
        or (isinstance(cid, str) and cid and not is_unknown(cid) and peek(p.props, "clusterId") == cid)
    ]


@stack_policy(
    name="oke-service-lb-subnets",
    controls=["NET-6"],
    description="Service load-balancer subnets are never worker subnets, and are private unless declared public.",
    remediation="Give load balancers their own private subnet in options.service_lb_subnet_ids; a public one "
    "only as a declared public load-balancer subnet.",
)
def service_lb_subnets(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    for cluster in index.of_type(T.CLUSTER):
        with deciding(cluster):
            _judge_lb_subnets(index, cluster, report)


def _judge_lb_subnets(index: StackIndex, cluster: PolicyResource, report: StackReport) -> None:
    lb_raw = _strings(peek(cluster.props, "options.serviceLbSubnetIds"))
    lb_subnets = index.refs(cluster, "options", T.SUBNET)
    lb_urns = {s.urn for s in lb_subnets}
    for pool in _pools_of(index, cluster):
        with deciding(pool):
            _judge_shared(index, cluster, pool, lb_raw, lb_urns, report)
    for subnet in lb_subnets:
        with deciding(subnet):
            if not _is_private(subnet) and not is_public_lb(subnet.props):
                report(
                    f"cluster {cluster.name!r} uses public {_label(subnet)} for load balancers without a declared "
                    "public load-balancer opt-in (NET-6)",
                    cluster.urn,
                )


def _judge_shared(
    index: StackIndex,
    cluster: PolicyResource,
    pool: PolicyResource,
    lb_raw: set[str],
    lb_urns: set[str],
    report: StackReport,
) -> None:
    raw = _strings(peek(pool.props, "subnetIds"))
    for pc in peek(pool.props, "nodeConfigDetails.placementConfigs", []) or []:
        raw |= _strings(peek(pc, "subnetId"))
    shared = {s.name for s in _node_subnets(index, pool) if s.urn in lb_urns} | (raw & lb_raw)
    if shared:
        report(
            f"cluster {cluster.name!r} places load balancers in the worker subnet(s) of node pool "
            f"{pool.name!r}: {', '.join(sorted(map(str, shared)))} (NET-6)",
            cluster.urn,
        )


# NET-9: flow logs ----------------------------------------------------------------------------------


@stack_policy(
    name="oke-flow-logs-per-subnet",
    controls=["NET-9"],
    enforcement=ADVISORY,
    description="Every subnet has a VCN flow log (service flowlogs, category all).",
    remediation="Add oci.logging.Log(log_type='SERVICE', configuration={'source': {'service': 'flowlogs', "
    "'category': 'all', 'resource': subnet.id, 'source_type': 'OCISERVICE'}}).",
)
def flow_logs_per_subnet(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    logged: set[str] = set()
    for log in index.of_type(T.LOG):
        source = peek(log.props, "configuration.source", {}) or {}
        if (
            peek(source, "service") == "flowlogs"
            and peek(source, "category") == "all"
            and peek(log.props, "isEnabled") is not False
        ):
            # Read without the proxy: the flow log names its subnet by id, unknown at a first preview; the
            # property dependency names it then. A log of unknown kind is not counted (an advisory gap).
            logged |= {s.urn for s in _refs(index, log, "configuration", T.SUBNET)}
    for subnet in index.of_type(T.SUBNET):
        if subnet.urn not in logged:
            report(f"{_label(subnet)} has no flow log (service flowlogs, category all) (NET-9)", subnet.urn)
