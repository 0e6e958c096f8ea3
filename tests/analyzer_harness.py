"""Drive an on-disk policy pack the way the Pulumi engine drives it (issue 14).

Start: the Python language host runs ``<venv>/bin/python -u -m pulumi.policy <engine address> <pack dir>``
in the pack directory (pulumi/pulumi ``sdk/python/cmd/pulumi-language-python/main.go`` ``RunPlugin``)
with ``PULUMI_PROJECT``, ``PULUMI_STACK``, ``PULUMI_DRY_RUN`` and ``PULUMI_CONFIG`` set; the pack prints
its analyzer's port on stdout (pulumi_policy ``PolicyPack``).

Replay (pulumi/pulumi ``pkg/resource/deploy/step_generator.go``): ``Analyze`` once per registered
resource with its INPUTS and options (``analyzeAll``), then ``AnalyzeStack`` once with every resource's
OUTPUTS, parent, dependencies and property dependencies (``AnalyzeResources``). Properties are marshalled
with unknowns kept as the engine's sentinel strings (``plugin/analyzer_plugin.go``, ``KeepUnknowns``).

Modes (:data:`MODES`): ``first`` (a new stack's first preview: the capture's ids and values built on
them are unknown, dry run), ``preview`` (a preview of an existing stack: ids known, dry run) and
``update`` (``pulumi up``: known values, ``PULUMI_DRY_RUN=false``).
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from google.protobuf import struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from oke_secure.offline.engine import Capture, CapturedResource
from oke_secure.offline.engine.run import Mode
from oke_secure.offline.evaluate import Report, inputs_of, outputs_of, provider_urn
from oke_secure.policies import POLICIES

MODES: tuple[Mode, ...] = ("first", "preview", "update")
LEVELS = {analyzer_pb2.ADVISORY: "advisory", analyzer_pb2.MANDATORY: "mandatory"}
CANT_RUN = "can't run policy '"
_RESOURCE_POLICIES = {p.name for p in POLICIES if p.__class__.__name__ == "ResourceValidationPolicy"}


@dataclass
class Verdicts:
    """What the pack answered for one replayed stack."""

    #: (policy, urn, message, level) of every violation.
    violations: set[tuple[str, str, str, str]] = field(default_factory=set)
    #: (policy, urn) of every "can't run ... during preview" advisory: the resource's URN for a
    #: resource policy, ``""`` for a stack policy.
    deferred: set[tuple[str, str]] = field(default_factory=set)


def _read_port(proc: subprocess.Popen[bytes], timeout: float) -> int:
    line: list[bytes] = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline() if proc.stdout else b""), daemon=True)
    reader.start()
    reader.join(timeout)
    if not line or not line[0].strip():
        proc.kill()
        _, err = proc.communicate(timeout=10)
        raise AssertionError(f"the policy pack printed no port within {timeout} s:\n{err.decode()[-3000:]}")
    return int(line[0].strip())


@contextmanager
def started_pack(
    pack: Path, python: Path, *, dry_run: bool, stack: str = "prod"
) -> Iterator[analyzer_pb2_grpc.AnalyzerStub]:
    """The pack at ``pack`` started with ``python`` as the CLI's Python host starts it; its analyzer stub."""
    env = {
        **os.environ,
        "PULUMI_PROJECT": "oke-secure",
        "PULUMI_STACK": stack,
        "PULUMI_DRY_RUN": "true" if dry_run else "false",
        "PULUMI_CONFIG": "{}",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("PYTHONPATH", None)  # the pack must import oke_secure from its own directory
    proc = subprocess.Popen(
        [str(python), "-u", "-m", "pulumi.policy", "127.0.0.1:1", str(pack)],
        cwd=pack,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        port = _read_port(proc, timeout=90)
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(channel).result(timeout=30)
        yield analyzer_pb2_grpc.AnalyzerStub(channel)
        channel.close()
    finally:
        proc.kill()
        proc.wait(timeout=10)


def _struct(values: dict[str, object]) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(values)
    return s


def _options(r: CapturedResource) -> analyzer_pb2.AnalyzerResourceOptions:
    return analyzer_pb2.AnalyzerResourceOptions(
        protect=r.protect,
        ignoreChanges=list(r.ignore_changes),
        aliases=list(r.aliases),
        additionalSecretOutputs=list(r.additional_secret_outputs),
        parent=r.parent or "",
        deleteBeforeReplace=r.delete_before_replace,
        deleteBeforeReplaceDefined=True,
    )


def _provider(r: CapturedResource, by_urn: dict[str, CapturedResource]) -> analyzer_pb2.AnalyzerProviderResource | None:
    """The resource's provider as ``analyzeAll`` sends it (urn, type, name, the provider's INPUTS); the
    offline engine sees explicit providers only, so the default provider is left out, as offline."""
    urn = provider_urn(r.provider)
    p = by_urn.get(urn) if urn else None
    if p is None:
        return None
    return analyzer_pb2.AnalyzerProviderResource(
        type=p.type, properties=_struct(dict(p.inputs)), urn=p.urn, name=p.name
    )


def _collect(response: analyzer_pb2.AnalyzeResponse, urn: str, into: Verdicts) -> None:
    descriptions = {p.name: p.description for p in POLICIES}
    for d in response.diagnostics:
        if d.message.startswith(CANT_RUN) and d.enforcementLevel == analyzer_pb2.ADVISORY:
            into.deferred.add((d.policyName, urn if d.policyName in _RESOURCE_POLICIES else ""))
            continue
        prefix = descriptions[d.policyName]
        message = d.message[len(prefix) + 1 :] if d.message.startswith(prefix + "\n") else d.message
        into.violations.add((d.policyName, d.urn or urn, message, LEVELS[d.enforcementLevel]))


def replay(stub: analyzer_pb2_grpc.AnalyzerStub, capture: Capture) -> Verdicts:
    """Send ``capture`` to the pack as the engine does: Analyze per resource (inputs), then AnalyzeStack."""
    found = Verdicts()
    by_urn = {r.urn: r for r in capture.resources}
    for r in capture.resources:
        request = analyzer_pb2.AnalyzeRequest(
            type=r.type,
            properties=_struct(inputs_of(r)),
            urn=r.urn,
            name=r.name,
            options=_options(r),
            provider=_provider(r, by_urn),
        )
        _collect(stub.Analyze(request, timeout=60), r.urn, found)
    stack = analyzer_pb2.AnalyzeStackRequest(
        resources=[
            analyzer_pb2.AnalyzerResource(
                type=r.type,
                properties=_struct(outputs_of(r)),
                urn=r.urn,
                name=r.name,
                options=_options(r),
                provider=_provider(r, by_urn),
                parent=r.parent or "",
                dependencies=list(r.dependencies),
                propertyDependencies={
                    k: analyzer_pb2.AnalyzerPropertyDependencies(urns=v)
                    for k, v in r.property_dependencies.items()
                    if v
                },
            )
            for r in capture.resources
        ]
    )
    _collect(stub.AnalyzeStack(stack, timeout=120), "", found)
    return found


def offline(report: Report) -> Verdicts:
    """The offline evaluator's verdicts in the same shape."""
    out = Verdicts()
    out.violations = {(v.policy, v.urn or "", v.message, v.enforcement) for v in report.violations}
    out.deferred = {(d.policy, (d.urn or "") if d.when == "update" else "") for d in report.deferred}
    return out
