"""A pool whose cloud-init lacks the metadata block and records no exception (breaks NET-7)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import cloud_init, hardened_pool_args

args = hardened_pool_args()
args["node_metadata"]["user_data"] = cloud_init(metadata_block=False)
oci.containerengine.NodePool("web", **args)
