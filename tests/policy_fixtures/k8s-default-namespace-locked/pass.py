"""A platform program that locks default down (honours WL-7): the existing namespace patched to enforce
Pod Security restricted, a default-deny policy and a zero-pod quota there; workloads live in shop."""

import pulumi_kubernetes as k8s

k8s.core.v1.Namespace("shop", metadata={"name": "shop"})
k8s.core.v1.NamespacePatch(
    "default",
    metadata={
        "name": "default",
        "labels": {
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": "v1.33",
        },
    },
)
k8s.networking.v1.NetworkPolicy(
    "default-deny",
    metadata={"name": "default-deny", "namespace": "default"},
    spec={"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
)
k8s.core.v1.ResourceQuota(
    "no-workloads", metadata={"name": "no-workloads", "namespace": "default"}, spec={"hard": {"pods": "0"}}
)
k8s.apps.v1.Deployment(
    "web",
    metadata={"name": "web", "namespace": "shop"},
    spec={
        "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "x"}]}},
    },
)
