"""A web pool labelled and tainted for its workload through cloud-init (honours NP-1)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import hardened_pool_args

oci.containerengine.NodePool("web", **hardened_pool_args())
