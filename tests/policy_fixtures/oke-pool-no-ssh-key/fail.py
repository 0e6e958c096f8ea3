"""A node pool that installs an SSH key with no recorded exception (breaks NP-4)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import hardened_pool_args

args = hardened_pool_args()
args["ssh_public_key"] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIexample admin@example"
oci.containerengine.NodePool("web", **args)
