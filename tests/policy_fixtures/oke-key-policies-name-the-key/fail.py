"""Service policies that let OKE and Block Volume use every key in the compartment (breaks IAM-5)."""

import pulumi_oci as oci

COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"

oci.identity.Policy(
    "keys",
    compartment_id=COMPARTMENT,
    name="oke-keys",
    description="OKE keys",
    statements=[
        f"Allow service oke to use keys in compartment id {COMPARTMENT}",
        f"Allow service blockstorage to use keys in compartment id {COMPARTMENT} where request.region = 'fra'",
        f"Allow any-user to use key-delegates in compartment id {COMPARTMENT} where ANY "
        "{request.principal.type = 'nodepool', target.key.id = 'ocid1.key.oc1..aaaaaaaaboot'}",
    ],
)
