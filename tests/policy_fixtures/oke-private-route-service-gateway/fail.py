"""Worker subnet whose route table, attached through RouteTableAttachment, has a NAT route but no route
of the Oracle services CIDR to a service gateway (breaks NET-3)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import COMP, hardened_pool_args

vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
nat = oci.core.NatGateway("nat", compartment_id=COMP, vcn_id=vcn.id)
workers = oci.core.Subnet(
    "workers", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20", prohibit_internet_ingress=True
)
nat_only = oci.core.RouteTable(
    "nat-only",
    compartment_id=COMP,
    vcn_id=vcn.id,
    route_rules=[{"destination": "0.0.0.0/0", "destination_type": "CIDR_BLOCK", "network_entity_id": nat.id}],
)
oci.core.RouteTableAttachment("workers-rt", subnet_id=workers.id, route_table_id=nat_only.id)
args = hardened_pool_args()
args["node_config_details"]["placement_configs"][0]["subnet_id"] = workers.id
oci.containerengine.NodePool("web", **args)
