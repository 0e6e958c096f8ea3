"""A prod-like program: Compartment, WorkloadTags and six NodePools with different declared needs
(tests/test_node_pool_component.py).

Config: ``tenancy_id``, the tenancy (parent of the created compartment, home of the IAM objects);
``ssh_public_key``, the key of the ``ops`` pool's declared SSH exception.
"""

import pulumi
import pulumi_oci as oci

from oke_secure.components.compartment import Compartment
from oke_secure.components.node_pool import NodePool, NodePoolArgs
from oke_secure.components.workload_tags import WorkloadTags
from oke_secure.spec.inputs import NodePoolSpecInput

config = pulumi.Config()
TENANCY = config.require("tenancy_id")
home = oci.Provider("home", region="eu-frankfurt-1")  # IAM in the home region (DEP-1)
comp = Compartment(
    "prod",
    {"compartment": {"create": {"parent_id": TENANCY, "name": "oke-prod"}}, "identity_provider": home},
)
given = Compartment("given", {"compartment": {"id": "ocid1.compartment.oc1..aaaaaaaagiven"}})
pulumi.export("given_compartment", given.compartment_id)
cid = comp.compartment_id
cluster = oci.containerengine.Cluster(
    "cluster",
    compartment_id=cid,
    kubernetes_version="v1.33.1",
    vcn_id="ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample",
)
tags = WorkloadTags("tags", {"compartment_id": cid, "name_prefix": "prod", "identity_provider": home})
POOLS: list[NodePoolSpecInput] = [
    {"name": "system", "system": True},
    {
        "name": "log-archiver",
        "instance_principal": {"reason": "archiver SDK has no workload identity yet"},
        "permissions": [{"verb": "manage", "resource": "objects", "where": "target.bucket.name = 'logs'"}],
    },
    {
        "name": "host-monitor",
        "instance_principal": {"reason": "monitor agent reads Compute as the node"},
        "permissions": [{"verb": "read", "resource": "instance-family"}],
    },
    {"name": "web", "labels": {"tier": "frontend"}},
    {"name": "batch", "preemptible": True, "size": 2},
    {
        "name": "ops",
        "ssh": {
            "public_key": config.require("ssh_public_key"),
            "reason": "vendor agent debugging until 2026-01",
        },
    },
]
for p in POOLS:
    args: NodePoolArgs = {
        "compartment_id": cid,
        "tenancy_id": TENANCY,
        "cluster_id": cluster.id,
        "kubernetes_version": "v1.33.1",
        "worker_subnet_id": "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaworkers",
        "worker_nsg_ids": ["ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaaworkers"],
        "pod_subnet_id": "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaapods",
        "pod_nsg_ids": ["ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaapods"],
        "boot_volume_key_id": "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaaboot",
        "tag_namespace": tags.namespace_name,
        "tag_key": tags.key_name,
        "name_prefix": "prod",
        "freeform_tags": {"env": "prod"},
        "identity_provider": home,
        "pool": p,
    }
    pool = NodePool(f"pool-{p['name']}", args)
    pulumi.export(f"{p['name']}_policy", pool.policy_id)
    pulumi.export(f"{p['name']}_dg", pool.dynamic_group_id)
