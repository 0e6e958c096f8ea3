"""A pool that blocks containers from instance metadata in cloud-init (honours NET-7)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import hardened_pool_args

oci.containerengine.NodePool("web", **hardened_pool_args())
