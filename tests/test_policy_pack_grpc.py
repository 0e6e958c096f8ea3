"""The on-disk policy pack loads the way the Pulumi CLI loads it, and answers like the offline
evaluator (issue 8).

The CLI's Python language host starts a policy pack as ``python -u -m pulumi.policy <engine>
<pack dir>`` in the pack directory, with ``PULUMI_PROJECT``, ``PULUMI_STACK``, ``PULUMI_DRY_RUN``
and ``PULUMI_CONFIG`` set; the pack prints the port of its analyzer gRPC server on stdout. This
test does exactly that with ``oke_secure/policypack``, then speaks the analyzer protocol
(GetAnalyzerInfo, Analyze per resource, AnalyzeStack) over the wire and compares every answer with
:func:`oke_secure.offline.evaluate.evaluate` on the same captured resources: a hand-written program
that breaks NET-1 and the whole prod example stack.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc, plugin_pb2

from oke_secure.offline.engine import Capture, CapturedResource, run_program
from oke_secure.offline.evaluate import evaluate
from oke_secure.offline.preview import run_preview
from oke_secure.policies import POLICIES
from tests.conftest import POLICY_FIXTURES, ROOT

PACK = ROOT / "oke_secure" / "policypack"
PUBLIC_ENDPOINT = POLICY_FIXTURES / "oke-private-api-endpoint" / "fail.py"
Finding = tuple[str, str, str]  # (policy, urn, message)


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


@pytest.fixture(scope="module")
def analyzer() -> Iterator[analyzer_pb2_grpc.AnalyzerStub]:
    env = {
        **os.environ,
        "PULUMI_PROJECT": "oke-secure",
        "PULUMI_STACK": "prod",
        "PULUMI_DRY_RUN": "true",
        "PULUMI_CONFIG": "{}",
        "PYTHONUNBUFFERED": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "pulumi.policy", "127.0.0.1:1", str(PACK)],
        cwd=PACK,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        port = _read_port(proc, timeout=60)
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


def _props(r: CapturedResource) -> dict[str, object]:
    props = dict(r.inputs)
    if r.id and r.custom:
        props.setdefault("id", r.id)
    return props


def _findings(response: analyzer_pb2.AnalyzeResponse, descriptions: dict[str, str]) -> list[tuple[Finding, int]]:
    out = []
    for d in response.diagnostics:
        prefix = descriptions[d.policyName]
        message = d.message[len(prefix) + 1 :] if d.message.startswith(prefix + "\n") else d.message
        out.append(((d.policyName, d.urn, message), d.enforcementLevel))
    return out


def over_grpc(stub: analyzer_pb2_grpc.AnalyzerStub, capture: Capture) -> list[tuple[Finding, int]]:
    """Every finding of the pack for ``capture``, resource by resource and then for the stack."""
    descriptions = {p.name: p.description for p in POLICIES}
    found: list[tuple[Finding, int]] = []
    for r in capture.resources:
        if not r.custom:
            continue
        resp = stub.Analyze(
            analyzer_pb2.AnalyzeRequest(
                type=r.type, properties=_struct(_props(r)), urn=r.urn, name=r.name, options=_options(r)
            ),
            timeout=60,
        )
        found += [((p, u or r.urn, m), lvl) for (p, u, m), lvl in _findings(resp, descriptions)]
    stack = analyzer_pb2.AnalyzeStackRequest(
        resources=[
            analyzer_pb2.AnalyzerResource(
                type=r.type,
                properties=_struct(_props(r)),
                urn=r.urn,
                name=r.name,
                options=_options(r),
                parent=r.parent or "",
                dependencies=list(r.dependencies),
                propertyDependencies={
                    k: analyzer_pb2.AnalyzerPropertyDependencies(urns=v) for k, v in r.property_dependencies.items()
                },
            )
            for r in capture.resources
        ]
    )
    found += _findings(stub.AnalyzeStack(stack, timeout=120), descriptions)
    return found


def in_process(capture: Capture) -> list[tuple[Finding, str]]:
    report = evaluate(capture.resources)
    return [((v.policy, v.urn or "", v.message), v.enforcement) for v in report.violations]


_LEVELS: dict[int, str] = {analyzer_pb2.ADVISORY: "advisory", analyzer_pb2.MANDATORY: "mandatory"}


def test_analyzer_info_lists_every_policy_with_its_level_and_controls(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    info = analyzer.GetAnalyzerInfo(empty_pb2.Empty(), timeout=30)
    assert info.name == "oke-secure"
    assert [p.name for p in info.policies] == [p.name for p in POLICIES]
    for wire, local in zip(info.policies, POLICIES, strict=True):
        assert _LEVELS[wire.enforcementLevel] == (
            local.enforcement_level.value if local.enforcement_level else "advisory"
        )
        assert list(wire.tags) == list(local.tags or []), wire.name
        assert any("-" in t for t in wire.tags), f"{wire.name} cites no control id"
    plugin = analyzer.GetPluginInfo(empty_pb2.Empty(), timeout=30)
    assert isinstance(plugin, plugin_pb2.PluginInfo) and plugin.version


def test_analyzer_info_carries_severity_and_cis_framework(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    """The SDK sends each policy's severity and compliance framework to the engine (CIS OKE ids)."""
    from oke_secure.spec import cis

    info = analyzer.GetAnalyzerInfo(empty_pb2.Empty(), timeout=30)
    severities = {analyzer_pb2.PolicySeverity.Name(p.severity) for p in info.policies}
    assert "POLICY_SEVERITY_UNSPECIFIED" not in severities, "a policy reached the engine without a severity"
    by_name = {p.name: p for p in info.policies}
    pod = by_name["k8s-pod-security-restricted"]
    assert analyzer_pb2.PolicySeverity.Name(pod.severity) == "POLICY_SEVERITY_CRITICAL"
    assert (pod.framework.name, pod.framework.version) == (cis.FRAMEWORK, cis.VERSION)
    assert pod.framework.reference.split(", ") == list(cis.for_policy("k8s-pod-security-restricted"))
    for name, wire in by_name.items():
        assert wire.framework.reference == ", ".join(cis.for_policy(name)), name


def test_hand_written_public_endpoint_is_refused_over_grpc_as_in_process_net1(
    analyzer: analyzer_pb2_grpc.AnalyzerStub,
) -> None:
    capture = run_program(PUBLIC_ENDPOINT)
    wire = over_grpc(analyzer, capture)
    local = in_process(capture)
    assert sorted((f, _LEVELS[lvl]) for f, lvl in wire) == sorted(local)
    net1 = [f for f, lvl in wire if f[0] == "oke-private-api-endpoint" and lvl == analyzer_pb2.MANDATORY]
    assert net1 and all("NET-1" in m for _, _, m in net1)


@pytest.mark.slow
def test_prod_stack_is_clean_over_grpc_as_in_process(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    capture = run_preview(stack="prod", root=ROOT).capture
    assert len(capture.resources) > 50
    wire = over_grpc(analyzer, capture)
    assert sorted((f, _LEVELS[lvl]) for f, lvl in wire) == sorted(in_process(capture))
    assert wire == []


def test_pack_directory_is_what_the_cli_expects() -> None:
    assert (PACK / "PulumiPolicy.yaml").is_file() and (PACK / "requirements.txt").is_file()
    assert Path(PACK / "__main__.py").is_file()
