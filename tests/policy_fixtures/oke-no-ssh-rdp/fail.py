"""SSH from a corporate range and RDP through an NSG rule (breaks NET-5)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
oci.core.SecurityList(
    "workers-sl",
    compartment_id=COMP,
    vcn_id=vcn.id,
    ingress_security_rules=[{"protocol": "6", "source": "192.168.0.0/16", "tcp_options": {"min": 22, "max": 22}}],
)
nsg = oci.core.NetworkSecurityGroup("workers-nsg", compartment_id=COMP, vcn_id=vcn.id)
oci.core.NetworkSecurityGroupSecurityRule(
    "rdp",
    network_security_group_id=nsg.id,
    direction="INGRESS",
    protocol="6",
    source="192.168.0.0/16",
    source_type="CIDR_BLOCK",
    tcp_options={"destination_port_range": {"min": 3389, "max": 3389}},
)
