"""A node pool that leaves the legacy IMDS v1 endpoints on (breaks NP-2)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import hardened_pool_args

args = hardened_pool_args()
del args["node_metadata"]["areLegacyImdsEndpointsDisabled"]
oci.containerengine.NodePool("web", **args)
