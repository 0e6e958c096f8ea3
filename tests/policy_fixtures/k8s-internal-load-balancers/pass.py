"""Internal LoadBalancer Services (OCI LB and NLB annotations) and a ClusterIP Service (honours WL-6)."""

import pulumi_kubernetes as k8s

k8s.core.v1.Service(
    "web",
    metadata={
        "name": "web",
        "namespace": "shop",
        "annotations": {"service.beta.kubernetes.io/oci-load-balancer-internal": "true"},
    },
    spec={"type": "LoadBalancer", "selector": {"app": "web"}, "ports": [{"port": 443, "targetPort": 8443}]},
)
k8s.core.v1.Service(
    "api",
    metadata={
        "name": "api",
        "namespace": "shop",
        "annotations": {
            "oci.oraclecloud.com/load-balancer-type": "nlb",
            "oci-network-load-balancer.oraclecloud.com/internal": "true",
        },
    },
    spec={"type": "LoadBalancer", "selector": {"app": "api"}, "ports": [{"port": 443, "targetPort": 8443}]},
)
k8s.core.v1.Service(
    "db", metadata={"name": "db", "namespace": "shop"}, spec={"selector": {"app": "db"}, "ports": [{"port": 5432}]}
)
