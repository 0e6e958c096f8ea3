import base64
import sys

import pulumi
import pulumi_oci as oci

config = pulumi.Config()
compartment = config.require("compartment")
password = config.require_secret("admin_password")
protect = config.require_bool("protect_keys")

with open("templates/cloud-init.sh") as f:
    user_data = base64.b64encode(f.read().encode()).decode()
print(f"cloud-init is {len(user_data)} bytes base64")
print("warning: keys are not protected", file=sys.stderr)

vault = oci.kms.Vault("app-vault", compartment_id=compartment, display_name="app-vault", vault_type="DEFAULT",
                      opts=pulumi.ResourceOptions(protect=protect))
key = oci.kms.Key("app-key", compartment_id=compartment, display_name="app-key",
                  management_endpoint=vault.management_endpoint,
                  key_shape={"algorithm": "AES", "length": config.require_int("key_length")},
                  opts=pulumi.ResourceOptions(protect=protect))
secret = oci.vault.Secret("admin-password", compartment_id=compartment, vault_id=vault.id, key_id=key.id,
                          secret_name="admin-password",
                          secret_content={"content_type": "BASE64",
                                          "content": password.apply(lambda p: base64.b64encode(p.encode()).decode())})
pulumi.export("secret_id", secret.id)
pulumi.export("user_data_size", len(user_data))
