"""A worker security list and an NSG rule open to 0.0.0.0/0 (breaks NET-5)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
sl = oci.core.SecurityList(
    "workers-sl",
    compartment_id=COMP,
    vcn_id=vcn.id,
    ingress_security_rules=[{"protocol": "6", "source": "0.0.0.0/0", "tcp_options": {"min": 30000, "max": 32767}}],
)
oci.core.Subnet(
    "workers",
    compartment_id=COMP,
    vcn_id=vcn.id,
    cidr_block="10.0.16.0/20",
    security_list_ids=[sl.id],
    prohibit_public_ip_on_vnic=True,
    prohibit_internet_ingress=True,
)
nsg = oci.core.NetworkSecurityGroup("api-nsg", compartment_id=COMP, vcn_id=vcn.id)
oci.core.NetworkSecurityGroupSecurityRule(
    "api-open",
    network_security_group_id=nsg.id,
    direction="INGRESS",
    protocol="6",
    source="0.0.0.0/0",
    source_type="CIDR_BLOCK",
    tcp_options={"destination_port_range": {"min": 6443, "max": 6443}},
)
