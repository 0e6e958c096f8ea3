"""What the offline engine records about each registered resource, and the monitor that records it."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.output import Unknown
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockMonitor, Mocks
from pulumi.runtime.sync_await import _ensure_event_loop

from oke_secure.offline.engine import k8s

#: How an unknown value reaches a policy. The engine marshals every computed (unknown) property as
#: this one string sentinel when it calls an analyzer (pulumi/pulumi sdk/go/common/resource/plugin/
#: rpc.go, ``MarshalPropertyValue``: ``UnknownStringValue`` under ``KeepUnknowns``), and pulumi_policy
#: recognises it (``pulumi_policy/proxy.py`` ``UNKNOWN_STRING_VALUE``, equal to ``rpc.UNKNOWN``).
UNKNOWN = rpc.UNKNOWN


def is_unknown(value: Any) -> bool:
    """True for the engine's unknown sentinel (a value computed only at ``pulumi up``)."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN)


def contains_unknown(value: Any) -> bool:
    """True when ``value`` is, or holds anywhere inside it, an unknown."""
    if is_unknown(value):
        return True
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unknown(v) for v in value)
    return False


@dataclass
class CapturedResource:
    """One resource as the engine saw it: enough to evaluate policies and export plans.

    Attributes:
        urn: Mock URN (``urn:pulumi:<stack>::<project>::<parent types$type>::<name>``).
        type: Type token, e.g. ``oci:ContainerEngine/cluster:Cluster``.
        name: Logical name.
        id: Mock physical id (``None`` for component resources; :data:`UNKNOWN` at a first preview).
        custom: True for provider resources, false for components.
        parent: URN of the parent, if any.
        provider: Provider reference string, if any.
        inputs: Input properties (camelCase, secrets unwrapped); values unknown at preview are
            :data:`UNKNOWN`, exactly as the engine hands them to a policy.
        secret_inputs: Top-level input keys that were secret.
        dependencies: URNs this resource depends on.
        property_dependencies: For each input key, the URNs it depends on.
        protect: Whether ``protect=True`` was set.
        retain_on_delete: Whether ``retain_on_delete=True`` was set.
        ignore_changes: Input keys whose changes are ignored.
        aliases: Alias URNs or names declared on the resource.
        additional_secret_outputs: Output keys forced secret.
        delete_before_replace: The resource option of that name.
        outputs: The state the (mock) provider returned: what ``AnalyzeStack`` sees as the
            resource's properties. Inputs carried through plus what the fixtures compute; at a first
            preview inputs only (with their unknowns), and no ``id``. Secrets unwrapped.
    """

    urn: str
    type: str
    name: str
    id: str | None
    custom: bool
    parent: str | None
    provider: str | None
    inputs: dict[str, Any]
    secret_inputs: set[str] = field(default_factory=set)
    dependencies: list[str] = field(default_factory=list)
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    protect: bool = False
    retain_on_delete: bool = False
    ignore_changes: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    additional_secret_outputs: list[str] = field(default_factory=list)
    delete_before_replace: bool = False
    outputs: dict[str, Any] = field(default_factory=dict)


@dataclass
class StackOutput:
    """A stack export: its resolved value (:data:`UNKNOWN` when not known at preview), whether secret."""

    value: Any
    secret: bool

    @property
    def known(self) -> bool:
        """False when the value is only computed at ``pulumi up``."""
        return not contains_unknown(self.value)


@dataclass
class Capture:
    """Everything one program run produced."""

    project: str
    stack: str
    resources: list[CapturedResource]
    outputs: dict[str, StackOutput]
    #: ``preview``, ``first`` or ``update``: which engine semantics produced this capture.
    mode: str = "update"
    #: What the program wrote to stdout and stderr (shown apart from the report).
    stdout: str = ""
    stderr: str = ""
    #: Every invoke token the program called, with how the engine answered it: ``answered``
    #: (realistic data), ``placeholder`` (well-formed placeholders from the SDK's result type) or
    #: ``unanswered`` (an empty result).
    invokes: dict[str, str] = field(default_factory=dict)
    #: Notes about parts of the program the engine could only see as opaque (e.g. unrendered charts).
    notes: list[str] = field(default_factory=list)

    @property
    def unanswered_invokes(self) -> list[dict[str, str]]:
        """Invokes without a realistic answer: ``[{"token", "answer": "placeholder"|"none"}]``."""
        return [
            {"token": t, "answer": "none" if how == "unanswered" else how}
            for t, how in self.invokes.items()
            if how in ("placeholder", "unanswered")
        ]

    def by_type(self, type_: str) -> list[CapturedResource]:
        """Resources of one type token, in registration order."""
        return [r for r in self.resources if r.type == type_]

    def by_urn(self) -> dict[str, CapturedResource]:
        """Index of resources by URN."""
        return {r.urn: r for r in self.resources}


def unwrap_secrets(value: Any) -> tuple[Any, bool]:
    """Strip Pulumi secret envelopes from a deserialized value; report whether any was found.

    Unknown values (``pulumi.output.Unknown``) become the :data:`UNKNOWN` sentinel policies expect.
    """
    if isinstance(value, Unknown):
        return UNKNOWN, False
    if rpc.is_rpc_secret(value):
        inner, _ = unwrap_secrets(rpc.unwrap_rpc_secret(value))
        return inner, True
    if isinstance(value, dict):
        found = False
        out: dict[str, Any] = {}
        for k, v in value.items():
            out[k], s = unwrap_secrets(v)
            found = found or s
        return out, found
    if isinstance(value, list):
        found = False
        items = []
        for v in value:
            item, s = unwrap_secrets(v)
            items.append(item)
            found = found or s
        return items, found
    return value, False


