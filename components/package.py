"""The components this folder publishes as a Pulumi component package (``PulumiPlugin.yaml``)."""

from __future__ import annotations

import pulumi

from .access import Access
from .baseline import KubernetesBaseline
from .cluster import Cluster
from .compartment import Compartment
from .detection import Detection
from .human_access import HumanAccess
from .keys import Keys
from .network import Network
from .node_pool import NodePool
from .registry import Registry
from .stack import OkeStack
from .vault_secrets import VaultSecrets
from .virtual_node_pool import VirtualNodePool
from .workload_identity import WorkloadIdentity
from .workload_tags import WorkloadTags

PACKAGE_NAME = "oke-secure"
PACKAGE_VERSION = "0.1.0"

COMPONENTS: list[type[pulumi.ComponentResource]] = [
    OkeStack, Compartment, Network, Keys, Cluster, WorkloadTags, NodePool, HumanAccess, WorkloadIdentity,
    Access, Registry, Detection, KubernetesBaseline, VirtualNodePool, VaultSecrets,
]
