"""The policy pack as the Pulumi CLI installs, starts and feeds it, in the three engine modes (issue 14).

The pack directory is written by ``oke-secure policy-pack --install`` (the documented step) and started
as the CLI's Python host starts it (``tests/analyzer_harness.py``); captured stacks are replayed into it
over the analyzer gRPC protocol as the engine sends them, at a first preview (unknown ids), a preview
of an existing stack and an update. In every mode the pack's verdicts equal the offline evaluator's:
the same violations, and a "can't run ... during preview" advisory exactly where the evaluator lists a
check as decided at update.

The fast tests start the pack with this interpreter (its ``venv`` takes a minute to install); the slow
one builds the pack exactly as documented, venv included, and starts it with the interpreter its
``PulumiPolicy.yaml`` names.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf import empty_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc, plugin_pb2

from oke_secure.offline.engine import run_program
from oke_secure.offline.engine.run import Mode
from oke_secure.offline.evaluate import evaluate
from oke_secure.offline.preview import run_preview
from oke_secure.pack import main_python, write_pack
from oke_secure.policies import POLICIES
from tests.analyzer_harness import LEVELS, MODES, offline, replay, started_pack
from tests.conftest import POLICY_FIXTURES, ROOT

PUBLIC_ENDPOINT = POLICY_FIXTURES / "oke-private-api-endpoint" / "fail.py"
README = ROOT / "README.md"
Stubs = dict[str, analyzer_pb2_grpc.AnalyzerStub]


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pack(tmp_path_factory.mktemp("pack") / "oke-secure-pack", make_venv=False)


@pytest.fixture(scope="module")
def analyzers(pack_dir: Path) -> Iterator[Stubs]:
    python = Path(sys.executable)
    with started_pack(pack_dir, python, dry_run=True) as dry, started_pack(pack_dir, python, dry_run=False) as up:
        yield {"first": dry, "preview": dry, "update": up}


def _documented_deferrals() -> set[str]:
    """Policy names the README's CI section explains as decided at update."""
    text = README.read_text()
    section = text[text.index("### 3. Policy-tested previews in CI") :]
    section = section[: section.index("\n## ")]
    return set(re.findall(r"`((?:oke|k8s)-[a-z0-9-]+)`", section))


def test_analyzer_info_lists_every_policy_with_its_level_and_controls(analyzers: Stubs) -> None:
    info = analyzers["first"].GetAnalyzerInfo(empty_pb2.Empty(), timeout=30)
    assert info.name == "oke-secure"
    assert [p.name for p in info.policies] == [p.name for p in POLICIES]
    for wire, local in zip(info.policies, POLICIES, strict=True):
        assert LEVELS[wire.enforcementLevel] == (
            local.enforcement_level.value if local.enforcement_level else "advisory"
        )
        assert list(wire.tags) == list(local.tags or []), wire.name
    plugin = analyzers["first"].GetPluginInfo(empty_pb2.Empty(), timeout=30)
    assert isinstance(plugin, plugin_pb2.PluginInfo) and plugin.version


def test_analyzer_info_carries_severity_and_cis_framework(analyzers: Stubs) -> None:
    """The SDK sends each policy's severity and compliance framework to the engine (CIS OKE ids)."""
    from oke_secure.spec import cis

    info = analyzers["first"].GetAnalyzerInfo(empty_pb2.Empty(), timeout=30)
    severities = {analyzer_pb2.PolicySeverity.Name(p.severity) for p in info.policies}
    assert "POLICY_SEVERITY_UNSPECIFIED" not in severities, "a policy reached the engine without a severity"
    by_name = {p.name: p for p in info.policies}
    pod = by_name["k8s-pod-security-restricted"]
    assert analyzer_pb2.PolicySeverity.Name(pod.severity) == "POLICY_SEVERITY_CRITICAL"
    assert (pod.framework.name, pod.framework.version) == (cis.FRAMEWORK, cis.VERSION)
    assert pod.framework.reference.split(", ") == list(cis.for_policy("k8s-pod-security-restricted"))
    for name, wire in by_name.items():
        assert wire.framework.reference == ", ".join(cis.for_policy(name)), name


def test_pack_directory_imports_its_own_copy_of_oke_secure(pack_dir: Path) -> None:
    assert (pack_dir / "oke_secure" / "policies" / "_base.py").is_file()
    assert not (pack_dir / "oke_secure" / "components").exists()  # no provider SDK needed at run time
    pins = (pack_dir / "requirements.txt").read_text().split()
    assert "pulumi-policy==" in " ".join(pins) and not any(p.startswith("-e") for p in pins)


