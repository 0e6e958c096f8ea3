"""The small framework every policy module uses.

A policy is a plain function decorated with :func:`resource_policy` or :func:`stack_policy`. The
decorator builds the ``pulumi_policy`` object (so the same policy runs under ``pulumi preview
--policy-pack`` and in the offline engine), records the control ids it checks as the policy's
``tags``, and honours recorded exceptions: a resource that carries the freeform tag
``oke-secure-exception-<ID>`` (OCI) or the annotation ``oke-secure.io/exception-<ID>`` (Kubernetes)
with a written reason is reported as *waived* instead of violating.

Write policies so that a missing key counts as the insecure default: the real engine fills provider
defaults in, hand-written programs often leave keys out.

Unknown values. During a first ``pulumi preview`` the engine sends the ids of new resources, their
computed outputs and every value built from them as unknown sentinels (pulumi/pulumi
``pkg/resource/plugin/rpc.go`` ``marshalUnknownProperty``; pulumi-policy ``proxy.py``), and the SDK's
``unknown_checking_proxy`` raises :class:`UnknownValueError` on any read of one, which the SDK turns into
an advisory "can't run policy ... during preview" with no verdict. So policies here:

- read ids and references without the proxy (:func:`peek`, :meth:`StackIndex.refs`, which follows the
  property dependencies the engine sends with every resource before it looks at values);
- judge each resource inside ``with deciding(resource):`` (stack policies) or each item with
  :func:`known_items`, so one unknown defers that resource only, and the others are still judged;
- ask :func:`present` where only "is it set" matters (an unknown key id is set).

What stays undecided is collected and raised once at the end as :class:`Deferred` (an
``UnknownValueError``, so the real SDK still says "can't run ... during preview", after reporting every
violation it did find); the offline evaluator lists it as "decided at update" with its reason.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
from pulumi_policy import Severity as Severity
from pulumi_policy import proxy as _proxy
from pulumi_policy.proxy import UnknownValueError

from oke_secure.policies import _meta

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


#: The SDK's unknown sentinels (pulumi_policy.proxy); the engine marshals every unknown as one of them.
UNKNOWNS = frozenset(
    {
        _proxy.UNKNOWN_BOOLEAN_VALUE,
        _proxy.UNKNOWN_NUMBER_VALUE,
        _proxy.UNKNOWN_STRING_VALUE,
        _proxy.UNKNOWN_ARRAY_VALUE,
        _proxy.UNKNOWN_ASSET_VALUE,
        _proxy.UNKNOWN_ARCHIVE_VALUE,
        _proxy.UNKNOWN_OBJECT_VALUE,
    }
)


def is_unknown(value: Any) -> bool:
    """True for one of the engine's unknown sentinels (a value not known until the update)."""
    return isinstance(value, str) and value in UNKNOWNS


