"""Evaluate the policy pack in-process on captured resources, as the Pulumi CLI would.

Enforcement levels and per-policy config follow the SDK: a policy's own level is the default, the
config (the same JSON ``pulumi preview --policy-config`` reads) may override it per policy or for
``all``, ``disabled`` skips a policy, and an unknown value during validation skips that check.
Recorded exceptions become waivers: on the resource (tags/annotations) or in the spec
(``exceptions:`` with control, resource name patterns and a reason).

Decided or deferred. What a policy cannot judge because a value is unknown (a first preview: ids and
values built on them, see :mod:`oke_secure.offline.modes`) is not skipped silently: it is listed in
:attr:`Report.deferred` with the reason, as "decided at update" for a resource policy (the engine runs
``Analyze`` again with known inputs right before it creates the resource, and a mandatory verdict stops
the update there) or "decided after the update" for a stack policy (``AnalyzeStack`` runs once, after
every step: pulumi/pulumi ``step_generator.go``). The real SDK shows the same cases as its advisory
"can't run policy ... during preview".
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import functools
import inspect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.policy import _NotApplicableError
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy

from oke_secure.offline.engine.capture import CapturedResource
from oke_secure.policies import _base


@dataclass(frozen=True)
class Violation:
    """One policy finding on one resource."""

    policy: str
    controls: tuple[str, ...]
    enforcement: str
    urn: str | None
    name: str | None
    type: str | None
    message: str
    waived: str | None = None


@dataclass(frozen=True)
class Deferral:
    """A check a policy could not decide yet, because a value it needs is unknown until the update."""

    policy: str
    controls: tuple[str, ...]
    enforcement: str
    urn: str | None
    name: str | None
    type: str | None
    reason: str
    #: ``"update"`` (a resource policy: decided before the resource is created) or ``"after-update"``
    #: (a stack policy: decided once every step is done).
    when: str

    @property
    def label(self) -> str:
        """How a report names the stage at which this check is decided."""
        return "decided at update" if self.when == "update" else "decided after the update"


@dataclass(frozen=True)
class SpecWaiver:
    """A waiver from the spec's ``exceptions`` list."""

    control: str
    resources: tuple[str, ...]
    reason: str


@dataclass
class Report:
    """The outcome of one evaluation."""

    violations: list[Violation] = field(default_factory=list)
    waived: list[Violation] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    #: Policies that answered "not applicable" for a resource, with the reason in ``message``.
    not_applicable: list[Violation] = field(default_factory=list)
    #: Checks that wait for values unknown now (first preview), with the reason.
    deferred: list[Deferral] = field(default_factory=list)

    @property
    def mandatory(self) -> list[Violation]:
        """Violations that block a deployment."""
        return [v for v in self.violations if v.enforcement == "mandatory"]

    @property
    def advisory(self) -> list[Violation]:
        """Violations that only warn."""
        return [v for v in self.violations if v.enforcement == "advisory"]


def _level(
    policy: ResourceValidationPolicy | StackValidationPolicy, config: Mapping[str, Any]
) -> tuple[str, Mapping[str, Any]]:
    level: Any = policy.enforcement_level or EnforcementLevel.ADVISORY
    props: Mapping[str, Any] = {}
    for key in ("all", policy.name):
        val = config.get(key)
        if val is None:
            continue
        if isinstance(val, str | EnforcementLevel):
            level = val
        elif isinstance(val, Mapping):
            level = val.get("enforcementLevel", level)
            props = {k: v for k, v in val.items() if k != "enforcementLevel"}
    return (level.value if isinstance(level, EnforcementLevel) else str(level)), props


def _opts(r: CapturedResource) -> PolicyResourceOptions:
    return PolicyResourceOptions(
        protect=r.protect,
        ignore_changes=list(r.ignore_changes),
        delete_before_replace=r.delete_before_replace,
        aliases=list(r.aliases),
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
        additional_secret_outputs=list(r.additional_secret_outputs),
        parent=r.parent,
    )


