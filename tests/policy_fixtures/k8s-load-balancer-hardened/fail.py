"""LoadBalancer Services as the quick-start writes them (breaks NET-10): a public listener on 80 with
no NSG, no TLS and no source ranges, and an HTTPS one with its key in a Kubernetes secret and TLS 1.1."""

import pulumi_kubernetes as k8s

k8s.core.v1.Service(
    "web",
    metadata={"name": "web", "namespace": "shop"},
    spec={"type": "LoadBalancer", "selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]},
)
k8s.core.v1.Service(
    "api",
    metadata={
        "name": "api",
        "namespace": "shop",
        "annotations": {
            "service.beta.kubernetes.io/oci-load-balancer-internal": "true",
            "service.beta.kubernetes.io/oci-load-balancer-ssl-ports": "443",
            "service.beta.kubernetes.io/oci-load-balancer-tls-secret": "api-tls",
            "oci.oraclecloud.com/oci-load-balancer-listener-ssl-config": (
                '{"CipherSuiteName":"oci-wider-compatible-ssl-cipher-suite-v1","Protocols":["TLSv1.1","TLSv1.2"]}'
            ),
        },
    },
    spec={"type": "LoadBalancer", "selector": {"app": "api"}, "ports": [{"port": 443, "targetPort": 8443}]},
)
