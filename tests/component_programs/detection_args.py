"""Detection ``off`` with every argument from config (tests/test_registry_component.py, DT-1 bad input).

Config: ``args``, the component's arguments as an object.
"""

import pulumi

from oke_secure.components.detection import Detection

Detection("off", pulumi.Config().require_object("args"))