@pytest.mark.parametrize("mode", MODES)
def test_public_endpoint_is_refused_in_every_mode_as_offline_net1(analyzers: Stubs, mode: Mode) -> None:
    capture = run_program(PUBLIC_ENDPOINT, config={}, mode=mode)
    wire = replay(analyzers[mode], capture)
    local = offline(evaluate(capture.resources))
    assert wire.violations == local.violations and wire.deferred == local.deferred
    net1 = [v for v in wire.violations if v[0] == "oke-private-api-endpoint" and v[3] == "mandatory"]
    assert net1 and all("NET-1" in v[2] for v in net1)


def _stack_in_mode(analyzers: Stubs, stack: str, mode: Mode) -> None:
    capture = run_preview(stack=stack, root=ROOT, mode=mode).capture
    wire = replay(analyzers[mode], capture)
    # Spec-level exceptions live in the stack file, which the real pack never sees: compare without them.
    local = offline(evaluate(capture.resources))
    assert wire.violations == local.violations, (stack, mode)
    assert wire.deferred == local.deferred, (stack, mode)
    assert not [v for v in wire.violations if v[3] == "mandatory"], (stack, mode, wire.violations)
    if mode == "first":
        undocumented = {p for p, _ in wire.deferred} - _documented_deferrals()
        assert not undocumented, f"deferred at the first preview of {stack} but not explained in README: {undocumented}"
        assert len({p for p, _ in wire.deferred}) <= 6, wire.deferred
    else:
        assert wire.deferred == set(), (stack, mode)  # every id known: every policy decides


@pytest.mark.parametrize("mode", MODES)
def test_dev_stack_decides_in_every_mode_as_offline(analyzers: Stubs, mode: Mode) -> None:
    _stack_in_mode(analyzers, "dev", mode)


@pytest.mark.slow
@pytest.mark.parametrize("stack", ["prod", "prod-virtual"])
@pytest.mark.parametrize("mode", MODES)
def test_example_stacks_decide_in_every_mode_as_offline(analyzers: Stubs, stack: str, mode: Mode) -> None:
    _stack_in_mode(analyzers, stack, mode)


#: Failing fixtures whose violation waits for the update, with the reason. Every other fixture writes
#: its insecure value as a literal or a reference, which the first preview sees.
DECIDED_AT_UPDATE: dict[str, str] = {
    "oke-kubernetes-stage-reachable": "the Kubernetes provider's kubeconfig comes from "
    "get_cluster_kube_config_output(cluster_id=cluster.id); at a first preview the Python SDK returns an invoke "
    "on unknown arguments as unknown without their dependencies (pulumi/runtime/invoke.py), so the provider's "
    "link to the new private cluster only shows once the cluster id exists; listed as deferred, never passed",
}


@pytest.mark.slow
def test_every_failing_fixture_fails_at_the_first_preview_over_grpc(analyzers: Stubs) -> None:
    missed = []
    for policy in POLICIES:
        capture = run_program(POLICY_FIXTURES / policy.name / "fail.py", config={}, mode="first")
        wire = replay(analyzers["first"], capture)
        local = offline(evaluate(capture.resources))
        assert wire.violations == local.violations and wire.deferred == local.deferred, policy.name
        if any(v[0] == policy.name for v in wire.violations):
            continue
        if policy.name in DECIDED_AT_UPDATE and any(p == policy.name for p, _ in wire.deferred):
            continue
        missed.append(policy.name)
    assert not missed, f"failing fixtures that pass a first preview unnoticed: {missed}"


@pytest.mark.slow
def test_pack_built_as_documented_runs_with_the_interpreter_its_yaml_names(tmp_path: Path) -> None:
    """`oke-secure policy-pack --install DIR` (what README, Makefile and the CI example run), then the CLI's start."""
    cli = Path(sys.executable).parent / "oke-secure"
    done = subprocess.run(
        [str(cli), "policy-pack", "--install", str(tmp_path / "pack")], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    pack = Path(done.stdout.strip())
    python = main_python(pack)
    assert python == pack / "venv" / "bin" / "python" and python.is_file()
    capture = run_program(PUBLIC_ENDPOINT, config={}, mode="first")
    with started_pack(pack, python, dry_run=True) as stub:
        info = stub.GetAnalyzerInfo(empty_pb2.Empty(), timeout=30)
        assert [p.name for p in info.policies] == [p.name for p in POLICIES]
        wire = replay(stub, capture)
    assert wire.violations == offline(evaluate(capture.resources)).violations
    assert any(v[0] == "oke-private-api-endpoint" and v[3] == "mandatory" for v in wire.violations)


def test_refused_install_into_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x")
    from oke_secure.spec.errors import ProgramError

    with pytest.raises(ProgramError, match="not empty"):
        write_pack(tmp_path, make_venv=False)
