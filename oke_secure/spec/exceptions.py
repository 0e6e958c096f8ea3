"""``exceptions[]``: recorded policy waivers, each with a reason and an optional expiry."""

from __future__ import annotations

import datetime as _dt

from pydantic import Field, model_validator

from oke_secure.spec.controls import BY_ID as _CONTROL_IDS
from oke_secure.spec.errors import Problem
from oke_secure.spec.types import Reason, _Model, refuse


class PolicyException(_Model):
    """A recorded waiver: a control's violation on named resources is reported as waived, not failed."""

    control: str = Field(description="Control id, e.g. NP-4.")
    resources: list[str] = Field(min_length=1, description="Logical resource names (fnmatch patterns).")
    reason: Reason = Field(description="Why the waiver is acceptable.")
    expires: _dt.date | None = Field(None, description="Date after which the waiver no longer applies.")

    @model_validator(mode="after")
    def _known_and_current(self) -> PolicyException:
        out: list[Problem] = []
        if self.control not in _CONTROL_IDS:
            out.append(
                Problem("control", f"unknown control id {self.control!r}", "use an id from `oke-secure controls`")
            )
        if self.expires is not None and self.expires < _dt.date.today():
            out.append(
                Problem(
                    "expires",
                    f"the waiver expired on {self.expires}",
                    "renew it with a new date and reason, or remove it and fix the resource",
                )
            )
        refuse(out)
        return self
