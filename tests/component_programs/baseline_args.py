"""KubernetesBaseline ``bl`` with every argument from config (tests/test_baseline_component.py, test_calico.py).

Config: ``args``, the component's arguments as an object (bad inputs included: the component must name them).
"""

import pulumi

from oke_secure.components.baseline import KubernetesBaseline

KubernetesBaseline("bl", pulumi.Config().require_object("args"))
