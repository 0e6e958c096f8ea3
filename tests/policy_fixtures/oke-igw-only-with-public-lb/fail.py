"""An internet gateway in a VCN with only private subnets (breaks NET-4)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
oci.core.InternetGateway("igw", compartment_id=COMP, vcn_id=vcn.id)
oci.core.Subnet(
    "workers",
    compartment_id=COMP,
    vcn_id=vcn.id,
    cidr_block="10.0.16.0/20",
    prohibit_public_ip_on_vnic=True,
    prohibit_internet_ingress=True,
)
