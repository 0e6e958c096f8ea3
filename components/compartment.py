"""The cluster's dedicated compartment, created or given (IAM-1)."""

from typing import NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.components._common import check_args, identity_opts, tags, token
from oke_secure.components._validate import validated
from oke_secure.spec import CompartmentSpec
from oke_secure.spec.inputs import CompartmentSpecInput


class CompartmentArgs(TypedDict):
    """Arguments of :class:`Compartment`."""

    compartment: Required[CompartmentSpecInput]
    """The compartment section of the spec: ``{"id": <existing OCID>}`` or ``{"create": {parent_id, name,
    description}}``."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags for a created compartment."""
    identity_provider: NotRequired[oci.Provider]
    """OCI provider in the tenancy's home region for the IAM resources (DEP-1); default: the default provider."""


class Compartment(pulumi.ComponentResource):
    """The dedicated compartment every OKE and network resource lives in (IAM-1).

    An existing compartment is passed through; a created one is protected against deletion and set to
    fail on a name collision rather than silently adopt someone else's compartment.
    """

    compartment_id: pulumi.Output[str]
    """OCID of the (given or created) compartment."""

    def __init__(self, name: str, args: CompartmentArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("Compartment", args, CompartmentArgs)
        spec = validated(CompartmentSpec, args.get("compartment"), "compartment")  # fails before any child exists
        super().__init__(token("Compartment"), name, None, opts)
        if spec.create is not None:
            created = oci.identity.Compartment(
                f"{name}-compartment",
                compartment_id=spec.create.parent_id,
                name=spec.create.name,
                description=spec.create.description,
                enable_delete=True,
                freeform_tags=tags(args.get("freeform_tags")),
                opts=identity_opts(self, args.get("identity_provider"), protect=True),
            )
            self.compartment_id = created.id
        else:
            self.compartment_id = pulumi.Output.from_input(str(spec.id))
        self.register_outputs({"compartment_id": self.compartment_id})
