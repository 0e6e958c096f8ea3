"""A VCN whose default security list is managed with no rules (honours NET-5)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
oci.core.DefaultSecurityList(
    "default-sl",
    manage_default_resource_id=vcn.default_security_list_id,
    compartment_id=COMP,
    ingress_security_rules=[],
    egress_security_rules=[],
)
