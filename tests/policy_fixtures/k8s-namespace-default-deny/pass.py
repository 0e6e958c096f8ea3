"""A namespace with a default-deny NetworkPolicy for ingress and egress (honours NET-8, WL-2)."""

import pulumi_kubernetes as k8s

ns = k8s.core.v1.Namespace("shop", metadata={"name": "shop"})
k8s.networking.v1.NetworkPolicy(
    "default-deny",
    metadata={"name": "default-deny", "namespace": ns.metadata.name},
    spec={"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
)
