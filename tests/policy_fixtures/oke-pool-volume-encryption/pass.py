"""A node pool with in-transit encryption and a customer-managed boot-volume key (honours NP-3)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import hardened_pool_args

oci.containerengine.NodePool("web", **hardened_pool_args())
