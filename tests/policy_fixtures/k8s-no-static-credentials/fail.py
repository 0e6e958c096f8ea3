"""A database password written into a Kubernetes Secret and into a container's env (breaks AC-2)."""

import pulumi
import pulumi_kubernetes as k8s

db_password = pulumi.Output.secret("s3cr3t-from-config")  # still a static credential once in the Secret
k8s.core.v1.Secret("db", metadata={"name": "db", "namespace": "shop"}, string_data={"password": db_password})
k8s.apps.v1.Deployment(
    "api",
    metadata={"name": "api", "namespace": "shop"},
    spec={
        "selector": {"matchLabels": {"app": "api"}},
        "template": {
            "metadata": {"labels": {"app": "api"}},
            "spec": {
                "containers": [
                    {
                        "name": "api",
                        "image": "eu-frankfurt-1.ocir.io/acme/api@sha256:" + "a" * 64,
                        "env": [{"name": "DB_PASSWORD", "value": "hunter2"}, {"name": "LOG_LEVEL", "value": "info"}],
                    }
                ]
            },
        },
    },
)
