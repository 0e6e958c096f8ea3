"""Only the declared service account reads the vault the web pods mount secrets from; another grant
is pinned to another vault (honours IAM-4)."""

import pulumi_kubernetes as k8s
import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
VAULT = "ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaaexample"
OTHER = "ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaaother"
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
    description="nodes read the platform vault only",
    statements=[
        f"Allow dynamic-group id ocid1.dynamicgroup.oc1..aaaaaaaanodes to read secret-family "
        f"in compartment id {COMP} where target.vault.id = '{OTHER}'"
    ],
)
