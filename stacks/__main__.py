"""The deployable program: `pulumi up` from the repository root builds the stack in the stack config.

Config: one structured key, ``oke-secure:spec`` (see ``stacks/Pulumi.dev.yaml`` and ``oke-secure schema``).
"""

import pulumi

from oke_secure.components.stack import OkeStack

spec = pulumi.Config("oke-secure").require_object("spec")
stack = OkeStack(spec.get("name", "oke") if isinstance(spec, dict) else "oke", {"spec": spec})

pulumi.export("compartment_id", stack.compartment_id)
pulumi.export("vcn_id", stack.vcn_id)
pulumi.export("cluster_id", stack.cluster_id)
pulumi.export("kubeconfig", stack.kubeconfig)
pulumi.export("bastion_id", stack.bastion_id)
pulumi.export("node_pool_ids", stack.node_pool_ids)
# What the Kubernetes stage (stacks/baseline) and `oke-secure tunnel` read by StackReference (DEP-3).
pulumi.export("api_subnet_id", stack.api_subnet_id)
pulumi.export("private_endpoint", stack.private_endpoint)
pulumi.export("lb_nsg_id", stack.lb_nsg_id)
pulumi.export("public_lb_nsg_id", stack.public_lb_nsg_id)
pulumi.export("worker_nsg_id", stack.worker_nsg_id)
pulumi.export("image_signing_key_id", stack.image_signing_key_id)
pulumi.export("region", stack.spec.region)
