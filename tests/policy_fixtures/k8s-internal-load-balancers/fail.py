"""A LoadBalancer Service without OCI's internal annotation, and one with the network load balancer's
internal annotation but the default type ``lb``, which the cloud controller ignores: two public load
balancers (breaks WL-6)."""

import pulumi_kubernetes as k8s

k8s.core.v1.Service(
    "web",
    metadata={"name": "web", "namespace": "shop"},
    spec={"type": "LoadBalancer", "selector": {"app": "web"}, "ports": [{"port": 443, "targetPort": 8443}]},
)
k8s.core.v1.Service(
    "web-nlb-annotation",
    metadata={
        "name": "web-nlb-annotation",
        "namespace": "shop",
        "annotations": {"oci-network-load-balancer.oraclecloud.com/internal": "true"},
    },
    spec={"type": "LoadBalancer", "selector": {"app": "web"}, "ports": [{"port": 443, "targetPort": 8443}]},
)
