"""Secrets read as files (honours AC-2, CIS OKE 4.4.1): the Secret is mounted as a volume and the
application is told where the file is; env takes plain values, ConfigMaps and the downward API; a
legacy image that only reads its environment records why on the workload."""

import pulumi_kubernetes as k8s

IMAGE = "eu-frankfurt-1.ocir.io/acme/shop@sha256:" + "f" * 64

k8s.apps.v1.Deployment(
    "orders",
    metadata={"name": "orders", "namespace": "shop"},
    spec={
        "selector": {"matchLabels": {"app": "orders"}},
        "template": {
            "metadata": {"labels": {"app": "orders"}},
            "spec": {
                "volumes": [{"name": "db", "secret": {"secretName": "orders-db"}}],
                "containers": [
                    {
                        "name": "orders",
                        "image": IMAGE,
                        "volumeMounts": [{"name": "db", "mountPath": "/var/run/secrets/db", "readOnly": True}],
                        "env": [
                            {"name": "DB_PASSWORD_FILE", "value": "/var/run/secrets/db/password"},
                            {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                            {
                                "name": "FEATURES",
                                "valueFrom": {"configMapKeyRef": {"name": "orders", "key": "features"}},
                            },
                        ],
                        "envFrom": [{"configMapRef": {"name": "orders"}}],
                    }
                ],
            },
        },
    },
)

k8s.apps.v1.Deployment(
    "legacy-billing",
    metadata={
        "name": "legacy-billing",
        "namespace": "shop",
        "annotations": {"oke-secure.io/exception-AC-2": "vendor image reads BILLING_TOKEN only from its environment"},
    },
    spec={
        "selector": {"matchLabels": {"app": "legacy-billing"}},
        "template": {
            "metadata": {"labels": {"app": "legacy-billing"}},
            "spec": {
                "containers": [{"name": "billing", "image": IMAGE, "envFrom": [{"secretRef": {"name": "billing"}}]}]
            },
        },
    },
)
