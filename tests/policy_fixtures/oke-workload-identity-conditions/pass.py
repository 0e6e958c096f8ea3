"""A workload-identity grant with all four conditions (honours IAM-4)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
CLUSTER = "ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaexample"

oci.identity.Policy(
    "logs-writer",
    compartment_id=COMP,
    name="logs-writer",
    description="one service account on one cluster",
    statements=[
        f"Allow any-user to manage objects in compartment id {COMP} where all "
        "{request.principal.type = 'workload', request.principal.namespace = 'logging', "
        f"request.principal.service_account = 'shipper', request.principal.cluster_id = '{CLUSTER}'}}",
    ],
)
