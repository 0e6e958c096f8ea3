"""A vault and key created with protect=True (honours DS-1)."""

import pulumi
import pulumi_oci as oci

COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"
keep = pulumi.ResourceOptions(protect=True)

vault = oci.kms.Vault("vault", compartment_id=COMPARTMENT, display_name="oke", vault_type="DEFAULT", opts=keep)
oci.kms.Key(
    "secrets",
    compartment_id=COMPARTMENT,
    display_name="secrets",
    key_shape={"algorithm": "AES", "length": 32},
    management_endpoint=vault.management_endpoint,
    opts=keep,
)
