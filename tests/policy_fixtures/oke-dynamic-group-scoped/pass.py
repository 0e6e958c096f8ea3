"""A dynamic group matching one pool's instances: compartment plus defined tag (honours IAM-3)."""

import pulumi_oci as oci

TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"
COMP = "ocid1.compartment.oc1..aaaaaaaaexample"

oci.identity.DynamicGroup(
    "log-archiver",
    compartment_id=TENANCY,
    name="oke-log-archiver",
    description="instances of the log-archiver node pool",
    matching_rule=f"ALL {{instance.compartment.id = '{COMP}', tag.Workloads.workload.value = 'log-archiver'}}",
)
