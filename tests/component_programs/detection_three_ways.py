"""Detection three ways: recipes found in the tenancy, recipes given, Cloud Guard off with its reason
(tests/test_registry_component.py, DT-1).

Config: ``compartment_id``, ``tenancy_id``.
"""

import pulumi

from oke_secure.components.detection import Detection

config = pulumi.Config()
compartment = config.require("compartment_id")
found = Detection("found", {"compartment_id": compartment, "tenancy_id": config.require("tenancy_id")})
given = Detection(
    "given",
    {"compartment_id": compartment, "detector_recipe_ids": ["ocid1.cloudguarddetectorrecipe.oc1..aaaaaaaamine"]},
)
off = Detection(
    "off",
    {
        "compartment_id": compartment,
        "detection": {"cloud_guard": False, "cloud_guard_reason": "tenancy-wide target exists"},
    },
)
pulumi.export("ids", [found.cloud_guard_target_id, given.cloud_guard_target_id, off.cloud_guard_target_id])
