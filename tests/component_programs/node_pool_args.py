"""NodePool ``bad`` with every argument from config (tests/test_node_pool_component.py, bad inputs).

Config: ``args``, the component's arguments as an object.
"""

import pulumi

from oke_secure.components.node_pool import NodePool

NodePool("bad", pulumi.Config().require_object("args"))
