"""The components this folder publishes as a Pulumi component package (``PulumiPlugin.yaml``)."""

from __future__ import annotations

import pulumi

from oke_secure.components.access import Access
from oke_secure.components.baseline import KubernetesBaseline
from oke_secure.components.cluster import Cluster
from oke_secure.components.compartment import Compartment
from oke_secure.components.detection import Detection
from oke_secure.components.human_access import HumanAccess
from oke_secure.components.keys import Keys
from oke_secure.components.load_balancer_service import HardenedLoadBalancerService
from oke_secure.components.network import Network
from oke_secure.components.node_pool import NodePool
from oke_secure.components.registry import Registry
from oke_secure.components.stack import OkeStack
from oke_secure.components.vault_secrets import VaultSecrets
from oke_secure.components.virtual_node_pool import VirtualNodePool
from oke_secure.components.workload_identity import WorkloadIdentity
from oke_secure.components.workload_tags import WorkloadTags

PACKAGE_NAME = "oke-secure"
PACKAGE_VERSION = "0.1.0"

COMPONENTS: list[type[pulumi.ComponentResource]] = [
    OkeStack,
    Compartment,
    Network,
    Keys,
    Cluster,
    WorkloadTags,
    NodePool,
    HumanAccess,
    WorkloadIdentity,
    Access,
    Registry,
    Detection,
    KubernetesBaseline,
    VirtualNodePool,
    VaultSecrets,
    HardenedLoadBalancerService,
]
