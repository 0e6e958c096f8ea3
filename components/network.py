"""The private network layer of an OKE stack (NET-1 to NET-6, NET-9).

A VCN (or an existing one, where only what is missing is created), private regional subnets for the
Kubernetes API endpoint, the workers, the pods (VCN-native) and internal load balancers, an opt-in public
load-balancer subnet, a service gateway to all Oracle Services Network services, a NAT gateway for
outbound-only internet (optional), the minimum security rules of :mod:`oke_secure.builders.netrules` as security
lists or NSGs, an emptied default security list and VCN flow logs for every subnet.
"""

from typing import Any, NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci
from pulumi.runtime.sync_await import _sync_await

from oke_secure.builders import netrules
from oke_secure.builders.netrules import LB_PORTS_TAG, ROLE_TAG
from oke_secure.components._common import check_args, child, exception_tags, name_prefix, tags, token
from oke_secure.components._validate import validated
from oke_secure.spec import NetworkSpec
from oke_secure.spec.cidr import ANYWHERE
from oke_secure.spec.errors import Problem, SpecError
from oke_secure.spec.inputs import NetworkSpecInput

#: Flow-log retention in days (OCI accepts multiples of 30 up to 180).
FLOW_LOG_RETENTION_DAYS = 90

_SUBNET_DNS = {"api": "api", "workers": "workers", "pods": "pods", "lb": "lb", "public-lb": "publb"}
_SUBNET_LABEL = {
    "api": "Kubernetes API endpoint",
    "workers": "worker nodes",
    "pods": "pods",
    "lb": "internal load balancers",
    "public-lb": "public load balancers",
}


class NetworkArgs(TypedDict):
    """Arguments of :class:`Network`."""

    compartment_id: Required[pulumi.Input[str]]
    """OCID of the compartment every network resource is created in (IAM-1)."""
    network: NotRequired[NetworkSpecInput]
    """The network spec (fields of ``oke_secure.spec.NetworkSpec``: vcn_id, vcn_cidr, cni, subnets,
    pods_cidr, services_cidr, internet_egress, rule_mode, admin_cidrs, public_load_balancer); validated
    before any resource is created. Defaults are the hardened choice."""
    bastion_enabled: NotRequired[bool]
    """Allow TCP 6443 to the API endpoint from the API subnet itself, where the OCI Bastion service's
    private endpoint lives (default true, AC-1)."""
    virtual_lb_backends: NotRequired[bool]
    """Load balancers target pods on virtual nodes (a namespace of a virtual pool allows load balancers,
    ``netrules.virtual_lb_namespaces``): add the load balancer -> pods NodePort and health-check rules
    (default false; VCN-native only, as virtual nodes are)."""
    name_prefix: NotRequired[str]
    """Prefix of display names (default: the component's name)."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags added to every resource."""


def _dns_label(prefix: str) -> str:
    label = "".join(c for c in prefix.lower() if c.isalnum())
    if not label or not label[0].isalpha():
        label = f"v{label}"
    return label[:15]


