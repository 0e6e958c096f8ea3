"""Value types of the spec (OCIDs, CIDRs, pinned versions, names, reasons) and the base model.

Each ``_check_*`` function is one rule on one value; every section model and every component that
takes the same value uses the type, so the rule exists once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, StringConstraints, WithJsonSchema

from oke_secure.spec import cidr as _cidr
from oke_secure.spec.errors import Problem, SpecError

#: Oldest Kubernetes minor version the library accepts (CL-6).
VERSION_FLOOR = (1, 30)
#: How many minor versions a node pool may trail the control plane (CL-6).
MAX_POOL_SKEW = 3

_OCID_RE = re.compile(r"^ocid1\.[a-z0-9]+\.[a-z0-9]+\.[a-z0-9-]*\.[a-z0-9]{6,}$")
_VERSION_RE = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")


def is_output(value: object) -> bool:
    """True for a Pulumi ``Output`` (duck-typed, so that the spec tier never imports the SDK)."""
    return type(value).__name__ == "Output" and type(value).__module__.startswith("pulumi")


#: What an OCID's resource-type part (its second dot-separated part) must be, per id field. Oracle,
#: "Resource Identifiers" (docs.oracle.com/en-us/iaas/Content/General/Concepts/identifiers.htm):
#: ``ocid1.<RESOURCE TYPE>.<REALM>.[REGION][.FUTURE USE].<UNIQUE ID>``.
_KIND_EXAMPLE = "ocid1.{kind}.oc1..aaaaaaaa..."


def _check_ocid(value: str, kinds: tuple[str, ...] = ()) -> str:
    example = _KIND_EXAMPLE.format(kind=kinds[0] if kinds else "compartment")
    what = " or ".join(kinds) if kinds else "resource"
    if not isinstance(value, str) or not _OCID_RE.match(value):
        raise ValueError(f"{value!r} is not an OCID. Fix: copy the {what}'s OCID from the OCI console, e.g. {example}")
    kind = value.split(".")[1]
    if kinds and kind not in kinds:
        raise ValueError(
            f"{value!r} is the OCID of a {kind}, but a {what} OCID is expected here. "
            f"Fix: give the OCID of the {what} (it starts ocid1.{kinds[0]}.), e.g. {example}"
        )
    return value


def check_ocid(value: str, *kinds: str) -> str:
    """``value`` if it is an OCID of one of ``kinds`` (any kind when none); else ValueError naming the fix."""
    return _check_ocid(value, kinds)


def _ocid_check(*kinds: str) -> PlainValidator:
    """Validator of an OCID of one of ``kinds`` (any kind when empty). A Pulumi ``Output`` (e.g.
    ``vcn.id`` of an existing resource in a user's program) passes through unvalidated: its value is
    only known when the engine resolves it, and components hand it to resources as the input it is."""

    def check(value: Any) -> Any:
        return value if is_output(value) else _check_ocid(value, kinds)

    return PlainValidator(check)


def _ocid_schema(*kinds: str) -> WithJsonSchema:
    pattern = rf"^ocid1\.({'|'.join(kinds)})\." if kinds else r"^ocid1\."
    return WithJsonSchema({"type": "string", "pattern": pattern})


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


# OCID types by resource kind. Typed ``str`` for the code that reads them; at run time a component
# argument may also be a Pulumi Output of the id, which is passed through to the resources as is.
#: Any OCID.
Ocid = Annotated[str, _ocid_check(), _ocid_schema()]
#: An IAM group (WL-4, IAM-2: groups, never users, get access).
GroupOcid = Annotated[str, _ocid_check("group"), _ocid_schema("group")]
#: A group or a user (RBAC subjects of a namespace role).
PrincipalOcid = Annotated[str, _ocid_check("group", "user"), _ocid_schema("group", "user")]
#: The tenancy.
TenancyOcid = Annotated[str, _ocid_check("tenancy"), _ocid_schema("tenancy")]
#: A compartment; the tenancy root is a compartment too (where it is refused, a rule says so: IAM-1).
CompartmentOcid = Annotated[str, _ocid_check("compartment", "tenancy"), _ocid_schema("compartment", "tenancy")]
#: An existing VCN.
VcnOcid = Annotated[str, _ocid_check("vcn"), _ocid_schema("vcn")]
#: An OCI Vault.
VaultOcid = Annotated[str, _ocid_check("vault"), _ocid_schema("vault")]
#: A KMS key.
KeyOcid = Annotated[str, _ocid_check("key"), _ocid_schema("key")]
#: A network security group (NET-10: the NSGs a LoadBalancer Service must name).
NsgOcid = Annotated[str, _ocid_check("networksecuritygroup"), _ocid_schema("networksecuritygroup")]
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
