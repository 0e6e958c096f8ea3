"""The OCI resources of a captured stack in Terraform plan JSON form, for scanners such as checkov.

Only the shape scanners read is produced: ``terraform_version`` and
``planned_values.root_module.resources[]`` with ``address``, ``mode``, ``type`` (e.g.
``oci_core_subnet``), ``name``, ``provider_name`` and ``values`` in snake_case. Nested blocks become
lists of one object, as Terraform writes them; nulls and empty lists are dropped, except a security
list's rule lists, whose emptiness is the point (an emptied list must not read as "unset").
"""

from __future__ import annotations

import re
from typing import Any

from oke_secure.offline.engine.capture import Capture, CapturedResource

#: Pulumi module names whose Terraform spelling is not simply lower-cased.
_MODULES = {"CloudGuard": "cloud_guard", "VulnerabilityScanning": "vulnerability_scanning"}
#: Map-valued attributes: their keys are user data and stay as they are.
_MAPS = {"freeformTags", "definedTags", "nodeMetadata", "metadata", "systemTags", "securityAttributes"}
#: Rule lists whose emptiness is meaningful (an emptied security list must read as "no rules", not unset).
_KEEP_EMPTY = {"ingressSecurityRules", "egressSecurityRules"}


def snake(name: str) -> str:
    """``isPublicIpEnabled`` -> ``is_public_ip_enabled``."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def terraform_type(pulumi_type: str) -> str | None:
    """``oci:Core/securityList:SecurityList`` -> ``oci_core_security_list``; None for non-OCI types."""
    m = re.match(r"^oci:([A-Za-z]+)/([A-Za-z0-9]+):[A-Za-z0-9]+$", pulumi_type)
    if not m:
        return None
    module = _MODULES.get(m.group(1), m.group(1).lower())
    return f"oci_{module}_{snake(m.group(2))}"


def _values(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        if key in _MAPS:
            return {k: v for k, v in value.items() if v is not None}
        out = {}
        for k, v in value.items():
            conv = _values(v, k)
            if conv is None or conv == {} or (conv == [] and k not in _KEEP_EMPTY):
                continue
            out[snake(k)] = [conv] if isinstance(v, dict) and k not in _MAPS else conv
        return out
    if isinstance(value, list):
        items = [_values(v) for v in value]
        return [i for i in items if i is not None and i != {}]
    return value


def _address_name(r: CapturedResource) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", r.name)


def to_plan(capture: Capture) -> dict[str, Any]:
    """A Terraform-plan-shaped document of the OCI resources in ``capture``, sorted by URN."""
    resources = []
    for r in sorted(capture.resources, key=lambda r: r.urn):
        tf = terraform_type(r.type) if r.custom else None
        if tf is None:
            continue
        name = _address_name(r)
        resources.append(
            {
                "address": f"{tf}.{name}",
                "mode": "managed",
                "type": tf,
                "name": name,
                "provider_name": "registry.terraform.io/oracle/oci",
                "schema_version": 0,
                "values": _values(r.inputs),
            }
        )
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "planned_values": {"root_module": {"resources": resources}},
    }
