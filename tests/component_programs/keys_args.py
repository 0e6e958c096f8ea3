"""Keys ``k`` with every argument from config, exporting the vault's and the keys' ids
(tests/test_keys_component.py, CL-4, DS-1, IAM-5).

Config: ``args``, the component's arguments as an object.
"""

import pulumi

from oke_secure.components.keys import Keys

keys = Keys("k", pulumi.Config().require_object("args"))
pulumi.export("ids", [keys.vault_id, keys.secrets_key_id, keys.boot_volume_key_id, keys.image_signing_key_id])
