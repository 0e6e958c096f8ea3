"""A hand-written cluster whose API endpoint sits in a private subnet (honours NET-1)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
api = oci.core.Subnet(
    "api",
    compartment_id=COMP,
    vcn_id=vcn.id,
    cidr_block="10.0.0.0/28",
    prohibit_public_ip_on_vnic=True,
    prohibit_internet_ingress=True,
)
oci.containerengine.Cluster(
    "cluster",
    compartment_id=COMP,
    kubernetes_version="v1.33.1",
    vcn_id=vcn.id,
    endpoint_config={"is_public_ip_enabled": False, "subnet_id": api.id},
)
