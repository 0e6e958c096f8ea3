"""Network ``net`` (prefix ``shop``) exporting every id it offers (tests/test_network_component.py).

Config: ``network``, the NetworkSpec fields; ``bastion_enabled`` (default true).
"""

import pulumi

from oke_secure.components.network import Network

config = pulumi.Config()
net = Network(
    "net",
    {
        "compartment_id": "ocid1.compartment.oc1..aaaaaaaaexample",
        "network": config.require_object("network"),
        "bastion_enabled": config.get_bool("bastion_enabled", True),
        "name_prefix": "shop",
    },
)
for attr in (
    "vcn_id",
    "api_subnet_id",
    "worker_subnet_id",
    "pod_subnet_id",
    "lb_subnet_id",
    "public_lb_subnet_id",
    "api_nsg_id",
    "worker_nsg_id",
    "pod_nsg_id",
    "lb_nsg_id",
    "flow_log_group_id",
):
    pulumi.export(attr, getattr(net, attr))
