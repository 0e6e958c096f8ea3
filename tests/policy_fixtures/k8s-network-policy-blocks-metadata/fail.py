"""An egress NetworkPolicy that opens 0.0.0.0/0 without excepting instance metadata (breaks NET-7)."""

import pulumi_kubernetes as k8s

k8s.networking.v1.NetworkPolicy(
    "allow-internet",
    metadata={"name": "allow-internet", "namespace": "shop"},
    spec={"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}]},
)
