"""The same cluster, created only after the key policy exists (honours DEP-2)."""

import pulumi
import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"

key = oci.kms.Key(
    "secrets",
    compartment_id=COMP,
    display_name="secrets",
    key_shape={"algorithm": "AES", "length": 32},
    management_endpoint="https://example-management.kms.eu-frankfurt-1.oraclecloud.com",
)
policy = oci.identity.Policy(
    "oke-keys",
    compartment_id=COMP,
    name="oke-keys",
    description="OKE may use the secrets key",
    statements=key.id.apply(
        lambda k: [f"Allow service oke to use keys in compartment id {COMP} where target.key.id = '{k}'"]
    ),
)
oci.containerengine.Cluster(
    "cluster",
    compartment_id=COMP,
    name="cluster",
    vcn_id="ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample",
    kubernetes_version="v1.33.1",
    kms_key_id=key.id,
    endpoint_config={"subnet_id": "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaapi", "is_public_ip_enabled": False},
    opts=pulumi.ResourceOptions(depends_on=[policy]),
)
