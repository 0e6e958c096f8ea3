"""A SecretProviderClass that reads OCI Vault as the pod's service account (workload identity; honours AC-2)."""

import pulumi_kubernetes as k8s

k8s.apiextensions.CustomResource(
    "db-secrets",
    api_version="secrets-store.csi.x-k8s.io/v1",
    kind="SecretProviderClass",
    metadata={"name": "db-secrets", "namespace": "web"},
    spec={
        "provider": "oci",
        "parameters": {
            "secrets": "- name: db-password\n",
            "vaultId": "ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaaexample",
            "authType": "workload",
        },
    },
)
