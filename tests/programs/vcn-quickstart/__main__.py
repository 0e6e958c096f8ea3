import pulumi
import pulumi_oci as oci

config = pulumi.Config()
compartment_ocid = config.require("compartment_ocid")
vcn_cidr = config.get("vcn_cidr")

ads = oci.identity.get_availability_domains(compartment_id=compartment_ocid)
first_ad = ads.availability_domains[0].name

vcn = oci.core.Vcn("quickstart-vcn",
    compartment_id=compartment_ocid,
    cidr_blocks=[vcn_cidr],
    display_name="quickstart-vcn",
    dns_label="quickstart")

igw = oci.core.InternetGateway("quickstart-igw",
    compartment_id=compartment_ocid, vcn_id=vcn.id, enabled=True)

rt = oci.core.RouteTable("quickstart-rt",
    compartment_id=compartment_ocid, vcn_id=vcn.id,
    route_rules=[oci.core.RouteTableRouteRuleArgs(
        destination="0.0.0.0/0", destination_type="CIDR_BLOCK", network_entity_id=igw.id)])

sl = oci.core.SecurityList("quickstart-sl",
    compartment_id=compartment_ocid, vcn_id=vcn.id,
    egress_security_rules=[{"destination": "0.0.0.0/0", "protocol": "all"}],
    ingress_security_rules=[{
        "source": "0.0.0.0/0", "protocol": "6",
        "tcp_options": {"min": 22, "max": 22},
    }])

subnet = oci.core.Subnet("quickstart-public",
    compartment_id=compartment_ocid, vcn_id=vcn.id,
    cidr_block="10.1.1.0/24", availability_domain=first_ad,
    route_table_id=rt.id, security_list_ids=[sl.id],
    prohibit_public_ip_on_vnic=False)

print(f"placing the subnet in {first_ad}")
pulumi.export("vcn_id", vcn.id)
pulumi.export("subnet_cidr", subnet.cidr_block)
