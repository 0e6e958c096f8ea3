"""A namespace with a ResourceQuota (no load balancers) and a LimitRange (honours WL-3)."""

import pulumi_kubernetes as k8s

ns = k8s.core.v1.Namespace("batch", metadata={"name": "batch"})
k8s.core.v1.ResourceQuota(
    "quota",
    metadata={"name": "quota", "namespace": ns.metadata.name},
    spec={
        "hard": {
            "requests.cpu": "4",
            "limits.cpu": "4",
            "requests.memory": "8Gi",
            "limits.memory": "8Gi",
            "pods": "20",
            "services.loadbalancers": "0",
        }
    },
)
k8s.core.v1.LimitRange(
    "limits",
    metadata={"name": "limits", "namespace": ns.metadata.name},
    spec={
        "limits": [
            {
                "type": "Container",
                "default": {"cpu": "500m", "memory": "512Mi"},
                "defaultRequest": {"cpu": "100m", "memory": "128Mi"},
            }
        ]
    },
)
