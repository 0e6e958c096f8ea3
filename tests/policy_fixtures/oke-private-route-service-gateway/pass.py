"""Worker subnet whose route table (attached through RouteTableAttachment, as Oracle's docs allow) sends
All <region> Services in Oracle Services Network to a service gateway (honours NET-3)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import COMP, hardened_pool_args

vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
services = oci.core.get_services_output()
sgw = oci.core.ServiceGateway(
    "sgw", compartment_id=COMP, vcn_id=vcn.id, services=[{"service_id": services.services[0].id}]
)
workers = oci.core.Subnet(
    "workers", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20", prohibit_internet_ingress=True
)
private_rt = oci.core.RouteTable(
    "private-rt",
    compartment_id=COMP,
    vcn_id=vcn.id,
    route_rules=[
        {
            "destination": services.services[0].cidr_block,
            "destination_type": "SERVICE_CIDR_BLOCK",
            "network_entity_id": sgw.id,
        }
    ],
)
oci.core.RouteTableAttachment("workers-rt", subnet_id=workers.id, route_table_id=private_rt.id)
args = hardened_pool_args()
args["node_config_details"]["placement_configs"][0]["subnet_id"] = workers.id
oci.containerengine.NodePool("web", **args)
