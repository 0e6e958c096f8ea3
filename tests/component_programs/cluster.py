"""Cluster alone around existing network and keys, exporting its kubeconfig and version
(tests/test_cluster_component.py).

Config: ``name``, the component's name; ``overrides``, arguments added to or replacing the shared ones.
"""

import pulumi

from oke_secure.components.cluster import Cluster
from tests.component_programs.cluster_base import base

config = pulumi.Config()
args = base()
args.update(config.get_object("overrides", {}))
cluster = Cluster(config.require("name"), args)
pulumi.export("kubeconfig", cluster.kubeconfig)
pulumi.export("version", cluster.kubernetes_version)
