"""A node pool with node cycling off: image updates never roll the nodes (breaks NP-5)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import hardened_pool_args

args = hardened_pool_args()
args["node_pool_cycling_details"] = {"is_node_cycling_enabled": False}
oci.containerengine.NodePool("web", **args)
