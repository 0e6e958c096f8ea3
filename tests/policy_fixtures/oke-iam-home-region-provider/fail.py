"""A dynamic group and its policy created through the default provider, i.e. in the stack's region (breaks DEP-1)."""

import pulumi_oci as oci

TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"
COMP = "ocid1.compartment.oc1..aaaaaaaaexample"

group = oci.identity.DynamicGroup(
    "nodes",
    compartment_id=TENANCY,
    name="nodes",
    description="nodes",
    matching_rule=f"ALL {{instance.compartment.id = '{COMP}'}}",
)
