"""Policies granting manage cluster-family in the tenancy and manage all-resources (breaks IAM-2, IAM-3)."""

import pulumi_oci as oci

TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"

oci.identity.Policy(
    "platform-admins",
    compartment_id=TENANCY,
    name="platform-admins",
    description="too broad",
    statements=[
        "Allow group PlatformTeam to manage cluster-family in tenancy",
        "Allow dynamic-group oke-nodes to manage all-resources in compartment oke",
    ],
)