class Network(pulumi.ComponentResource):
    """A private OKE network: VCN, private subnets, gateways, minimum rules and flow logs.

    Controls built: NET-1 (private API subnet with an NSG), NET-2 (private worker and pod subnets),
    NET-3 (service gateway, OSN routes), NET-4 (NAT only, IGW only with a public LB subnet), NET-5
    (minimum rules, default security list emptied), NET-6 (internal LB subnet, public only by opt-in),
    NET-9 (flow logs for every subnet).

    Every subnet has its own security list and every role its own NSG, in both rule modes: with
    ``rule_mode: security-lists`` the rules live in the lists and the NSGs are empty (ready for the API
    endpoint, node pools and ``oci.oraclecloud.com/oci-network-security-groups`` annotations); with
    ``rule_mode: nsg`` the rules are NSG-to-NSG and the lists are empty. The VCN's default list is never
    used by these subnets; for a created VCN it is also managed and emptied. With an existing VCN, its
    available service, NAT and internet gateways are reused, and its default security list is left to
    its owner.
    """

    vcn_id: pulumi.Output[str]
    """The VCN (created or given)."""
    api_subnet_id: pulumi.Output[str]
    """Private regional subnet of the Kubernetes API endpoint."""
    worker_subnet_id: pulumi.Output[str]
    """Private regional subnet of the worker nodes."""
    pod_subnet_id: pulumi.Output[str] | None
    """Private pod subnet (VCN-native); None with flannel."""
    lb_subnet_id: pulumi.Output[str]
    """Private subnet for internal load balancers."""
    public_lb_subnet_id: pulumi.Output[str] | None
    """Public load-balancer subnet; None unless opted in."""
    api_nsg_id: pulumi.Output[str]
    """NSG of the Kubernetes API endpoint."""
    worker_nsg_id: pulumi.Output[str]
    """NSG for worker nodes."""
    pod_nsg_id: pulumi.Output[str] | None
    """NSG for pods (VCN-native); None with flannel."""
    lb_nsg_id: pulumi.Output[str]
    """NSG for internal load balancers."""
    public_lb_nsg_id: pulumi.Output[str] | None
    """NSG for public load balancers; None unless opted in."""
    flow_log_group_id: pulumi.Output[str]
    """Log group holding the VCN flow logs."""

    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("Network", args, NetworkArgs)
        spec = validated(NetworkSpec, args.get("network"), "network")  # fails before any child exists
        super().__init__(token("Network"), name, None, opts)
        self.spec = spec
        compartment_id = args["compartment_id"]
        prefix = name_prefix(args, name)
        base_tags = tags(args.get("freeform_tags"))
        bastion = bool(args.get("bastion_enabled", True))
        public = spec.public_load_balancer

        def role_tags(role: str, *, opt_in: bool = True) -> dict[str, str]:
            """Tags of a resource serving ``role``; the public LB subnet and NSG also carry the opt-in."""
            out = {**base_tags, ROLE_TAG: role}
            if opt_in and role == "public-lb" and public is not None:
                out.update(exception_tags({"NET-4": public.reason, "NET-5": public.reason}))
                out[LB_PORTS_TAG] = ",".join(str(p) for p in sorted(set(public.ports)))
            return out

        # VCN (created, or given) and its gateways --------------------------------------------
        existing: dict[str, str] = (
            self._existing_gateways(_known_id(spec.vcn_id, "network.vcn_id")) if spec.vcn_id else {}
        )
        if spec.vcn_id is None:
            vcn = oci.core.Vcn(
                f"{name}-vcn",
                compartment_id=compartment_id,
                cidr_blocks=[spec.vcn_cidr],
                display_name=f"{prefix}-vcn",
                dns_label=_dns_label(prefix),
                freeform_tags=base_tags,
                opts=child(self),
            )
            vcn_id: pulumi.Output[str] = vcn.id
            oci.core.DefaultSecurityList(
                f"{name}-default-security-list",
                manage_default_resource_id=vcn.default_security_list_id,
                compartment_id=compartment_id,
                display_name=f"{prefix}-default-security-list-empty",
                ingress_security_rules=[],
                egress_security_rules=[],
                freeform_tags=base_tags,
                opts=child(self),
            )
        else:
            vcn_id = pulumi.Output.from_input(spec.vcn_id)
        created_vcn = spec.vcn_id is None

        services = oci.core.get_services_output(opts=pulumi.InvokeOutputOptions(parent=self))
        osn = services.services.apply(self._osn)
        osn_id = osn.apply(lambda s: str(s["id"]))
        osn_cidr = osn.apply(lambda s: str(s["cidr_block"]))

        sgw_id: pulumi.Input[str]
        if existing.get("service"):
            sgw_id = existing["service"]
        else:
            sgw_id = oci.core.ServiceGateway(
                f"{name}-service-gateway",
                compartment_id=compartment_id,
                vcn_id=vcn_id,
                services=[{"service_id": osn_id}],
                display_name=f"{prefix}-service-gateway",
                freeform_tags=base_tags,
                opts=child(self),
            ).id
        nat_id: pulumi.Input[str] | None = None
        if spec.internet_egress:
            nat_id = (
                existing.get("nat")
                or oci.core.NatGateway(
                    f"{name}-nat-gateway",
                    compartment_id=compartment_id,
                    vcn_id=vcn_id,
                    display_name=f"{prefix}-nat-gateway",
                    block_traffic=False,
                    freeform_tags=base_tags,
                    opts=child(self),
                ).id
            )
        igw_id: pulumi.Input[str] | None = None
        if public is not None:
            igw_id = (
                existing.get("internet")
                or oci.core.InternetGateway(
                    f"{name}-internet-gateway",
                    compartment_id=compartment_id,
                    vcn_id=vcn_id,
                    enabled=True,
                    display_name=f"{prefix}-internet-gateway",
                    freeform_tags=role_tags("public-lb", opt_in=False),
                    opts=child(self),
                ).id
            )

        # Route tables: private (OSN -> SGW, 0.0.0.0/0 -> NAT), internal LB (empty), public LB (IGW)
        private_routes: list[Any] = [
            {
                "destination": osn_cidr,
                "destination_type": "SERVICE_CIDR_BLOCK",
                "network_entity_id": sgw_id,
                "description": "Oracle Services Network through the service gateway (NET-3)",
            }
        ]
        if nat_id is not None:
            private_routes.append(
                {
                    "destination": ANYWHERE,
                    "destination_type": "CIDR_BLOCK",
                    "network_entity_id": nat_id,
                    "description": "outbound-only internet through the NAT gateway (NET-4)",
                }
            )
        private_rt = oci.core.RouteTable(
            f"{name}-private-route-table",
            compartment_id=compartment_id,
            vcn_id=vcn_id,
            display_name=f"{prefix}-private-routes",
            route_rules=private_routes,
            freeform_tags=base_tags,
            opts=child(self),
        )
        lb_rt = oci.core.RouteTable(
            f"{name}-lb-route-table",
            compartment_id=compartment_id,
            vcn_id=vcn_id,
            display_name=f"{prefix}-lb-routes",
            route_rules=[],
            freeform_tags=role_tags("lb"),
            opts=child(self),
        )
        route_table_of: dict[str, pulumi.Output[str]] = {
            "api": private_rt.id,
            "workers": private_rt.id,
            "pods": private_rt.id,
            "lb": lb_rt.id,
        }
        if igw_id is not None:
            route_table_of["public-lb"] = oci.core.RouteTable(
                f"{name}-public-lb-route-table",
                compartment_id=compartment_id,
                vcn_id=vcn_id,
                display_name=f"{prefix}-public-lb-routes",
                route_rules=[
                    {
                        "destination": ANYWHERE,
                        "destination_type": "CIDR_BLOCK",
                        "network_entity_id": igw_id,
                        "description": "public load balancers through the internet gateway (NET-4)",
                    }
                ],
                freeform_tags=role_tags("public-lb", opt_in=False),
                opts=child(self),
            ).id

        # Minimum rules (NET-5): security lists per subnet, NSGs per role ------------------------
        roles = netrules.roles_for(spec)
        rules = netrules.rules_for(spec, bastion=bastion, virtual_lb_backends=bool(args.get("virtual_lb_backends")))
        nsgs = {
            role: oci.core.NetworkSecurityGroup(
                f"{name}-{role}-nsg",
                compartment_id=compartment_id,
                vcn_id=vcn_id,
                display_name=f"{prefix}-{role}",
                freeform_tags=role_tags(role),
                opts=child(self),
            )
            for role in roles
        }
        if spec.rule_mode == "nsg":
            list_rules: dict[str, dict[str, list[Any]]] = {
                role: {"ingress_security_rules": [], "egress_security_rules": []} for role in roles
            }
            nsg_ids: dict[str, Any] = {role: nsg.id for role, nsg in nsgs.items()}
            # Rules of a VNIC without an NSG (the Bastion's private endpoint) stay in the subnet's list.
            subnet_only = [r for r in rules if netrules.subnet_only(r)]
            for role, body_lists in netrules.security_list_rules(subnet_only, spec, osn_cidr).items():
                list_rules[role] = body_lists
            for rule, body in netrules.nsg_rules(
                [r for r in rules if not netrules.subnet_only(r)], spec, osn_cidr, nsg_ids
            ):
                oci.core.NetworkSecurityGroupSecurityRule(
                    f"{name}-{rule.key}", network_security_group_id=nsg_ids[rule.role], **body, opts=child(self)
                )
        else:
            list_rules = netrules.security_list_rules(rules, spec, osn_cidr)
        security_lists = {
            role: oci.core.SecurityList(
                f"{name}-{role}-security-list",
                compartment_id=compartment_id,
                vcn_id=vcn_id,
                display_name=f"{prefix}-{role}",
                freeform_tags=role_tags(role, opt_in=False),
                ingress_security_rules=list_rules[role]["ingress_security_rules"],
                egress_security_rules=list_rules[role]["egress_security_rules"],
                opts=child(self),
            )
            for role in roles
        }

        # Subnets (regional) and their flow logs (NET-9) -------------------------------------------
        cidrs = netrules.subnet_cidrs(spec)
        log_group = oci.logging.LogGroup(
            f"{name}-flow-logs",
            compartment_id=compartment_id,
            display_name=f"{prefix}-vcn-flow-logs",
            description="VCN flow logs of every OKE subnet (NET-9)",
            freeform_tags=base_tags,
            opts=child(self),
        )
        subnets: dict[str, oci.core.Subnet] = {}
        for role in roles:
            private = role != "public-lb"
            subnets[role] = oci.core.Subnet(
                f"{name}-{role}-subnet",
                compartment_id=compartment_id,
                vcn_id=vcn_id,
                cidr_block=cidrs[role],
                display_name=f"{prefix}-{role}",
                dns_label=_SUBNET_DNS[role] if created_vcn else None,
                prohibit_public_ip_on_vnic=private,
                prohibit_internet_ingress=private,
                route_table_id=route_table_of[role],
                security_list_ids=[security_lists[role].id],
                freeform_tags=role_tags(role),
                opts=child(self),
            )
            oci.logging.Log(
                f"{name}-{role}-flow-log",
                display_name=f"{prefix}-{role}-flow-log",
                log_group_id=log_group.id,
                log_type="SERVICE",
                is_enabled=True,
                retention_duration=FLOW_LOG_RETENTION_DAYS,
                configuration={
                    "source": {
                        "category": "all",
                        "resource": subnets[role].id,
                        "service": "flowlogs",
                        "source_type": "OCISERVICE",
                    },
                    "compartment_id": compartment_id,
                },
                freeform_tags=base_tags,
                opts=child(self),
            )

        self.vcn_id = vcn_id
        self.api_subnet_id = subnets["api"].id
        self.worker_subnet_id = subnets["workers"].id
        self.pod_subnet_id = subnets["pods"].id if "pods" in subnets else None
        self.lb_subnet_id = subnets["lb"].id
        self.public_lb_subnet_id = subnets["public-lb"].id if "public-lb" in subnets else None
        self.api_nsg_id = nsgs["api"].id
        self.worker_nsg_id = nsgs["workers"].id
        self.pod_nsg_id = nsgs["pods"].id if "pods" in nsgs else None
        self.lb_nsg_id = nsgs["lb"].id
        self.public_lb_nsg_id = nsgs["public-lb"].id if "public-lb" in nsgs else None
        self.flow_log_group_id = log_group.id
        self.register_outputs(
            {
                "vcn_id": self.vcn_id,
                "api_subnet_id": self.api_subnet_id,
                "worker_subnet_id": self.worker_subnet_id,
                "pod_subnet_id": self.pod_subnet_id,
                "lb_subnet_id": self.lb_subnet_id,
                "public_lb_subnet_id": self.public_lb_subnet_id,
                "api_nsg_id": self.api_nsg_id,
                "worker_nsg_id": self.worker_nsg_id,
                "pod_nsg_id": self.pod_nsg_id,
                "lb_nsg_id": self.lb_nsg_id,
                "public_lb_nsg_id": self.public_lb_nsg_id,
                "flow_log_group_id": self.flow_log_group_id,
            }
        )

    @staticmethod
    def _osn(services: Any) -> dict[str, str]:
        found = netrules.osn_service([{"id": s.id, "name": s.name, "cidr_block": s.cidr_block} for s in services or []])
        if found is None:
            raise SpecError(
                [
                    Problem(
                        "network",
                        "the region lists no 'All <region> Services in Oracle Services Network' service (NET-3)",
                        "check the provider's region",
                    )
                ]
            )
        return {k: str(v) for k, v in found.items()}

    def _existing_gateways(self, vcn_id: str) -> dict[str, str]:
        """Available gateways of an existing VCN, reused instead of created (one SGW/IGW per VCN)."""
        inv = pulumi.InvokeOptions(parent=self)
        vcn = oci.core.get_vcn(vcn_id=vcn_id, opts=inv)
        compartment = vcn.compartment_id
        if not compartment:
            return {}
        out: dict[str, str] = {}
        sgws = (
            oci.core.get_service_gateways(
                compartment_id=compartment, vcn_id=vcn_id, state="AVAILABLE", opts=inv
            ).service_gateways
            or []
        )
        nats = (
            oci.core.get_nat_gateways(
                compartment_id=compartment, vcn_id=vcn_id, state="AVAILABLE", opts=inv
            ).nat_gateways
            or []
        )
        igws = (
            oci.core.get_internet_gateways(
                compartment_id=compartment, vcn_id=vcn_id, state="AVAILABLE", opts=inv
            ).gateways
            or []
        )
        for kind, found in (("service", sgws), ("nat", nats), ("internet", igws)):
            if found:
                out[kind] = found[0].id
        return out


def _known_id(value: Any, field: str) -> str:
    """The id ``value`` now: a string as it is, or the value of a Pulumi Output (``existing_vcn.id`` in a
    user's program, as the README's Way 2 shows).

    The gateway look-up decides which gateways to create, so it needs the value while the program
    runs. The SDK's own synchronous invokes wait on their futures the same way (pulumi/runtime/invoke.py
    calls ``_sync_await``); the id of a resource read with ``get`` is known even at preview. An id still
    unknown (a VCN created by the same program, at its first preview) is refused with the fix.
    """
    if isinstance(value, str):
        return value
    out = pulumi.Output.from_input(value)
    if not _sync_await(out.is_known()):
        raise SpecError(
            [
                Problem(
                    field,
                    "the VCN id is not known yet (a VCN created by this program has no id before its first update)",
                    "pass the id of an existing VCN (e.g. oci.core.Vcn.get(...).id or a config value), or "
                    "leave vcn_id out and let Network create the VCN",
                )
            ]
        )
    return str(_sync_await(out.future()))
