"""SARIF 2.1.0 output for code-scanning tools (GitHub code scanning and others)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from oke_secure.offline.evaluate import Report
from oke_secure.spec.controls import BY_ID

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _frameworks(policy: Any) -> list[dict[str, str]]:
    fw = getattr(policy, "framework", None)
    if fw is None:
        return []
    return [{"name": fw.name or "", "version": fw.version or "", "reference": fw.reference or ""}]


def to_sarif(report: Report, policies: Iterable[Any], artifact: str, version: str) -> dict[str, Any]:
    """A SARIF log with one rule per policy and one result per violation, located at ``artifact``."""
    from oke_secure.policies import CONTROLS_OF, _meta

    rules = []
    for p in policies:
        controls = CONTROLS_OF.get(p.name, ())
        severity, cis_ids = _meta.severity_name(p), _meta.cis_ids(p)
        rules.append(
            {
                "id": p.name,
                "name": p.name,
                "shortDescription": {"text": p.description},
                "fullDescription": {"text": "; ".join(f"{c}: {BY_ID[c].title}" for c in controls)},
                "help": {"text": p.remediation_steps or p.description},
                "defaultConfiguration": {
                    "level": "error" if getattr(p.enforcement_level, "value", "") == "mandatory" else "warning"
                },
                # GitHub code scanning reads tags and a numeric "security-severity" from rule properties.
                "properties": {
                    "tags": ["security", *controls, *(f"CIS-OKE-{i}" for i in cis_ids)],
                    "security-severity": _meta.SECURITY_SEVERITY[severity],
                    "severity": severity,
                    "frameworks": _frameworks(p),
                },
            }
        )
    rules.sort(key=lambda r: r["id"])
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    # A stated order, so that two identical runs give identical logs: by rule, then resource, then message.
    ordered = sorted(
        [*report.violations, *report.waived], key=lambda v: (v.policy, v.urn or "", v.message, v.waived or "")
    )
    for v in ordered:
        result: dict[str, Any] = {
            "ruleId": v.policy,
            "level": "error" if v.enforcement == "mandatory" else "warning",
            "message": {"text": f"{v.name or 'stack'}: {v.message}"},
            "locations": [
                {
                    "physicalLocation": {"artifactLocation": {"uri": artifact}, "region": {"startLine": 1}},
                    "logicalLocations": [{"fullyQualifiedName": v.urn or "stack", "kind": "resource"}],
                }
            ],
            "properties": {"controls": list(v.controls), **_meta.finding_metadata(v.policy)},
        }
        if v.policy in index:
            result["ruleIndex"] = index[v.policy]
        if v.waived:
            result["suppressions"] = [{"kind": "inSource", "justification": v.waived}]
        results.append(result)
    for d in sorted(report.deferred, key=lambda d: (d.policy, d.urn or "", d.label, d.reason)):
        # SARIF 2.1.0 result.kind "open": the tool could not yet tell whether the problem is present.
        results.append(
            {
                "ruleId": d.policy,
                **({"ruleIndex": index[d.policy]} if d.policy in index else {}),
                "kind": "open",
                "level": "none",
                "message": {"text": f"{d.name or 'stack'}: {d.label}: {d.reason}"},
                "locations": [
                    {
                        "physicalLocation": {"artifactLocation": {"uri": artifact}, "region": {"startLine": 1}},
                        "logicalLocations": [{"fullyQualifiedName": d.urn or "stack", "kind": "resource"}],
                    }
                ],
                "properties": {"controls": list(d.controls), "decided": d.label},
            }
        )
    return _log(version, rules, results, [{"executionSuccessful": True, "exitCode": 1 if report.mandatory else 0}])


def _log(
    version: str, rules: list[dict[str, Any]], results: list[dict[str, Any]], invocations: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "oke-secure",
                        "version": version,
                        "informationUri": "https://github.com/oke-secure/oke-secure",
                        "rules": rules,
                    }
                },
                "invocations": invocations,
                "results": results,
            }
        ],
    }


def error_log(problems: Iterable[Any], artifact: str, version: str) -> dict[str, Any]:
    """A SARIF log of a run that could not start (bad input): no results, a failed invocation (exit 2)
    with one error notification per problem (the SARIF 2.1.0 invocation object's executionSuccessful,
    exitCode and toolExecutionNotifications), so code scanning shows why instead of an empty file.
    """
    notifications = []
    for p in problems:
        note: dict[str, Any] = {"level": "error", "message": {"text": str(p)}}
        if artifact:
            note["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": artifact}}}]
        if getattr(p, "field", None):
            note["properties"] = {"field": p.field, "fix": p.fix}
        notifications.append(note)
    invocation = {"executionSuccessful": False, "exitCode": 2, "toolExecutionNotifications": notifications}
    return _log(version, [], [], [invocation])