def inputs_of(r: CapturedResource) -> dict[str, Any]:
    """What ``Analyze`` receives for a resource: its inputs, without ``id`` (pulumi/pulumi
    ``step_generator.go`` ``analyzeAll`` sends ``resource.FromResourcePropertyMap(inputs)``)."""
    return dict(r.inputs)


def outputs_of(r: CapturedResource) -> dict[str, Any]:
    """What ``AnalyzeStack`` receives for a resource: its outputs (``AnalyzeResources`` sends ``v.Outputs``).

    The capture's outputs when it has them, else the inputs plus ``id`` (unknown at a first preview): a
    bridged provider's outputs repeat the inputs and add ``id`` and the computed attributes.
    """
    outputs = getattr(r, "outputs", None)
    props = dict(outputs) if isinstance(outputs, dict) and outputs else dict(r.inputs)
    if r.custom and r.id and "id" not in props:
        props["id"] = r.id
    return props


def provider_urn(reference: str | None) -> str | None:
    """The URN in a provider reference (``<urn>::<id>``, pulumi/pulumi ``sdk/go/common/resource/providers``)."""
    if not reference:
        return None
    return reference.rsplit("::", 1)[0] if reference.count("::") > 1 else reference


def _provider(r: CapturedResource, by_urn: Mapping[str, CapturedResource]) -> PolicyProviderResource | None:
    """The explicit provider of ``r`` as the engine sends it to policies (type, inputs, urn, name); ``None``
    for the default provider, whose config the offline engine does not see."""
    urn = provider_urn(r.provider)
    p = by_urn.get(urn) if urn else None
    if p is None:
        return None
    return PolicyProviderResource(p.type, unknown_checking_proxy(dict(p.inputs)), p.urn, p.name)


def _run(result: Any) -> None:
    if inspect.isawaitable(result):
        asyncio.new_event_loop().run_until_complete(result)


def _policy_resources(resources: Sequence[CapturedResource], proxied: Mapping[str, Any]) -> list[PolicyResource]:
    by_urn: dict[str, PolicyResource] = {}
    out: list[PolicyResource] = []
    captured = {r.urn: r for r in resources}
    for r in resources:
        props = proxied[r.urn] if r.urn in proxied else unknown_checking_proxy(outputs_of(r))
        pr = PolicyResource(
            resource_type=r.type,
            props=props,
            urn=r.urn,
            name=r.name,
            opts=_opts(r),
            provider=_provider(r, captured),
            parent=None,
            dependencies=[],
            property_dependencies={},
        )
        by_urn[r.urn] = pr
        out.append(pr)
    for r, pr in zip(resources, out, strict=True):
        pr.parent = by_urn.get(r.parent) if r.parent else None
        pr.dependencies = [by_urn[u] for u in r.dependencies if u in by_urn]
        pr.property_dependencies = {
            k: [by_urn[u] for u in v if u in by_urn] for k, v in r.property_dependencies.items()
        }
    return out


