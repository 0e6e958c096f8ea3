"""A node pool with node cycling on (honours NP-5)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import hardened_pool_args

oci.containerengine.NodePool("web", **hardened_pool_args())
