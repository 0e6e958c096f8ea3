"""Keys, Cluster, Access, Registry and Detection together (tests/test_cluster_component.py)."""

import pulumi

from oke_secure.components.access import Access
from oke_secure.components.cluster import Cluster
from oke_secure.components.detection import Detection
from oke_secure.components.keys import Keys
from oke_secure.components.registry import Registry
from tests.component_programs.cluster_base import COMPARTMENT, base

keys = Keys("k", {"compartment_id": COMPARTMENT})
args = base()
args.update({"secrets_key_id": keys.secrets_key_id, "image_signing_key_id": keys.image_signing_key_id})
cluster = Cluster("c", args)
Access(
    "a",
    {
        "compartment_id": COMPARTMENT,
        "target_subnet_id": args["api_subnet_id"],
        "bastion": {"client_cidrs": ["192.0.2.0/24"]},
    },
)
Registry("r", {"compartment_id": COMPARTMENT, "registry": {"repositories": ["team/app"]}})
Detection("d", {"compartment_id": COMPARTMENT, "tenancy_id": "ocid1.tenancy.oc1..aaaaaaaatenancy"})
pulumi.export("kubeconfig", cluster.kubeconfig)
