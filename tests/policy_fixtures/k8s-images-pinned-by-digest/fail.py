"""A Deployment whose image is referenced by a mutable tag (breaks CL-5)."""

import pulumi_kubernetes as k8s

k8s.apps.v1.Deployment(
    "web",
    metadata={"name": "web", "namespace": "shop"},
    spec={
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "web", "image": "eu-frankfurt-1.ocir.io/acme/web:latest"}]},
        },
    },
)
