"""Two pools: one without SSH, one whose SSH key carries a recorded exception (honours NP-4)."""

import pulumi_oci as oci

from tests.policy_fixtures._pools import hardened_pool_args

oci.containerengine.NodePool("web", **hardened_pool_args())

debug = hardened_pool_args()
debug["ssh_public_key"] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIexample admin@example"
debug["freeform_tags"] = {"oke-secure-exception-NP-4": "vendor agent needs SSH until Q3; ticket OPS-1234"}
oci.containerengine.NodePool("debug", **debug)
