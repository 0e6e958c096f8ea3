"""The JSON report of ``oke-secure preview --format json`` (a stable contract)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pulumi

from oke_secure.offline.engine.capture import Capture
from oke_secure.offline.evaluate import Deferral, Report, Violation, provider_urn

REDACTED = "[secret]"


def _plain(value: Any) -> Any:
    """JSON-ready: assets and archives (``pulumi.FileAsset``...) as ``{"asset": path|text|uri}``."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, pulumi.Asset | pulumi.Archive):
        ref = getattr(value, "path", None) or getattr(value, "uri", None) or getattr(value, "text", None)
        return {"asset" if isinstance(value, pulumi.Asset) else "archive": str(ref) if ref else type(value).__name__}
    return value


def _resource(r: Any) -> dict[str, Any]:
    inputs = {k: (REDACTED if k in r.secret_inputs else _plain(v)) for k, v in r.inputs.items()}
    return {
        "urn": r.urn,
        "type": r.type,
        "name": r.name,
        "id": r.id,
        "parent": r.parent,
        "inputs": inputs,
        "dependencies": sorted(r.dependencies),
        "protect": r.protect,
        # DEP-1: which provider creates it: an explicit provider's URN (listed among the resources, with its
        # region in its inputs), "default" for the program's default provider, null for a component.
        "provider": provider_urn(r.provider) or ("default" if r.custom else None),
    }


def _violation(v: Violation) -> dict[str, Any]:
    from oke_secure.policies._meta import finding_metadata

    meta = finding_metadata(v.policy)
    return {
        "policy": v.policy,
        "controls": list(v.controls),
        "severity": meta.get("severity"),
        "cis": meta.get("cis", []),
        "enforcement": v.enforcement,
        "urn": v.urn,
        "message": v.message,
    }


def _deferral(d: Deferral) -> dict[str, Any]:
    return {
        "policy": d.policy,
        "controls": list(d.controls),
        "enforcement": d.enforcement,
        "urn": d.urn,
        "decided": d.label,
        "reason": d.reason,
    }


def sorted_violations(violations: Iterable[Violation]) -> list[Violation]:
    """A stated order for findings (policy, resource URN, message), so identical runs give identical output."""
    return sorted(violations, key=lambda v: (v.policy, v.urn or "", v.message, v.waived or ""))


def sorted_deferrals(deferrals: Iterable[Deferral]) -> list[Deferral]:
    """Deferred checks in a stated order (policy, resource URN, reason)."""
    return sorted(deferrals, key=lambda d: (d.policy, d.urn or "", d.label, d.reason))


def to_json(capture: Capture, report: Report) -> dict[str, Any]:
    """``{"stack", "mode", "program", "resources", "violations", "summary"}``; secrets redacted.

    ``deferred`` lists the checks a policy could not decide yet (values unknown at a first preview),
    each ``decided`` "decided at update" (a resource policy, before its resource is created) or
    "decided after the update" (a stack policy), with the ``reason``.
    ``mode`` is the engine's semantics (``preview``, ``first`` or ``update``); in the first two an
    input or id computed only at ``pulumi up`` is the engine's unknown sentinel string. ``program``
    holds what the program printed (``stdout``, ``stderr``), the invokes the offline engine could
    not answer (``unanswered_invokes``) and ``notes`` (e.g. Helm charts it could not render).

    Resources are sorted by URN and findings by policy, URN and message (registration order varies
    from run to run, because the SDK registers resources from concurrent tasks).
    """
    return {
        "stack": capture.stack,
        "mode": capture.mode,
        "program": {
            "stdout": capture.stdout,
            "stderr": capture.stderr,
            "unanswered_invokes": sorted(capture.unanswered_invokes, key=lambda i: json.dumps(i, sort_keys=True)),
            "notes": sorted(capture.notes),
        },
        "resources": [_resource(r) for r in sorted(capture.resources, key=lambda r: r.urn)],
        "violations": [_violation(v) for v in sorted_violations(report.violations)],
        "deferred": [_deferral(d) for d in sorted_deferrals(report.deferred)],
        "summary": {
            "resources": len(capture.resources),
            "policies": len(report.policies),
            "mandatory": len(report.mandatory),
            "advisory": len(report.advisory),
            "waived": [{**_violation(v), "reason": v.waived} for v in sorted_violations(report.waived)],
            "not_applicable": [_violation(v) for v in sorted_violations(report.not_applicable)],
            "deferred": len(report.deferred),
            # No policy ran (e.g. {"all": "disabled"}): nothing was checked, which is not a pass.
            "passed": bool(report.policies) and not report.mandatory,
        },
    }
