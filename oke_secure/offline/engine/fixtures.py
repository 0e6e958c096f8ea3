"""The offline engine's fake cloud: invoke answers (see :mod:`.invokes`) and deterministic mock ids.

Invokes are answered from their arguments in the SDK's result shapes; an invoke the engine cannot
answer realistically is recorded (``OfflineMocks.invokes``) so that the report names it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs, Mocks
from pulumi.runtime.rpc import UNKNOWN

from oke_secure.offline.engine.invokes import DEFAULT_VERSIONS, InvokeAnswers, kubeconfig, region_key

#: Kubernetes versions the node-pool options list when a program does not ask for one version.
SUPPORTED_VERSIONS = DEFAULT_VERSIONS

__all__ = ["SUPPORTED_VERSIONS", "OfflineMocks", "kubeconfig", "mock_id", "region_key"]


def chart_note(json_opts: Any) -> str:
    """The report's note for a Helm chart the engine cannot render."""
    try:
        opts = json.loads(json_opts) if isinstance(json_opts, str) else dict(json_opts or {})
    except (TypeError, ValueError):
        opts = {}
    chart = opts.get("chart") or opts.get("path") or "?"
    repo = (opts.get("fetch_opts") or opts.get("fetchOpts") or {}).get("repo") or opts.get("repo")
    where = f" from {repo}" if repo else ""
    return (
        f"Helm chart {chart!r}{where} cannot be rendered offline (no helm, no chart repository): "
        "its objects are opaque to the policies; judge them with `pulumi preview --policy-pack`"
    )


def mock_id(type_: str, name: str, region: str) -> str:
    """A deterministic, OCID-shaped id for a mock resource (stable across runs for diffs)."""
    kind = type_.split(":")[-1].lower() if type_.startswith("oci:") else "mock"
    digest = hashlib.sha1(f"{type_}|{name}".encode()).hexdigest()[:24]
    return f"ocid1.{kind}.oc1.{region}.mock{digest}"


class OfflineMocks(Mocks):
    """Mocks that answer OCI invokes realistically for one region.

    ``first=True`` answers resource registrations as a bridged provider does during the FIRST
    preview of a new stack: no id and no computed output, only the inputs carried through (unknown
    inputs stay unknown). pulumi-terraform-bridge ``pkg/tfbridge/provider.go`` ``Create`` returns,
    under ``req.GetPreview()``, the diff's proposed state marshalled with ``KeepUnknowns``: the
    configured values plus every computed attribute unknown, and the new state's empty id, which
    the SDK resolves as an unknown id in a dry run (``pulumi/runtime/resource.py``: ``is_known =
    bool(resp.id)``).
    """

    def __init__(self, region: str = "eu-frankfurt-1", *, first: bool = False) -> None:
        self.region = region
        self.first = first
        self.answers = InvokeAnswers(region)
        #: Every invoke token called, with how it was answered: answered, placeholder, unanswered.
        self.invokes: dict[str, str] = {}
        #: Parts of the program the engine can only see as opaque (unrendered Helm charts, ...).
        self.notes: list[str] = []
        #: Outputs of other stacks, by stack name (``pulumi.StackReference(name)`` reads them).
        self.stack_outputs: dict[str, dict[str, Any]] = {}

    # Invokes -----------------------------------------------------------------------------------
    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        function = args.token.rsplit(":", 1)[-1]
        override = getattr(type(self), f"_{function}", None)
        if override is not None:
            self.invokes.setdefault(args.token, "answered")
            return override(self, dict(args.args)), []
        result, how = self.answers.answer(args.token, args.args)
        self.invokes.setdefault(args.token, how)
        if how == "opaque":
            self.notes.append(chart_note(args.args.get("jsonOpts")))
        return result, []

    def __getattr__(self, name: str) -> Any:
        # ``_getX`` reads as the generated answer of data source ``getX`` (tests and subclasses).
        if name.startswith("_get"):
            method = getattr(self.answers, name[1:])
            return method
        raise AttributeError(name)

    # Resources ---------------------------------------------------------------------------------
    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        if args.typ == "pulumi:pulumi:StackReference":
            # The SDK reads a StackReference as a resource whose id is the stack's name and whose state holds
            # "outputs" (pulumi/pulumi sdk/python/lib/pulumi/stack_reference.py).
            target = str(args.resource_id or args.inputs.get("name") or "")
            outputs: Any = self.stack_outputs.get(target, self.stack_outputs.get(target.rsplit("/", 1)[-1]))
            if outputs is None:
                # A stack in a backend the offline engine cannot reach: its outputs stay unknown (apply
                # callbacks on them never run in a preview) and the report says so.
                self.notes.append(f"StackReference {target!r}: the referenced stack's outputs are unknown offline")
                outputs = UNKNOWN
            return target, {"name": target, "outputs": outputs, "secretOutputNames": []}
        if not args.custom:
            return None, dict(args.inputs)
        if self.first and not args.resource_id:
            return "", dict(args.inputs)
        rid = args.resource_id or mock_id(args.typ, args.name, self.region)
        state = dict(args.inputs)
        if args.typ == "oci:Kms/vault:Vault":
            state.setdefault("managementEndpoint", f"https://mock-management.kms.{self.region}.oraclecloud.com")
            state.setdefault("cryptoEndpoint", f"https://mock-crypto.kms.{self.region}.oraclecloud.com")
        elif args.typ == "oci:Core/vcn:Vcn":
            for key, kind in (
                ("defaultSecurityListId", "securitylist"),
                ("defaultRouteTableId", "routetable"),
                ("defaultDhcpOptionsId", "dhcpoptions"),
            ):
                state.setdefault(key, mock_id(f"oci:Core/{kind}:default", args.name, self.region))
        elif args.typ.startswith("kubernetes:"):
            meta = state.get("metadata") or {}
            ns, name = meta.get("namespace"), meta.get("name") or args.name
            rid = f"{ns}/{name}" if ns else str(name)
        state.setdefault("id", rid)
        return rid, state
