"""A private network as our platform team builds it: no internet gateway, service gateway only."""
from dataclasses import dataclass

import pulumi
import pulumi_oci as oci


@dataclass
class NetworkArgs:
    compartment_id: str
    cidr: str
    subnets: dict


class PrivateNetwork(pulumi.ComponentResource):
    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("platform:network:PrivateNetwork", name, {}, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.vcn = oci.core.Vcn(f"{name}-vcn", compartment_id=args.compartment_id,
                                cidr_blocks=[args.cidr], dns_label=name.replace("-", "")[:15], opts=child)
        # Empty the default security list: nothing may rely on it.
        oci.core.DefaultSecurityList(f"{name}-default-sl", manage_default_resource_id=self.vcn.default_security_list_id,
                                     compartment_id=args.compartment_id, opts=child)
        services = oci.core.get_services()
        all_services = [s for s in services.services if s.name.startswith("All")][0]
        sgw = oci.core.ServiceGateway(f"{name}-sgw", compartment_id=args.compartment_id, vcn_id=self.vcn.id,
                                      services=[{"service_id": all_services.id}], opts=child)
        rt = oci.core.RouteTable(f"{name}-private-rt", compartment_id=args.compartment_id, vcn_id=self.vcn.id,
                                 route_rules=[{"destination": all_services.cidr_block,
                                               "destination_type": "SERVICE_CIDR_BLOCK",
                                               "network_entity_id": sgw.id}], opts=child)
        sl = oci.core.SecurityList(f"{name}-private-sl", compartment_id=args.compartment_id, vcn_id=self.vcn.id,
                                   ingress_security_rules=[{"source": args.cidr, "protocol": "6",
                                                            "tcp_options": {"min": 443, "max": 443}}],
                                   egress_security_rules=[{"destination": all_services.cidr_block,
                                                           "destination_type": "SERVICE_CIDR_BLOCK", "protocol": "6"}],
                                   opts=child)
        self.subnet_ids = {}
        for label, cidr in args.subnets.items():
            subnet = oci.core.Subnet(f"{name}-{label}", compartment_id=args.compartment_id, vcn_id=self.vcn.id,
                                     cidr_block=cidr, prohibit_public_ip_on_vnic=True, route_table_id=rt.id,
                                     security_list_ids=[sl.id], opts=child)
            self.subnet_ids[label] = subnet.id
        self.register_outputs({"vcn_id": self.vcn.id, "subnet_ids": self.subnet_ids})
