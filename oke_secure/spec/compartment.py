"""``compartment``: where the cluster lives (IAM-1)."""

from __future__ import annotations

from pydantic import Field, model_validator

from oke_secure.spec.errors import Problem
from oke_secure.spec.types import CompartmentOcid, Name, _Model, refuse


class CreateCompartment(_Model):
    """A compartment the stack creates for the cluster (IAM-1)."""

    parent_id: CompartmentOcid = Field(description="OCID of the parent compartment (may be the tenancy).")
    name: Name = Field(description="Name of the new compartment.")
    description: str = Field("OKE cluster compartment managed by oke-secure", description="Its description.")


class CompartmentSpec(_Model):
    """Where the cluster lives: an existing compartment (``id``) or one to create (``create``)."""

    id: CompartmentOcid | None = Field(None, description="OCID of an existing, dedicated compartment.")
    create: CreateCompartment | None = Field(None, description="Create a dedicated compartment instead.")

    @model_validator(mode="after")
    def _exactly_one(self) -> CompartmentSpec:
        if (self.id is None) == (self.create is None):
            refuse(
                [
                    Problem(
                        "",
                        "give exactly one of 'id' or 'create'",
                        "set compartment.id to an existing compartment OCID, or "
                        "compartment.create with parent_id and name",
                    )
                ]
            )
        return self
