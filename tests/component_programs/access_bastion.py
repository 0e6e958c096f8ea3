"""Access ``ops`` (prefix ``prod-eu``) exporting its Bastion's id (tests/test_access_component.py, AC-1).

Config: ``compartment_id``, ``target_subnet_id``; ``bastion``, the BastionSpec fields as an object.
"""

import pulumi

from oke_secure.components.access import Access

config = pulumi.Config()
access = Access(
    "ops",
    {
        "compartment_id": config.require("compartment_id"),
        "target_subnet_id": config.require("target_subnet_id"),
        "bastion": config.require_object("bastion"),
        "name_prefix": "prod-eu",
    },
)
pulumi.export("bastion_id", access.bastion_id)
