"""Service policies that each name one key with target.key.id (honours IAM-5)."""

import pulumi_oci as oci

COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"
KEY = "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaaboot"

oci.identity.Policy(
    "keys",
    compartment_id=COMPARTMENT,
    name="oke-keys",
    description="OKE keys",
    statements=[
        f"Allow service oke to use key-delegates in compartment id {COMPARTMENT} where target.key.id = '{KEY}'",
        f"Allow service blockstorage to use keys in compartment id {COMPARTMENT} where target.key.id = '{KEY}'",
        f"Allow any-user to use key-delegates in compartment id {COMPARTMENT} where ALL "
        f"{{request.principal.type = 'nodepool', target.key.id = '{KEY}'}}",
        f"Allow group ops to use clusters in compartment id {COMPARTMENT}",
    ],
)
