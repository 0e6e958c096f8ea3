"""Worker rules for the API endpoint and NodePorts only; no SSH, no RDP (honours NET-5)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
oci.core.SecurityList(
    "workers-sl",
    compartment_id=COMP,
    vcn_id=vcn.id,
    ingress_security_rules=[{"protocol": "6", "source": "10.0.0.0/28", "tcp_options": {"min": 10250, "max": 10250}}],
)
nsg = oci.core.NetworkSecurityGroup("workers-nsg", compartment_id=COMP, vcn_id=vcn.id)
oci.core.NetworkSecurityGroupSecurityRule(
    "nodeports",
    network_security_group_id=nsg.id,
    direction="INGRESS",
    protocol="6",
    source="10.0.2.0/24",
    source_type="CIDR_BLOCK",
    tcp_options={"destination_port_range": {"min": 30000, "max": 32767}},
)
