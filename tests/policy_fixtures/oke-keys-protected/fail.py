"""A vault and key without protect=True (breaks CL-4/DS-1)."""

import pulumi_oci as oci

COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"

vault = oci.kms.Vault("vault", compartment_id=COMPARTMENT, display_name="oke", vault_type="DEFAULT")
oci.kms.Key(
    "secrets",
    compartment_id=COMPARTMENT,
    display_name="secrets",
    key_shape={"algorithm": "AES", "length": 32},
    management_endpoint=vault.management_endpoint,
)
