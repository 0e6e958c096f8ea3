"""The API reads its database password from OCI Vault through the Secrets Store CSI driver (workload
identity); its env carries only configuration (honours AC-2)."""

import pulumi_kubernetes as k8s

k8s.apps.v1.Deployment(
    "api",
    metadata={"name": "api", "namespace": "shop"},
    spec={
        "selector": {"matchLabels": {"app": "api"}},
        "template": {
            "metadata": {"labels": {"app": "api"}},
            "spec": {
                "serviceAccountName": "api",
                "containers": [
                    {
                        "name": "api",
                        "image": "eu-frankfurt-1.ocir.io/acme/api@sha256:" + "a" * 64,
                        "env": [
                            {"name": "LOG_LEVEL", "value": "info"},
                            {"name": "DB_PASSWORD_FILE", "value": "/mnt/secrets/db-password"},
                        ],
                        "volumeMounts": [{"name": "secrets", "mountPath": "/mnt/secrets", "readOnly": True}],
                    }
                ],
                "volumes": [
                    {
                        "name": "secrets",
                        "csi": {
                            "driver": "secrets-store.csi.k8s.io",
                            "readOnly": True,
                            "volumeAttributes": {"secretProviderClass": "api-secrets"},
                        },
                    }
                ],
            },
        },
    },
)
