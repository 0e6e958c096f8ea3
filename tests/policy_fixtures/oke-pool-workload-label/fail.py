"""A node pool with no workload label or taint: any pod may land on it (breaks NP-1)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import cloud_init, hardened_pool_args

args = hardened_pool_args()
args["initial_node_labels"] = [{"key": "team", "value": "web"}]
args["node_metadata"]["user_data"] = cloud_init(taint=None)
oci.containerengine.NodePool("web", **args)
