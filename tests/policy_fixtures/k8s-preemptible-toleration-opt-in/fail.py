"""A Deployment tolerating the preemptible taint in a namespace that did not opt in (breaks NP-6)."""

import pulumi_kubernetes as k8s

ns = k8s.core.v1.Namespace("shop", metadata={"name": "shop"})
k8s.apps.v1.Deployment(
    "web",
    metadata={"name": "web", "namespace": ns.metadata.name},
    spec={
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {
                "tolerations": [
                    {"key": "oke-secure.io/preemptible", "operator": "Equal", "value": "true", "effect": "NoSchedule"}
                ],
                "containers": [{"name": "web", "image": "web@sha256:" + "0" * 64}],
            },
        },
    },
)
