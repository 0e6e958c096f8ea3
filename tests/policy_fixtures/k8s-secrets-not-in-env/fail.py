"""Secrets passed to containers through their environment (breaks AC-2, CIS OKE 4.4.1): one key by
env valueFrom.secretKeyRef, and a whole Secret by envFrom.secretRef in an init container."""

import pulumi_kubernetes as k8s

IMAGE = "eu-frankfurt-1.ocir.io/acme/shop@sha256:" + "e" * 64

k8s.apps.v1.Deployment(
    "orders",
    metadata={"name": "orders", "namespace": "shop"},
    spec={
        "selector": {"matchLabels": {"app": "orders"}},
        "template": {
            "metadata": {"labels": {"app": "orders"}},
            "spec": {
                "containers": [
                    {
                        "name": "orders",
                        "image": IMAGE,
                        "env": [
                            {"name": "LOG_LEVEL", "value": "info"},
                            {
                                "name": "DB_PASSWORD",
                                "value_from": {"secret_key_ref": {"name": "orders-db", "key": "password"}},
                            },
                        ],
                    }
                ]
            },
        },
    },
)

k8s.batch.v1.Job(
    "seed",
    metadata={"name": "seed", "namespace": "shop"},
    spec=k8s.batch.v1.JobSpecArgs(
        template=k8s.core.v1.PodTemplateSpecArgs(
            spec=k8s.core.v1.PodSpecArgs(
                restart_policy="Never",
                init_containers=[
                    k8s.core.v1.ContainerArgs(
                        name="fetch",
                        image=IMAGE,
                        env_from=[k8s.core.v1.EnvFromSourceArgs(secret_ref={"name": "seed-credentials"})],
                    )
                ],
                containers=[k8s.core.v1.ContainerArgs(name="seed", image=IMAGE)],
            )
        )
    ),
)