def _is_seq(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def _unwrap(value: Any) -> Any:
    """The container a SDK proxy wraps (its elements may still be proxies); other values as they are.

    The SDK's ``_DictProxy``/``_ListProxy`` hand their wrapped container out for the key ``"__target"``
    (pulumi_policy/proxy.py): the one read that does not check for unknowns.
    """
    if isinstance(value, _proxy._DictProxy | _proxy._ListProxy):
        return value["__target"]
    return value


def plain(value: Any) -> Any:
    """``value`` with the SDK's proxies removed (plain dicts and lists), unknown sentinels kept; never raises."""
    value = _unwrap(value)
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if _is_seq(value):
        return [plain(v) for v in value]
    return value


def peek(props: Any, path: str, default: Any = None) -> Any:
    """Like :func:`get` but never raises: an unknown value comes back as its sentinel (see :func:`is_unknown`).

    Containers come back plain (no proxies).
    """
    cur = _unwrap(props)
    for part in path.split("."):
        if cur is None or is_unknown(cur):
            return default if cur is None else cur
        if _is_seq(cur):
            try:
                cur = _unwrap(cur[int(part)])
            except (ValueError, IndexError):
                return default
        elif isinstance(cur, Mapping):
            if part not in cur:
                return default
            cur = _unwrap(cur[part])
        else:
            return default
    return default if cur is None else plain(cur)


def present(props: Any, path: str) -> bool:
    """Whether ``path`` is set to something non-empty; an unknown value is set (it will hold an id or value)."""
    value = peek(props, path)
    return is_unknown(value) or bool(value)


def get(props: Any, path: str, default: Any = None) -> Any:
    """Read ``a.b.c`` (with list indices as numbers) from nested props; ``default`` when absent.

    Reading an unknown value raises :class:`UnknownValueError` (the SDK proxy's own behaviour): use it
    where the verdict depends on the value, inside ``deciding``; use :func:`peek` or :func:`present` where
    it does not.
    """
    cur = props
    for part in path.split("."):
        if cur is None:
            return default
        if _is_seq(cur):
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
    tags = _known_mapping(props, "freeformTags")
    annotations = _known_mapping(props, "metadata.annotations")
    for control in controls:
        keys = ((tags, EXCEPTION_TAG_PREFIX + control), (annotations, EXCEPTION_ANNOTATION_PREFIX + control))
        for source, key in keys:
            reason = source.get(key) if isinstance(source, Mapping) else None
            if isinstance(reason, str) and len(reason.strip()) >= MIN_REASON:
                return reason.strip()
    return None


def _known_mapping(props: Any, path: str) -> Mapping[str, Any]:
    value = peek(props, path, {})
    if is_unknown(value):
        raise UnknownValueError(value, path.split("."))
    return value if isinstance(value, Mapping) else {}


def _reporter(
    policy: str,
    controls: tuple[str, ...],
    props: Any,
    urn: str | None,
    report_violation: Callable[[str, str | None], None],
) -> Report:
    def report(message: str) -> None:
        # Read only when there is something to waive: unknown tags defer a violation, never a clean verdict.
        reason = exception_reason(props, controls)
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
    severity: Severity | None = None,
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
        severity: The SDK severity (default: ``oke_secure.policies._meta``'s table or the enforcement).
            The SDK's compliance ``framework`` is filled from the CIS OKE table (``oke_secure.spec.cis``).
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
            report = _reporter(name, ids, args.props, args.urn, report_violation)

            def run() -> None:
                # A resource policy judges one resource: what it cannot read defers that resource.
                with deciding(_Named(args.urn, args.name)):  # type: ignore[arg-type]
                    fn(args, report)

            _run_deciding(run)

        policy = ResourceValidationPolicy(
            name=name,
            description=description,
            validate=validate,
            enforcement_level=enforcement,
            tags=list(ids),
            remediation_steps=remediation,
            severity=_meta.severity_for(name, severity, enforcement),
            framework=_meta.framework_for(name),
        )
        _register(policy, ids)
        if wanted is not None:
            TYPES_OF[name] = wanted
        return policy

    return deco


@dataclass(frozen=True)
class Deferral:
    """A check a policy could not decide yet: the value it needs is unknown until the update."""

    urn: str | None
    name: str | None
    reason: str


#: Where ``deciding``/``known_items`` collect deferrals during one policy run (set by the decorators).
_DEFERRALS: contextvars.ContextVar[list[Deferral] | None] = contextvars.ContextVar("deferrals", default=None)


class Deferred(UnknownValueError):
    """Raised once at the end of a policy run that judged what it could and left ``items`` undecided.

    It is an ``UnknownValueError``, so the real SDK reports its usual advisory "can't run policy ...
    during preview: <message>" (after every violation the run did report); the offline evaluator lists
    each item as decided at update.
    """

    def __init__(self, items: list[Deferral]) -> None:
        Exception.__init__(self)
        self.unknown_type_sentinel = _proxy.UNKNOWN_STRING_VALUE
        self.props = []
        self.items = items
        shown = "; ".join(f"{d.name or 'stack'}: {d.reason}" for d in items[:5])
        more = f"; and {len(items) - 5} more" if len(items) > 5 else ""
        self.message = f"decided at update for {len(items)} resource(s): {shown}{more}"


def _defer(urn: str | None, name: str | None, reason: str) -> None:
    sink = _DEFERRALS.get()
    if sink is None:
        raise UnknownValueError(_proxy.UNKNOWN_STRING_VALUE, [reason])
    sink.append(Deferral(urn, name, reason))


@contextlib.contextmanager
def deciding(resource: PolicyResource | None = None) -> Iterator[None]:
    """Judge one resource: an unknown value read inside defers this resource only, and the policy goes on."""
    try:
        yield
    except Deferred as exc:
        sink = _DEFERRALS.get()
        if sink is None:
            raise
        sink.extend(exc.items)
    except UnknownValueError as exc:
        if _DEFERRALS.get() is None:
            raise
        _defer(resource.urn if resource else None, resource.name if resource else None, exc.message)


def known_items(props: Any, path: str, what: str, urn: str | None = None, name: str | None = None) -> Iterator[Any]:
    """The list at ``path``, item by item; unknown items (or an unknown list) are deferred, once per list."""
    value = peek(props, path, [])
    if is_unknown(value):
        _defer(urn, name, f"{what}s ({path}) are built from values unknown until the update")
        return
    items = value if isinstance(value, list) else [value]
    unknown = [i for i, item in enumerate(items) if is_unknown(item)]
    yield from (item for item in items if not is_unknown(item))
    if unknown:
        where = ", ".join(map(str, unknown))
        _defer(urn, name, f"{len(unknown)} {what}(s) ({path}[{where}]) embed ids unknown until the update")


class StackIndex:
    """Lookups across a stack's resources for stack policies: by type, by id, by reference.

    Built without touching unknown values: during a first preview every new resource's ``id`` is
    unknown, and reading it through the SDK proxy would abort the whole policy.
    """

    def __init__(self, resources: Iterable[PolicyResource]) -> None:
        self.resources = list(resources)
        self._by_urn = {r.urn: r for r in self.resources}
        self._by_id: dict[str, PolicyResource] = {}
        for r in self.resources:
            rid = peek(r.props, "id")
            if isinstance(rid, str) and rid and not is_unknown(rid):
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
        """Resources of ``types`` that input ``prop`` of ``resource`` refers to, by dependency or by id.

        The engine sends, with every resource, the URNs each top-level input depends on
        (``propertyDependencies``, pulumi/pulumi ``step_generator.go`` ``AnalyzeResources``); they hold
        during a first preview, when the ids themselves are unknown, so they are read first. Known ids
        anywhere in the value (nested objects and the SDK's list proxies included) are matched as well.
        A value with unknown parts and no recorded dependency cannot be resolved: that raises
        ``UnknownValueError`` (the caller's ``deciding`` block defers the resource).
        """
        found: dict[str, PolicyResource] = {}
        deps = (resource.property_dependencies or {}).get(prop.split(".")[0], []) or []
        for dep in deps:
            if (not types or dep.resource_type in types) and dep.urn in self._by_urn:
                found[dep.urn] = dep
        unresolved = False
        for value in _strings(peek(resource.props, prop)):
            if is_unknown(value):
                unresolved = True
                continue
            r = self.by_id(value)
            if r is not None and (not types or r.resource_type in types):
                found[r.urn] = r
        if unresolved and not deps:
            raise UnknownValueError(_proxy.UNKNOWN_STRING_VALUE, [prop])
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
    """Every string inside ``value`` (nested mappings and sequences, the SDK's proxies included)."""
    value = _unwrap(value)
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _strings(v)
    elif _is_seq(value):
        for v in value:
            yield from _strings(v)


def _run_deciding(run: Callable[[], None]) -> None:
    """Run one policy body with a deferral sink; raise :class:`Deferred` if anything stayed undecided."""
    sink: list[Deferral] = []
    token = _DEFERRALS.set(sink)
    try:
        run()
    finally:
        _DEFERRALS.reset(token)
    if sink:
        raise Deferred(sink)


@dataclass(frozen=True)
class _Named:
    urn: str
    name: str


def stack_policy(
    *,
    name: str,
    controls: Iterable[str],
    description: str,
    enforcement: EnforcementLevel = MANDATORY,
    remediation: str | None = None,
    severity: Severity | None = None,
) -> Callable[[Callable[[StackValidationArgs, StackIndex, StackReport], None]], StackValidationPolicy]:
    """Declare a whole-stack policy; the function gets ``(args, index, report(message, urn))``.

    ``severity`` and the compliance framework are set as for :func:`resource_policy`.
    """
    ids = tuple(controls)

    def deco(fn: Callable[[StackValidationArgs, StackIndex, StackReport], None]) -> StackValidationPolicy:
        def validate(args: StackValidationArgs, report_violation: Callable[[str, str | None], None]) -> None:
            index = _index_for(args.resources)

            def report(message: str, urn: str | None = None) -> None:
                target = index.by_urn(urn) if urn else None
                _reporter(name, ids, target.props if target else {}, urn, report_violation)(message)

            def run() -> None:
                # Whatever the body does not judge inside its own ``deciding`` blocks defers the stack.
                with deciding(None):
                    fn(args, index, report)

            _run_deciding(run)

        policy = StackValidationPolicy(
            name=name,
            description=description,
            validate=validate,
            enforcement_level=enforcement,
            tags=list(ids),
            remediation_steps=remediation,
            severity=_meta.severity_for(name, severity, enforcement),
            framework=_meta.framework_for(name),
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
