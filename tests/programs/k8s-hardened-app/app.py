"""Building blocks of the app, kept beside __main__.py as many teams do."""
import pulumi
import pulumi_kubernetes as k8s

IMAGE = "ghcr.io/example/shop@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"


class HardenedNamespace(pulumi.ComponentResource):
    """A namespace that enforces the restricted Pod Security level, denies traffic by default and has a quota."""

    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("corpus:k8s:HardenedNamespace", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.namespace = k8s.core.v1.Namespace(name, metadata={
            "name": name,
            "labels": {
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/enforce-version": "v1.33",
                "pod-security.kubernetes.io/audit": "restricted",
                "pod-security.kubernetes.io/audit-version": "v1.33",
                "pod-security.kubernetes.io/warn": "restricted",
                "pod-security.kubernetes.io/warn-version": "v1.33",
            },
        }, opts=child)
        ns = self.namespace.metadata.name
        k8s.networking.v1.NetworkPolicy(f"{name}-default-deny", metadata={"name": "default-deny", "namespace": ns},
            spec={"pod_selector": {}, "policy_types": ["Ingress", "Egress"]}, opts=child)
        k8s.core.v1.ResourceQuota(f"{name}-quota", metadata={"name": "quota", "namespace": ns},
            spec={"hard": {"requests.cpu": "4", "requests.memory": "8Gi", "limits.cpu": "8", "limits.memory": "16Gi", "pods": "50", "services.loadbalancers": "1"}}, opts=child)
        k8s.core.v1.LimitRange(f"{name}-limits", metadata={"name": "limits", "namespace": ns},
            spec={"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "512Mi"},
                               "default_request": {"cpu": "100m", "memory": "128Mi"}}]}, opts=child)
        self.name = ns
        self.register_outputs({"name": ns})


def lock_default() -> None:
    """Nothing runs in `default`: restricted labels, a zero-pod quota and a default-deny policy."""
    k8s.core.v1.NamespacePatch("default", metadata={"name": "default", "labels": {
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "v1.33",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": "v1.33",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": "v1.33",
    }})
    k8s.core.v1.ResourceQuota("default-no-pods", metadata={"name": "no-pods", "namespace": "default"},
        spec={"hard": {"pods": "0"}})
    k8s.networking.v1.NetworkPolicy("default-deny-all", metadata={"name": "default-deny", "namespace": "default"},
        spec={"pod_selector": {}, "policy_types": ["Ingress", "Egress"]})
