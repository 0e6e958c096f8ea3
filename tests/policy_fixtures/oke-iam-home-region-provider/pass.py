"""The same dynamic group through an explicit provider in the tenancy's home region (honours DEP-1)."""

import pulumi
import pulumi_oci as oci

TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"
COMP = "ocid1.compartment.oc1..aaaaaaaaexample"

home = oci.Provider("home-region", region="us-ashburn-1")
group = oci.identity.DynamicGroup(
    "nodes",
    compartment_id=TENANCY,
    name="nodes",
    description="nodes",
    matching_rule=f"ALL {{instance.compartment.id = '{COMP}'}}",
    opts=pulumi.ResourceOptions(provider=home),
)
