"""Humans get use clusters in the compartment; a pool's group gets one scoped grant (honours IAM-2, IAM-3)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"

oci.identity.Policy(
    "cluster-users",
    compartment_id=COMP,
    name="cluster-users",
    description="narrow grants",
    statements=[
        f"Allow group id ocid1.group.oc1..aaaaaaaadevelopers to use clusters in compartment id {COMP}",
        f"Allow dynamic-group id ocid1.dynamicgroup.oc1..aaaaaaaalogs to manage objects in compartment id {COMP} "
        "where target.bucket.name = 'logs'",
    ],
)
