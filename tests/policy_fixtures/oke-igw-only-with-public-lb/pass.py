"""An internet gateway next to an explicitly declared public load-balancer subnet (honours NET-4)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
oci.core.InternetGateway("igw", compartment_id=COMP, vcn_id=vcn.id)
oci.core.Subnet(
    "public-lb",
    compartment_id=COMP,
    vcn_id=vcn.id,
    cidr_block="10.0.3.0/24",
    prohibit_public_ip_on_vnic=False,
    freeform_tags={
        "oke-secure-role": "public-lb",
        "oke-secure-exception-NET-4": "public storefront load balancer for customers",
    },
)
