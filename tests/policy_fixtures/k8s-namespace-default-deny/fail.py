"""A namespace whose only NetworkPolicy allows ingress to some pods; nothing denies by default (breaks NET-8)."""

import pulumi_kubernetes as k8s

ns = k8s.core.v1.Namespace("shop", metadata={"name": "shop"})
k8s.networking.v1.NetworkPolicy(
    "allow-web",
    metadata={"name": "allow-web", "namespace": ns.metadata.name},
    spec={
        "podSelector": {"matchLabels": {"app": "web"}},
        "policyTypes": ["Ingress"],
        "ingress": [{"from": [{"podSelector": {}}]}],
    },
)
