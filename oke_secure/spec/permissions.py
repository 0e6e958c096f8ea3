"""One declared IAM permission (IAM-3, IAM-4), shared by node pools and workload identity."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from oke_secure.spec.errors import Problem
from oke_secure.spec.types import _Model, refuse


class Permission(_Model):
    """One IAM permission a workload declares, granted only in the cluster compartment (IAM-3, IAM-4)."""

    verb: Literal["inspect", "read", "use", "manage"] = Field(description="IAM verb.")
    resource: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")] = Field(
        description="Resource type or family, e.g. 'objects', 'instance-family'."
    )
    where: str | None = Field(None, description="An IAM 'where' condition narrowing the grant.")

    @model_validator(mode="after")
    def _not_all(self) -> Permission:
        if self.resource == "all-resources":
            refuse(
                [
                    Problem(
                        "resource",
                        "'all-resources' grants everything (IAM-3)",
                        "name the resource type the workload needs, e.g. 'objects'",
                    )
                ]
            )
        return self

    def statement(self, subject: str, compartment_ref: str) -> str:
        """Render as an IAM policy statement for ``subject`` in ``compartment_ref``."""
        out = f"Allow {subject} to {self.verb} {self.resource} in {compartment_ref}"
        return f"{out} where {self.where}" if self.where else out
