"""KubernetesBaseline given the user's own Kubernetes provider (tests/test_baseline_component.py)."""

import pulumi_kubernetes as k8s

from oke_secure.components.baseline import KubernetesBaseline

mine = k8s.Provider("mine", kubeconfig="apiVersion: v1")
KubernetesBaseline(
    "bl",
    {
        "kubeconfig": "unused",
        "provider": mine,
        "kubernetes_version": "v1.31.1",
        "allowed_registries": ["ghcr.io/acme"],
        "namespaces": [{"name": "web", "team": "w"}],
    },
)