def evaluate(
    resources: Sequence[CapturedResource],
    policies: Iterable[ResourceValidationPolicy | StackValidationPolicy] | None = None,
    config: Mapping[str, Any] | None = None,
    waivers: Iterable[SpecWaiver] = (),
) -> Report:
    """Run ``policies`` (default: the whole pack) over captured ``resources``.

    Args:
        resources: What the offline engine captured.
        policies: Policies to run; default :data:`oke_secure.policies.POLICIES`.
        config: Policy config as for ``pulumi preview --policy-config``: ``{"<policy>"|"all":
            "mandatory"|"advisory"|"disabled" | {"enforcementLevel": ..., **properties}}``.
        waivers: Spec-level exceptions that turn matching violations into waivers.
    """
    if policies is None:
        from oke_secure.policies import POLICIES

        policies = POLICIES
    policies = list(policies)
    config = config or {}
    waiver_list = list(waivers)
    by_urn = {r.urn: r for r in resources}
    report = Report()
    sink: list[_base.Waiver] = []
    custom = [r for r in resources if r.custom]
    # Built once and shared by every policy: the proxies are read-only views of the inputs.
    proxied = {r.urn: unknown_checking_proxy(inputs_of(r)) for r in custom}
    stack_proxied: dict[str, Any] = {}
    stack_resources: list[PolicyResource] | None = None
    token = _base.WAIVER_SINK.set(sink)
    try:
        for policy in policies:
            level, props = _level(policy, config)
            if level == "disabled":
                continue
            report.policies.append(policy.name)
            controls = _base.CONTROLS_OF.get(policy.name, tuple(policy.tags or ()))
            found: list[tuple[str, str | None]] = []

            def record(message: str, urn: str | None = None, _found: list[tuple[str, str | None]] = found) -> None:
                _found.append((message, urn))

            if isinstance(policy, ResourceValidationPolicy):
                wanted = _base.TYPES_OF.get(policy.name)
                for r in custom:
                    if wanted is not None and r.type not in wanted:
                        continue
                    args = ResourceValidationArgs(
                        resource_type=r.type,
                        props=proxied[r.urn],
                        urn=r.urn,
                        name=r.name,
                        opts=_opts(r),
                        provider=_provider(r, by_urn),
                        config=props,
                    )
                    try:
                        _run(policy.validate(args, functools.partial(_record_for, record, r.urn)))
                    except UnknownValueError as exc:
                        _deferrals(report, policy.name, controls, level, exc, r, by_urn, "update")
                        continue
                    except _NotApplicableError as exc:
                        report.not_applicable.append(
                            Violation(
                                policy.name, controls, level, r.urn, r.name, r.type, str(exc.reason or "not applicable")
                            )
                        )
            else:
                if stack_resources is None:
                    stack_resources = _policy_resources(resources, stack_proxied)
                sargs = StackValidationArgs(stack_resources, props)
                try:
                    with contextlib.suppress(_NotApplicableError):
                        _run(policy.validate(sargs, record))
                except UnknownValueError as exc:
                    _deferrals(report, policy.name, controls, level, exc, None, by_urn, "after-update")
            for message, urn in found:
                target = by_urn.get(urn) if urn else None
                v = Violation(
                    policy.name,
                    controls,
                    level,
                    urn,
                    target.name if target else None,
                    target.type if target else None,
                    message,
                )
                reason = _spec_waiver(v, waiver_list)
                if reason:
                    report.waived.append(Violation(**{**v.__dict__, "waived": reason}))
                else:
                    report.violations.append(v)
    finally:
        _base.WAIVER_SINK.reset(token)
    for w in sink:
        target = by_urn.get(w.urn) if w.urn else None
        controls = _base.CONTROLS_OF.get(w.policy, ())
        level, _ = _level(next(p for p in policies if p.name == w.policy), config)
        report.waived.append(
            Violation(
                w.policy,
                controls,
                level,
                w.urn,
                target.name if target else None,
                target.type if target else None,
                w.message,
                waived=w.reason,
            )
        )
    return report


def _deferrals(
    report: Report,
    policy: str,
    controls: tuple[str, ...],
    level: str,
    exc: UnknownValueError,
    resource: CapturedResource | None,
    by_urn: Mapping[str, CapturedResource],
    when: str,
) -> None:
    """Record what a policy left undecided: each item of a ``Deferred``, or the whole run for a bare unknown."""
    items = (
        [(d.urn, d.reason) for d in exc.items]
        if isinstance(exc, _base.Deferred)
        else [(resource.urn if resource else None, exc.message)]
    )
    for urn, reason in items:
        target = by_urn.get(urn) if urn else None
        report.deferred.append(
            Deferral(
                policy,
                controls,
                level,
                urn,
                target.name if target else None,
                target.type if target else None,
                reason,
                when,
            )
        )


def _record_for(record: Any, default_urn: str, message: str, urn: str | None = None) -> None:
    record(message, urn or default_urn)


def _spec_waiver(v: Violation, waivers: list[SpecWaiver]) -> str | None:
    for w in waivers:
        if w.control in v.controls and v.name and any(fnmatch.fnmatchcase(v.name, p) for p in w.resources):
            return w.reason
    return None
