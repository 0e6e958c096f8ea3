"""A Calico manifest applied as a ConfigFile, with no cluster in the program (tests/test_calico.py).

Config: ``file``, the manifest's path.
"""

import pulumi
import pulumi_kubernetes as k8s

k8s.yaml.v2.ConfigFile("calico", file=pulumi.Config().require("file"))
