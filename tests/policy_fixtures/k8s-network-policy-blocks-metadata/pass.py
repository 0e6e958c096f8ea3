"""An egress NetworkPolicy that excepts the instance metadata endpoint (honours NET-7)."""

import pulumi_kubernetes as k8s

k8s.networking.v1.NetworkPolicy(
    "allow-internet",
    metadata={"name": "allow-internet", "namespace": "shop"},
    spec={
        "podSelector": {},
        "policyTypes": ["Egress"],
        "egress": [
            {"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}}]},
            {
                "to": [
                    {
                        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                        "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
                    }
                ],
                "ports": [{"protocol": "UDP", "port": 53}],
            },
        ],
    },
)
