"""The three situations in which the engine runs a policy pack, reproduced from one offline capture.

- ``first``: the first ``pulumi preview`` of a new stack. A bridged provider (pulumi-oci) previews a
  create with the new resource's ``id`` and computed outputs unknown (pulumi/pulumi ``step.go``,
  ``CreateStep.Apply`` calls ``Create`` with ``Preview: true``), so every input built from another new
  resource's id (directly, or through ``apply``/``Output.concat``) is unknown; literals stay known.
- ``existing``: a preview of a stack that already exists: ids and outputs are known from the state.
- ``update``: ``pulumi up``: each resource is analysed with known inputs right before it is created,
  and the stack policies run once all steps are done (``PULUMI_DRY_RUN=false``).

The policies see the same values in ``existing`` and ``update``; the modes differ in what the engine does
with a mandatory verdict (a preview reports it, an update stops before the resource).

:func:`first_preview` derives the first-preview view from a normal capture: each resource's mock id and
the mock's computed outputs become the engine's unknown sentinel wherever they appear, whole strings
that embed one included (an ``apply`` on an unknown never runs, so its whole result is unknown).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any, Literal

from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from oke_secure.offline.engine.capture import CapturedResource
from oke_secure.offline.engine.fixtures import mock_id

Mode = Literal["first", "existing", "update"]
MODES: tuple[Mode, ...] = ("first", "existing", "update")
UNKNOWN = UNKNOWN_STRING_VALUE

#: Outputs the offline mocks compute (fixtures.OfflineMocks.new_resource) and which are unknown at a first preview.
_VCN_DEFAULTS = ("securitylist", "routetable", "dhcpoptions")


def _computed_ids(resources: Sequence[CapturedResource]) -> set[str]:
    # OCI ids only: the Kubernetes provider previews a create with the object's name known (its id is
    # "<namespace>/<name>", made of inputs), so values built on Kubernetes objects stay known.
    ids = {r.id for r in resources if r.custom and r.id and r.id.startswith("ocid1.")}
    for r in resources:
        if r.type == "oci:Core/vcn:Vcn":
            for region in _regions(ids):
                ids |= {mock_id(f"oci:Core/{kind}:default", r.name, region) for kind in _VCN_DEFAULTS}
    return ids


def _regions(ids: set[str]) -> set[str]:
    return {i.split(".")[3] for i in ids if i.startswith("ocid1.") and i.count(".") >= 4}


def _blank(value: Any, pattern: re.Pattern[str] | None) -> Any:
    if isinstance(value, str):
        return UNKNOWN if pattern is not None and pattern.search(value) else value
    if isinstance(value, dict):
        return {k: _blank(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [_blank(v, pattern) for v in value]
    return value


def first_preview(resources: Sequence[CapturedResource]) -> list[CapturedResource]:
    """``resources`` as the engine sees them during a first preview: new ids and values built on them unknown."""
    ids = _computed_ids(resources)
    parts = sorted(map(re.escape, ids), key=len, reverse=True)
    parts.append(r"https://mock-(?:management|crypto)\.kms\.")
    pattern = re.compile("|".join(parts))
    out = []
    for r in resources:
        out.append(
            dataclasses.replace(
                r,
                id=UNKNOWN if r.custom else None,
                inputs=_blank(r.inputs, pattern),
            )
        )
    return out


def for_mode(resources: Sequence[CapturedResource], mode: Mode) -> list[CapturedResource]:
    """The resources as the policies see them in ``mode``."""
    if mode == "first":
        return first_preview(resources)
    return list(resources)
