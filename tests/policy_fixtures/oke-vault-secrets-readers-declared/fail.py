"""The web pods mount secrets from a vault, but a node dynamic group may read every secret of the
compartment, that vault included (breaks IAM-4: only the declared service account reads it)."""

import pulumi_kubernetes as k8s
import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
VAULT = "ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaaexample"
CLUSTER = "ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaexample"

k8s.apiextensions.CustomResource(
    "db-secrets",
    api_version="secrets-store.csi.x-k8s.io/v1",
    kind="SecretProviderClass",
    metadata={"name": "db-secrets", "namespace": "web", "annotations": {"oke-secure.io/service-account": "web"}},
    spec={
        "provider": "oci",
        "parameters": {"secrets": "- name: db-password\n", "vaultId": VAULT, "authType": "workload"},
    },
)
oci.identity.Policy(
    "web-secrets",
    compartment_id=COMP,
    name="web-secrets",
    description="web reads its secrets",
    statements=[
        f"Allow any-user to read secret-bundles in compartment id {COMP} where all "
        f"{{request.principal.type = 'workload', request.principal.namespace = 'web', "
        f"request.principal.service_account = 'web', request.principal.cluster_id = '{CLUSTER}', "
        f"target.vault.id = '{VAULT}'}}",
    ],
)
oci.identity.Policy(
    "nodes",
    compartment_id=COMP,
    name="nodes",
    description="every node reads every secret",
    statements=[
        f"Allow dynamic-group id ocid1.dynamicgroup.oc1..aaaaaaaanodes to read secret-family in compartment id {COMP}"
    ],
)
