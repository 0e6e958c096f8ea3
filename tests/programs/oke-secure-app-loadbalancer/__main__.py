"""The storefront team's edge: a TLS load balancer in the cluster stack's NSGs, using the library's
component instead of a hand-written Service (NET-10). The NSG ids come from the cluster stack's outputs."""

import pulumi

from oke_secure.components.load_balancer_service import HardenedLoadBalancerService

config = pulumi.Config()
cluster = pulumi.StackReference(config.require("cluster_stack"))

edge = HardenedLoadBalancerService(
    "storefront",
    {
        "namespace": "web",
        "selector": {"app": "storefront"},
        "ports": [{"port": 443, "target_port": 8443}],
        "certificates": {"443": config.require("certificate")},
        "lb_nsg_id": cluster.require_output("lb_nsg_id"),
        "backend_nsg_id": cluster.require_output("worker_nsg_id"),
    },
)
pulumi.export("service", edge.service_name)
