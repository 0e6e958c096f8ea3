"""A workload-identity grant missing the service-account and cluster conditions (breaks IAM-4)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"

oci.identity.Policy(
    "logs-writer",
    compartment_id=COMP,
    name="logs-writer",
    description="any pod of the namespace, on any cluster",
    statements=[
        f"Allow any-user to manage objects in compartment id {COMP} where all "
        "{request.principal.type = 'workload', request.principal.namespace = 'logging'}",
    ],
)
