"""Choose findings by compliance framework and severity, from the policies' own SDK metadata.

``oke-secure preview --framework cis-oke --min-severity high`` keeps the violations, waivers and
not-applicable answers of the policies whose ``framework.name`` is the framework and whose
``severity`` is at least the given one; the exit code and every output then follow that selection,
as Pulumi's pre-built packs let users choose policies by framework.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from oke_secure.offline.evaluate import Report
from oke_secure.policies import _meta

#: Severity names from lowest to highest (pulumi-policy ``Severity``).
SEVERITIES = ("low", "medium", "high", "critical")


def selected(policy: Any, framework: str | None, min_severity: str | None) -> bool:
    """Whether ``policy`` belongs to ``framework`` (if given) and is at least ``min_severity`` (if given)."""
    if framework is not None and _meta.framework_name(policy) != framework:
        return False
    if min_severity is not None:
        return SEVERITIES.index(_meta.severity_name(policy)) >= SEVERITIES.index(min_severity)
    return True


def filter_report(
    report: Report, policies: Sequence[Any], framework: str | None = None, min_severity: str | None = None
) -> tuple[Report, list[Any]]:
    """The report and policy list restricted to the selected policies (unchanged when nothing is asked)."""
    if framework is None and min_severity is None:
        return report, list(policies)
    kept = [p for p in policies if selected(p, framework, min_severity)]
    names = {p.name for p in kept}
    return (
        replace(
            report,
            violations=[v for v in report.violations if v.policy in names],
            waived=[v for v in report.waived if v.policy in names],
            not_applicable=[v for v in report.not_applicable if v.policy in names],
            deferred=[d for d in report.deferred if d.policy in names],
            policies=[n for n in report.policies if n in names],
        ),
        kept,
    )
