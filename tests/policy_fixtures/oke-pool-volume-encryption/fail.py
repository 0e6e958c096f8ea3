"""A node pool without in-transit encryption nor a boot-volume Vault key (breaks NP-3)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import hardened_pool_args

args = hardened_pool_args()
del args["node_config_details"]["is_pv_encryption_in_transit_enabled"]
del args["node_config_details"]["kms_key_id"]
oci.containerengine.NodePool("web", **args)