class CapturingMonitor(MockMonitor):
    """A mock resource monitor that also records the whole registration request."""

    def __init__(self, mocks: Mocks, *, first: bool = False) -> None:
        super().__init__(mocks)
        self.captured: list[CapturedResource] = []
        self.first = first
        self.notes: list[str] = []

    def ReadResource(self, request: Any) -> Any:
        """A read (``Resource.get``) answers with the id it was asked for, as the engine does: the SDK
        resolves a read's id from the response's ``id`` and treats an empty one as unknown at preview
        (pulumi/runtime/resource.py, read_resource), and the SDK's MockMonitor leaves it empty. So an
        existing resource's id is known at preview, as it is under ``pulumi preview``."""
        response = super().ReadResource(request)
        # StackReference reads keep the SDK mock's behaviour (outputs unknown at preview): the offline
        # engine rarely knows another stack's outputs, and unknown is what a program must cope with.
        if request.type != "pulumi:pulumi:StackReference":
            response.id = request.id
        return response

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        if request.type == "pulumi:pulumi:Stack":
            return response
        _ensure_event_loop()
        raw = rpc.deserialize_properties(request.object, keep_unknowns=True)
        inputs: dict[str, Any] = {}
        secret_keys: set[str] = set()
        for key, value in raw.items():
            inputs[key], secret = unwrap_secrets(value)
            if secret:
                secret_keys.add(key)
        # Sorted: the SDK gathers dependencies concurrently, so their order varies from run to run.
        prop_deps = {k: sorted(v.urns) for k, v in sorted(request.propertyDependencies.items())}
        self.captured.append(
            CapturedResource(
                urn=response.urn,
                type=request.type,
                name=request.name,
                id=(UNKNOWN if self.first and request.custom else response.id) or None,
                custom=bool(request.custom),
                parent=request.parent or None,
                provider=request.provider or None,
                inputs=inputs,
                secret_inputs=secret_keys,
                dependencies=sorted(request.dependencies),
                property_dependencies=prop_deps,
                protect=bool(request.protect) if request.HasField("protect") else False,
                retain_on_delete=bool(request.retainOnDelete) if request.HasField("retainOnDelete") else False,
                ignore_changes=list(request.ignoreChanges),
                aliases=list(request.aliasURNs) + [_alias_text(a) for a in request.aliases],
                additional_secret_outputs=list(request.additionalSecretOutputs),
                delete_before_replace=bool(request.deleteBeforeReplace),
                outputs=_plain_state(response.object),
            )
        )
        if request.type in k8s.YAML_V2:
            self._yaml_v2(self.captured[-1], _transforms_of(request))
        elif request.type in k8s.OPAQUE:
            chart = inputs.get("chart") or inputs.get("name") or request.name
            self.notes.append(
                f"{k8s.OPAQUE[request.type]} {request.name!r} (chart {chart!r}) renders in the provider or the "
                "cluster, not offline: its objects are opaque to the policies"
            )
        return response

    def _yaml_v2(self, comp: CapturedResource, transforms: list[Any]) -> None:
        """Record the objects of a yaml v2 component as its children (the provider would expand it), each
        passed through the component's own ``transforms`` as the engine does for a packaged component's
        children (the transforms of its ancestors are not applied offline)."""
        objs, notes = k8s.yaml_v2_objects(comp.inputs)
        if notes and transforms:
            notes = [f"{n} (its transforms run on them under the real engine)" for n in notes]
        self.notes.extend(f"{comp.name}: {n}" for n in notes)
        prefix = str(comp.inputs.get("resourcePrefix") or comp.name)
        for obj in objs:
            token = k8s.type_token(str(obj.get("apiVersion") or "v1"), str(obj.get("kind") or "Unknown"))
            name = k8s.child_name(prefix, obj)
            obj = self._transformed(comp, token, name, obj, transforms)
            meta = obj.get("metadata") or {}
            rid = f"{meta['namespace']}/{meta.get('name')}" if meta.get("namespace") else str(meta.get("name"))
            self.captured.append(
                CapturedResource(
                    urn=self.make_urn(comp.urn, token, name),
                    type=token,
                    name=name,
                    id=UNKNOWN if self.first else rid,
                    custom=True,
                    parent=comp.urn,
                    provider=comp.provider,
                    inputs=dict(obj),
                    dependencies=[],
                )
            )

    def _transformed(
        self, comp: CapturedResource, token: str, name: str, obj: dict[str, Any], transforms: list[Any]
    ) -> dict[str, Any]:
        for transform in transforms:
            args = pulumi.ResourceTransformArgs(
                custom=True, type_=token, name=name, props=obj, opts=pulumi.ResourceOptions()
            )
            result = transform(args)
            if inspect.isawaitable(result):
                self.notes.append(f"{comp.name}: an async transform was not run offline on {name}")
                close = getattr(result, "close", None)
                if close is not None:
                    close()
                continue
            if result is not None:
                obj = dict(result.props)
        return obj


def _transforms_of(request: Any) -> list[Any]:
    """The transform functions a registration names (the SDK registered them as callbacks)."""
    try:
        from pulumi.runtime.mocks import _resolve_callbacks
    except ImportError:  # an SDK without transforms under mocks
        return []
    return list(_resolve_callbacks(request.transforms))


def _plain_state(struct: Any) -> dict[str, Any]:
    state = rpc.deserialize_properties(struct, keep_unknowns=True)
    return {k: unwrap_secrets(v)[0] for k, v in state.items() if k != "id"}


def _alias_text(alias: Any) -> str:
    if alias.urn:
        return str(alias.urn)
    return str(alias.spec.name or "")
