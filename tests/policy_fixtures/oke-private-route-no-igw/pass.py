"""Private subnets route to a NAT gateway; only the declared public LB subnet routes to the IGW (honours NET-4)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
nat = oci.core.NatGateway("nat", compartment_id=COMP, vcn_id=vcn.id)
igw = oci.core.InternetGateway("igw", compartment_id=COMP, vcn_id=vcn.id)
private_rt = oci.core.RouteTable(
    "private-rt",
    compartment_id=COMP,
    vcn_id=vcn.id,
    route_rules=[{"destination": "0.0.0.0/0", "destination_type": "CIDR_BLOCK", "network_entity_id": nat.id}],
)
public_rt = oci.core.RouteTable(
    "public-rt",
    compartment_id=COMP,
    vcn_id=vcn.id,
    route_rules=[{"destination": "0.0.0.0/0", "destination_type": "CIDR_BLOCK", "network_entity_id": igw.id}],
)
oci.core.Subnet(
    "workers",
    compartment_id=COMP,
    vcn_id=vcn.id,
    cidr_block="10.0.16.0/20",
    route_table_id=private_rt.id,
    prohibit_public_ip_on_vnic=True,
    prohibit_internet_ingress=True,
)
oci.core.Subnet(
    "public-lb",
    compartment_id=COMP,
    vcn_id=vcn.id,
    cidr_block="10.0.3.0/24",
    route_table_id=public_rt.id,
    prohibit_public_ip_on_vnic=False,
    freeform_tags={
        "oke-secure-role": "public-lb",
        "oke-secure-exception-NET-4": "public storefront load balancer for customers",
    },
)
