"""Value types of the spec (OCIDs, CIDRs, pinned versions, names, reasons) and the base model.

Each ``_check_*`` function is one rule on one value; every section model and every component that
takes the same value uses the type, so the rule exists once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from oke_secure.spec import cidr as _cidr
from oke_secure.spec.errors import Problem, SpecError

#: Oldest Kubernetes minor version the library accepts (CL-6).
VERSION_FLOOR = (1, 30)
#: How many minor versions a node pool may trail the control plane (CL-6).
MAX_POOL_SKEW = 3

_OCID_RE = re.compile(r"^ocid1\.[a-z0-9]+\.[a-z0-9]+\.[a-z0-9-]*\.[a-z0-9]{6,}$")
_VERSION_RE = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")


def _check_ocid(value: str) -> str:
    if not _OCID_RE.match(value):
        raise ValueError(
            f"{value!r} is not an OCID. Fix: copy the resource's OCID from the OCI console, "
            "e.g. ocid1.compartment.oc1..aaaaaaaa..."
        )
    return value


def _check_group_ocid(value: str) -> str:
    # An OCID's second part is its resource type (Oracle, "Resource Identifiers"): groups are ocid1.group.
    if not value.startswith("ocid1.group."):
        raise ValueError(
            f"{value!r} is not an OCI group OCID (WL-4). Fix: give the OCID of an IAM group, "
            "e.g. ocid1.group.oc1..aaaaaaaa..."
        )
    return value


def _check_cidr(value: str) -> str:
    _cidr.parse(value)
    return value


def _check_version(value: str) -> str:
    m = _VERSION_RE.match(value)
    if not m:
        raise ValueError(
            f"{value!r} is not a pinned Kubernetes version. Fix: write it as vMAJOR.MINOR.PATCH, e.g. v1.33.1"
        )
    if (int(m.group(1)), int(m.group(2))) < VERSION_FLOOR:
        raise ValueError(
            f"{value} is older than the supported floor v{VERSION_FLOOR[0]}.{VERSION_FLOOR[1]} (CL-6). "
            "Fix: pin v1.30.0 or newer"
        )
    return value


Ocid = Annotated[str, AfterValidator(_check_ocid)]
GroupOcid = Annotated[str, AfterValidator(_check_ocid), AfterValidator(_check_group_ocid)]
Cidr = Annotated[str, AfterValidator(_check_cidr)]
KubeVersion = Annotated[str, AfterValidator(_check_version)]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,29}$")]
K8sName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10)]
Region = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,}-[a-z]+-\d+$")]
Port = Annotated[int, Field(ge=1, le=65535)]
#: Pod networking: OCI VCN-native pod networking or the flannel overlay.
Cni = Literal["flannel", "vcn-native"]


def version_tuple(version: str) -> tuple[int, int, int]:
    """``(major, minor, patch)`` of a ``vX.Y.Z`` version string."""
    m = _VERSION_RE.match(version)
    if not m:
        raise ValueError(f"not a version: {version!r}")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


def join(where: str, field: str) -> str:
    """``field`` (relative to a section) placed under ``where`` (``""`` means the section itself)."""
    if not where or where == "spec":
        return field or where or "spec"
    if not field:
        return where
    return f"{where}{field}" if field.startswith("[") else f"{where}.{field}"


def prefixed(where: str, problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` with fields relative to a section, placed under ``where``."""
    return [Problem(join(where, p.field), p.message, p.fix) for p in problems]


def refuse(problems: list[Problem]) -> None:
    """Raise :class:`SpecError` when there is any problem (section validators end with this)."""
    if problems:
        raise SpecError(problems)


def duplicates(names: Iterable[str]) -> list[str]:
    """Names that occur more than once, sorted."""
    seen: set[str] = set()
    dups: set[str] = set()
    for n in names:
        (dups if n in seen else seen).add(n)
    return sorted(dups)


def unique_names(field: str, names: Iterable[str]) -> list[Problem]:
    """One problem per name used twice in the list at ``field``."""
    return [
        Problem(field, f"the name {dup!r} is used twice", "give every entry a unique name") for dup in duplicates(names)
    ]
