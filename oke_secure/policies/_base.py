"""The small framework every policy module uses.

A policy is a plain function decorated with :func:`resource_policy` or :func:`stack_policy`. The
decorator builds the ``pulumi_policy`` object (so the same policy runs under ``pulumi preview
--policy-pack`` and in the offline engine), records the control ids it checks as the policy's
``tags``, and honours recorded exceptions: a resource that carries the freeform tag
``oke-secure-exception-<ID>`` (OCI) or the annotation ``oke-secure.io/exception-<ID>`` (Kubernetes)
with a written reason is reported as *waived* instead of violating.

Write policies so that a missing key counts as the insecure default: the real engine fills provider
defaults in, hand-written programs often leave keys out.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

MANDATORY = EnforcementLevel.MANDATORY
ADVISORY = EnforcementLevel.ADVISORY

EXCEPTION_TAG_PREFIX = "oke-secure-exception-"
EXCEPTION_ANNOTATION_PREFIX = "oke-secure.io/exception-"
MIN_REASON = 10

Report = Callable[[str], None]
StackReport = Callable[[str, "str | None"], None]


@dataclass(frozen=True)
class Waiver:
    """A violation that a recorded exception turned into a waiver."""

    policy: str
    urn: str | None
    message: str
    reason: str


#: Where the offline evaluator collects waivers; the real CLI has no sink and simply allows them.
WAIVER_SINK: contextvars.ContextVar[list[Waiver] | None] = contextvars.ContextVar("waivers", default=None)

#: Every policy defined through the decorators, in definition order.
REGISTRY: list[ResourceValidationPolicy | StackValidationPolicy] = []
#: Control ids per policy name.
CONTROLS_OF: dict[str, tuple[str, ...]] = {}
#: Resource types a resource policy looks at (absent: every type); lets the evaluator skip the rest.
TYPES_OF: dict[str, frozenset[str]] = {}


def get(props: Any, path: str, default: Any = None) -> Any:
    """Read ``a.b.c`` (with list indices as numbers) from nested props; ``default`` when absent."""
    cur = props
    for part in path.split("."):
        if cur is None:
            return default
        if isinstance(cur, list | tuple):
            try:
                cur = cur[int(part)]
            except (ValueError, IndexError):
                return default
        elif isinstance(cur, Mapping):
            if part not in cur:
                return default
            cur = cur[part]
        else:
            return default
    return default if cur is None else cur


def exception_reason(props: Any, controls: Iterable[str]) -> str | None:
    """The recorded reason for an exception to any of ``controls`` on a resource, if one is declared."""
    tags = get(props, "freeformTags", {}) or {}
    annotations = get(props, "metadata.annotations", {}) or {}
    for control in controls:
        keys = ((tags, EXCEPTION_TAG_PREFIX + control), (annotations, EXCEPTION_ANNOTATION_PREFIX + control))
        for source, key in keys:
            reason = source.get(key) if isinstance(source, Mapping) else None
            if isinstance(reason, str) and len(reason.strip()) >= MIN_REASON:
                return reason.strip()
    return None


def _reporter(
    policy: str,
    controls: tuple[str, ...],
    props: Any,
    urn: str | None,
    report_violation: Callable[[str, str | None], None],
) -> Report:
    reason = exception_reason(props, controls)

    def report(message: str) -> None:
        if reason is None:
            report_violation(message, urn)
            return
        sink = WAIVER_SINK.get()
        if sink is not None:
            sink.append(Waiver(policy, urn, message, reason))

    return report


def resource_policy(
    *,
    name: str,
    controls: Iterable[str],
    description: str,
    types: Iterable[str] | None = None,
    enforcement: EnforcementLevel = MANDATORY,
    remediation: str | None = None,
    not_applicable_to: Mapping[str, str] | None = None,
) -> Callable[[Callable[[ResourceValidationArgs, Report], None]], ResourceValidationPolicy]:
    """Declare a per-resource policy.

    Args:
        name: Unique policy name (kebab-case), shown in reports.
        controls: Control ids of ``oke_secure.spec.controls`` that the policy checks.
        description: One sentence saying what must hold.
        types: Resource type tokens the policy looks at; ``None`` for every type.
        enforcement: Default enforcement level (overridable through policy config).
        remediation: What a user should change when it fires.
        not_applicable_to: Resource types the control does not apply to, with the reason; the policy
            answers "not applicable" for them (the SDK's own result) instead of staying silent.
    """
    ids = tuple(controls)
    skipped = dict(not_applicable_to or {})
    wanted = frozenset([*types, *skipped]) if types is not None else None

    def deco(fn: Callable[[ResourceValidationArgs, Report], None]) -> ResourceValidationPolicy:
        def validate(args: ResourceValidationArgs, report_violation: Callable[[str, str | None], None]) -> None:
            if wanted is not None and args.resource_type not in wanted:
                return
            if args.resource_type in skipped:
                args.not_applicable(f"{', '.join(ids)} does not apply: {skipped[args.resource_type]}")
            fn(args, _reporter(name, ids, args.props, args.urn, report_violation))

        policy = ResourceValidationPolicy(
            name=name,
            description=description,
            validate=validate,
            enforcement_level=enforcement,
            tags=list(ids),
            remediation_steps=remediation,
        )
        _register(policy, ids)
        if wanted is not None:
            TYPES_OF[name] = wanted
        return policy

    return deco


class StackIndex:
    """Lookups across a stack's resources for stack policies: by type, by id, by reference."""

    def __init__(self, resources: Iterable[PolicyResource]) -> None:
        self.resources = list(resources)
        self._by_urn = {r.urn: r for r in self.resources}
        self._by_id: dict[str, PolicyResource] = {}
        for r in self.resources:
            rid = get(r.props, "id")
            if isinstance(rid, str) and rid:
                self._by_id[rid] = r

    def of_type(self, *types: str) -> list[PolicyResource]:
        """Resources whose type is one of ``types``."""
        return [r for r in self.resources if r.resource_type in types]

    def by_urn(self, urn: str) -> PolicyResource | None:
        """The resource with this URN."""
        return self._by_urn.get(urn)

    def by_id(self, rid: Any) -> PolicyResource | None:
        """The resource with this physical id (known ids only)."""
        return self._by_id.get(rid) if isinstance(rid, str) else None

    def refs(self, resource: PolicyResource, prop: str, *types: str) -> list[PolicyResource]:
        """Resources of ``types`` that input ``prop`` of ``resource`` refers to, by id or by dependency.

        Ids are unknown for new resources during a real preview, so the property's dependencies
        (URNs) are consulted as well.
        """
        found: dict[str, PolicyResource] = {}
        for value in _strings(get(resource.props, prop)):
            r = self.by_id(value)
            if r is not None and (not types or r.resource_type in types):
                found[r.urn] = r
        for dep in (resource.property_dependencies or {}).get(prop, []) or []:
            if (not types or dep.resource_type in types) and dep.urn in self._by_urn:
                found[dep.urn] = dep
        return list(found.values())


_INDEX_CACHE: list[tuple[list[PolicyResource], StackIndex]] = []


def _index_for(resources: list[PolicyResource]) -> StackIndex:
    """One index per resource list: the stack policies of one evaluation share it."""
    if _INDEX_CACHE and _INDEX_CACHE[0][0] is resources:
        return _INDEX_CACHE[0][1]
    index = StackIndex(resources)
    _INDEX_CACHE[:] = [(resources, index)]
    return index


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def stack_policy(
    *,
    name: str,
    controls: Iterable[str],
    description: str,
    enforcement: EnforcementLevel = MANDATORY,
    remediation: str | None = None,
) -> Callable[[Callable[[StackValidationArgs, StackIndex, StackReport], None]], StackValidationPolicy]:
    """Declare a whole-stack policy; the function gets ``(args, index, report(message, urn))``."""
    ids = tuple(controls)

    def deco(fn: Callable[[StackValidationArgs, StackIndex, StackReport], None]) -> StackValidationPolicy:
        def validate(args: StackValidationArgs, report_violation: Callable[[str, str | None], None]) -> None:
            index = _index_for(args.resources)

            def report(message: str, urn: str | None = None) -> None:
                target = index.by_urn(urn) if urn else None
                _reporter(name, ids, target.props if target else {}, urn, report_violation)(message)

            fn(args, index, report)

        policy = StackValidationPolicy(
            name=name,
            description=description,
            validate=validate,
            enforcement_level=enforcement,
            tags=list(ids),
            remediation_steps=remediation,
        )
        _register(policy, ids)
        return policy

    return deco


def _register(policy: ResourceValidationPolicy | StackValidationPolicy, ids: tuple[str, ...]) -> None:
    from oke_secure.spec.controls import BY_ID

    unknown = [i for i in ids if i not in BY_ID]
    if unknown or not ids:
        raise ValueError(f"policy {policy.name!r} must cite known control ids; unknown: {unknown}")
    if policy.name in CONTROLS_OF:
        raise ValueError(f"policy name {policy.name!r} is defined twice")
    CONTROLS_OF[policy.name] = ids
    REGISTRY.append(policy)
