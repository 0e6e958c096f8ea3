"""Registry ``reg`` with every argument from config, exporting its repositories' ids
(tests/test_registry_component.py, SC-1, SC-2).

Config: ``args``, the component's arguments as an object.
"""

import pulumi

from oke_secure.components.registry import Registry

registry = Registry("reg", pulumi.Config().require_object("args"))
pulumi.export("repository_ids", registry.repository_ids)
