"""A private worker subnet whose route table sends 0.0.0.0/0 to an internet gateway (breaks NET-4)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
igw = oci.core.InternetGateway("igw", compartment_id=COMP, vcn_id=vcn.id)
rt = oci.core.RouteTable(
    "private-rt",
    compartment_id=COMP,
    vcn_id=vcn.id,
    route_rules=[{"destination": "0.0.0.0/0", "destination_type": "CIDR_BLOCK", "network_entity_id": igw.id}],
)
oci.core.Subnet(
    "workers",
    compartment_id=COMP,
    vcn_id=vcn.id,
    cidr_block="10.0.16.0/20",
    route_table_id=rt.id,
    prohibit_public_ip_on_vnic=True,
    prohibit_internet_ingress=True,
)
