"""``access``: human access through the OCI Bastion service and OCI groups (AC-1, IAM-2, WL-4)."""

from __future__ import annotations

from pydantic import Field, model_validator

from oke_secure.spec import cidr as _cidr
from oke_secure.spec.errors import Problem
from oke_secure.spec.types import Cidr, GroupOcid, _Model, refuse


class BastionSpec(_Model):
    """OCI Bastion service in front of the private endpoint (AC-1)."""

    enabled: bool = Field(True, description="Create the Bastion service.")
    client_cidrs: list[Cidr] = Field(default_factory=list, description="Client CIDRs allowed to open sessions.")
    session_ttl_seconds: int = Field(3600, ge=1800, le=10800, description="Maximum session length (<= 3 h).")

    @model_validator(mode="after")
    def _allow_list(self) -> BastionSpec:
        refuse(bastion_problems(self))
        return self


def bastion_problems(spec: BastionSpec) -> list[Problem]:
    """What is wrong with the Bastion's allow-list (AC-1); fields are relative to ``access.bastion``."""
    out: list[Problem] = []
    if spec.enabled and not spec.client_cidrs:
        out.append(
            Problem(
                "client_cidrs",
                "the Bastion needs an allow-list (AC-1)",
                "list the client CIDRs (office, VPN) that may open sessions",
            )
        )
    for i, block in enumerate(spec.client_cidrs):
        if _cidr.is_anywhere(block):
            out.append(
                Problem(
                    f"client_cidrs[{i}]",
                    "0.0.0.0/0 lets anyone try (AC-1)",
                    "list the client CIDRs that need access",
                )
            )
    return out


class AccessSpec(_Model):
    """Human access: Bastion, OCI groups with `use clusters`, one optional break-glass group (IAM-2, WL-4)."""

    bastion: BastionSpec = Field(default_factory=lambda: BastionSpec(), description="Bastion service.")
    cluster_user_groups: list[GroupOcid] = Field(
        default_factory=list, description="OCI groups that get 'use clusters' in the compartment."
    )
    break_glass_group: GroupOcid | None = Field(None, description="The only group bound to cluster-admin.")
