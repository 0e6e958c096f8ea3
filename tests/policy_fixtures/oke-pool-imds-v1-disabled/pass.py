"""A node pool with legacy IMDS v1 endpoints disabled (honours NP-2)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import hardened_pool_args

oci.containerengine.NodePool("web", **hardened_pool_args())
