"""A LoadBalancer Service without OCI's internal annotation: a public load balancer (breaks WL-6)."""

import pulumi_kubernetes as k8s

k8s.core.v1.Service(
    "web",
    metadata={"name": "web", "namespace": "shop"},
    spec={"type": "LoadBalancer", "selector": {"app": "web"}, "ports": [{"port": 443, "targetPort": 8443}]},
)
