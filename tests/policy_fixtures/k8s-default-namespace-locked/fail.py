"""A platform program that lays out a team namespace but leaves default open, and a Deployment with no
namespace (so it lands in default) (breaks WL-7)."""

import pulumi_kubernetes as k8s

k8s.core.v1.Namespace(
    "shop",
    metadata={"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "restricted"}},
)
k8s.apps.v1.Deployment(
    "web",
    metadata={"name": "web"},
    spec={
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "x"}]}},
    },
)
