"""Only ICMP 3/4 from anywhere, and port 443 open to the internet on the declared public LB subnet (honours NET-5)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
workers_sl = oci.core.SecurityList(
    "workers-sl",
    compartment_id=COMP,
    vcn_id=vcn.id,
    ingress_security_rules=[
        {"protocol": "1", "source": "0.0.0.0/0", "icmp_options": {"type": 3, "code": 4}},
        {"protocol": "6", "source": "10.0.3.0/24", "tcp_options": {"min": 30000, "max": 32767}},
    ],
)
oci.core.Subnet(
    "workers",
    compartment_id=COMP,
    vcn_id=vcn.id,
    cidr_block="10.0.16.0/20",
    security_list_ids=[workers_sl.id],
    prohibit_public_ip_on_vnic=True,
    prohibit_internet_ingress=True,
)
public_tags = {
    "oke-secure-role": "public-lb",
    "oke-secure-lb-ports": "443",
    "oke-secure-exception-NET-5": "public storefront load balancer for customers",
}
lb_sl = oci.core.SecurityList(
    "public-lb-sl",
    compartment_id=COMP,
    vcn_id=vcn.id,
    ingress_security_rules=[{"protocol": "6", "source": "0.0.0.0/0", "tcp_options": {"min": 443, "max": 443}}],
)
oci.core.Subnet(
    "public-lb",
    compartment_id=COMP,
    vcn_id=vcn.id,
    cidr_block="10.0.3.0/24",
    security_list_ids=[lb_sl.id],
    prohibit_public_ip_on_vnic=False,
    freeform_tags=public_tags,
)
lb_nsg = oci.core.NetworkSecurityGroup("public-lb-nsg", compartment_id=COMP, vcn_id=vcn.id, freeform_tags=public_tags)
oci.core.NetworkSecurityGroupSecurityRule(
    "https",
    network_security_group_id=lb_nsg.id,
    direction="INGRESS",
    protocol="6",
    source="0.0.0.0/0",
    source_type="CIDR_BLOCK",
    tcp_options={"destination_port_range": {"min": 443, "max": 443}},
)
