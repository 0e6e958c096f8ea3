"""A dynamic group whose rule matches every instance in the tenancy root (breaks IAM-3)."""

import pulumi_oci as oci

TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"

oci.identity.DynamicGroup(
    "all-instances",
    compartment_id=TENANCY,
    name="all-instances",
    description="every instance",
    matching_rule=f"ALL {{instance.compartment.id = '{TENANCY}'}}",
)
