"""oke-secure components in an existing VCN and compartment.

The platform team owns the compartment and the VCN; this program adds only what an OKE cluster needs
inside them: private subnets, the missing gateways and the minimum rules (Network with
``network.vcn_id``), a vault and keys (Keys), the private cluster (Cluster), one node pool per workload
with its own identity (WorkloadTags, NodePool), a Bastion in front of the API endpoint (Access) and a
Cloud Guard target on the compartment (Detection).
No VCN and no compartment are created.
"""

import pulumi
import pulumi_oci as oci

from oke_secure.components.access import Access
from oke_secure.components.cluster import Cluster
from oke_secure.components.detection import Detection
from oke_secure.components.keys import Keys
from oke_secure.components.network import Network
from oke_secure.components.node_pool import NodePool
from oke_secure.components.workload_tags import WorkloadTags

config = pulumi.Config()
compartment_id = config.require("compartmentId")
tenancy_id = config.require("tenancyId")
vcn_cidr = config.get("vcnCidr") or "10.40.0.0/16"  # the default must hold the subnets below
prefix = "app"
version = "v1.33.1"
# IAM resources (policies, dynamic groups, tags) are created in the tenancy's home region (DEP-1).
home = oci.Provider("app-home-region", region=config.require("homeRegion"))

network = Network(
    "app-network",
    {
        "compartment_id": compartment_id,
        "name_prefix": prefix,
        "network": {
            "vcn_id": config.require("vcnId"),  # existing VCN: only what is missing is created
            "vcn_cidr": vcn_cidr,
            "cni": "vcn-native",
            "subnets": {  # free ranges of the existing VCN
                "api_endpoint": "10.40.0.0/28",
                "load_balancers": "10.40.2.0/24",
                "workers": "10.40.16.0/20",
                "pods": "10.40.128.0/17",
            },
            "internet_egress": False,  # images from OCIR through the service gateway only
        },
    },
)

keys = Keys("app-keys", {"compartment_id": compartment_id, "name_prefix": prefix, "identity_provider": home})

cluster = Cluster(
    "app-cluster",
    {
        "compartment_id": compartment_id,
        "vcn_id": network.vcn_id,
        "api_subnet_id": network.api_subnet_id,
        "api_nsg_ids": [network.api_nsg_id],
        "lb_subnet_ids": [network.lb_subnet_id],
        "cluster": {"kubernetes_version": version},
        "cni": "vcn-native",
        "services_cidr": "10.96.0.0/16",
        "secrets_key_id": keys.secrets_key_id,
        "image_signing_key_id": keys.image_signing_key_id,
        "name_prefix": prefix,
    },
)

workload_tags = WorkloadTags(
    "app-workload-tags", {"compartment_id": compartment_id, "name_prefix": prefix, "identity_provider": home}
)

pools = {}
for pool in ({"name": "system", "system": True, "size": 3}, {"name": "api", "size": 3, "namespaces": ["api"]}):
    pool_args = {
        "compartment_id": compartment_id,
        "tenancy_id": tenancy_id,
        "cluster_id": cluster.cluster_id,
        "kubernetes_version": version,
        "pool": pool,
        "worker_subnet_id": network.worker_subnet_id,
        "worker_nsg_ids": [network.worker_nsg_id],
        "cni": "vcn-native",
        "boot_volume_key_id": keys.boot_volume_key_id,
        "tag_namespace": workload_tags.namespace_name,
        "tag_key": workload_tags.key_name,
        "name_prefix": prefix,
        "identity_provider": home,
    }
    if network.pod_subnet_id is not None:
        pool_args["pod_subnet_id"] = network.pod_subnet_id
    if network.pod_nsg_id is not None:
        pool_args["pod_nsg_ids"] = [network.pod_nsg_id]
    pools[pool["name"]] = NodePool(f"app-pool-{pool['name']}", pool_args)

access = Access(
    "app-access",
    {
        "compartment_id": compartment_id,
        "target_subnet_id": network.api_subnet_id,
        "bastion": {"client_cidrs": config.require_object("bastionClientCidrs")},
        "name_prefix": prefix,
    },
)

Detection("app-detection", {"compartment_id": compartment_id, "tenancy_id": tenancy_id, "name_prefix": prefix})

pulumi.export("cluster_id", cluster.cluster_id)
pulumi.export("kubeconfig", pulumi.Output.secret(cluster.kubeconfig))
pulumi.export("bastion_id", access.bastion_id)
pulumi.export("node_pool_ids", {name: p.node_pool_id for name, p in pools.items()})
