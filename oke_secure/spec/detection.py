"""``detection``: a Cloud Guard target on the compartment (DT-1)."""

from __future__ import annotations

from pydantic import Field, model_validator

from oke_secure.spec.errors import Problem
from oke_secure.spec.types import Reason, Region, _Model, refuse


class DetectionSpec(_Model):
    """Detection (DT-1): Cloud Guard target on the compartment."""

    cloud_guard: bool = Field(True, description="Create a Cloud Guard target.")
    cloud_guard_reason: Reason | None = Field(None, description="Required when cloud_guard is false.")
    reporting_region: Region | None = Field(
        None,
        description="The tenancy's Cloud Guard reporting region (`oci cloud-guard configuration get`): Cloud Guard "
        "targets are created, updated and deleted only there (Oracle, Cloud Guard API: 'Create, Update, and Delete "
        "operations only from the reporting region'). Default: the home region. Cloud Guard must be enabled.",
    )

    @model_validator(mode="after")
    def _reasoned(self) -> DetectionSpec:
        if not self.cloud_guard and not self.cloud_guard_reason:
            refuse(
                [
                    Problem(
                        "cloud_guard_reason",
                        "Cloud Guard is off without a reason (DT-1)",
                        "write why in detection.cloud_guard_reason, or set cloud_guard: true",
                    )
                ]
            )
        return self
