"""Detection: a Cloud Guard target on the cluster's compartment (DT-1), on by default.

Cloud Guard itself is enabled once per tenancy (reporting region, ``CloudGuardConfiguration``); this
component only adds the compartment as a target. Its detector recipes are the ones passed in, or,
given the tenancy OCID, Oracle's managed configuration and activity recipes looked up by name.
Turning the target off needs a written reason (``cloud_guard_reason``), recorded in the spec.
"""

from typing import Any, NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.components._common import check_args, child, name_prefix, tags, token
from oke_secure.components._validate import validated
from oke_secure.spec import DetectionSpec
from oke_secure.spec.inputs import DetectionSpecInput

#: Oracle-managed detector recipes attached when the tenancy OCID is given.
ORACLE_RECIPES = ("OCI Configuration Detector Recipe", "OCI Activity Detector Recipe")


class DetectionArgs(TypedDict):
    """Arguments of :class:`Detection`."""

    compartment_id: Required[pulumi.Input[str]]
    """OCID of the compartment Cloud Guard watches (the cluster's)."""
    detection: NotRequired[DetectionSpecInput]
    """The ``detection`` spec section (DetectionSpec fields: cloud_guard, cloud_guard_reason)."""
    name_prefix: NotRequired[str]
    """Prefix of display names (default: the component's name)."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags on every resource."""
    detector_recipe_ids: NotRequired[list[pulumi.Input[str]]]
    """Detector recipes to attach (Oracle-managed or your clones)."""
    tenancy_id: NotRequired[pulumi.Input[str]]
    """Tenancy OCID, to look up Oracle's managed recipes when no ``detector_recipe_ids`` are given."""
    provider: NotRequired[oci.Provider]
    """OCI provider in the tenancy's Cloud Guard reporting region, when it is not the program's region: Cloud
    Guard creates targets only from there (Oracle, Cloud Guard API reference)."""


def _recipe_ids(result: Any) -> list[str]:
    out: list[str] = []
    for collection in result.detector_recipe_collections or []:
        out += [item.id for item in (collection.items or []) if item.id]
    return out


class Detection(pulumi.ComponentResource):
    """A Cloud Guard target on the compartment."""

    cloud_guard_target_id: pulumi.Output[str] | None
    """OCID of the Cloud Guard target, or None when it is disabled (with a reason)."""

    def __init__(self, name: str, args: DetectionArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("Detection", args, DetectionArgs)
        spec = validated(DetectionSpec, args.get("detection"), "detection")  # fails before any child exists
        super().__init__(token("Detection"), name, None, opts)
        prefix = name_prefix(args, name)
        self.cloud_guard_target_id = None
        if spec.cloud_guard:
            recipes: pulumi.Input[list[str]] = []
            if args.get("detector_recipe_ids"):
                recipes = pulumi.Output.all(*args["detector_recipe_ids"]).apply(list)
            elif "tenancy_id" in args:
                found = [
                    oci.cloudguard.get_detector_recipes_output(
                        compartment_id=args["tenancy_id"],
                        display_name=recipe,
                        opts=pulumi.InvokeOutputOptions(parent=self, provider=args.get("provider")),
                    ).apply(_recipe_ids)
                    for recipe in ORACLE_RECIPES
                ]
                recipes = pulumi.Output.all(*found).apply(lambda lists: [i for ids in lists for i in ids])
            target = oci.cloudguard.Target(
                f"{name}-cloud-guard-target",
                compartment_id=args["compartment_id"],
                display_name=f"{prefix}-compartment",
                description="Cloud Guard target on the OKE compartment (oke-secure DT-1)",
                target_resource_id=args["compartment_id"],
                target_resource_type="COMPARTMENT",
                target_detector_recipes=pulumi.Output.from_input(recipes).apply(
                    lambda ids: [{"detector_recipe_id": i} for i in ids]
                ),
                freeform_tags=tags(args.get("freeform_tags")),
                opts=child(self, provider=args.get("provider")),
            )
            self.cloud_guard_target_id = target.id
        self.register_outputs({"cloud_guard_target_id": self.cloud_guard_target_id})
