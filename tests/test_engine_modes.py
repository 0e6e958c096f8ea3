"""One engine, three semantics (issue 15): preview (default), first (a new stack's first preview), update."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError, unknown_checking_proxy

from oke_secure.cli import main
from oke_secure.offline.engine import run_program
from oke_secure.offline.engine.capture import UNKNOWN, is_unknown
from oke_secure.offline.evaluate import evaluate
from oke_secure.spec.errors import ProgramError
from tests.conftest import POLICY_FIXTURES, ROOT

# Written the way Pulumi's examples write it: apply on a Service's status, on a VCN's id.
PROGRAM = """
import pulumi, pulumi_oci as oci, pulumi_kubernetes as k8s

ran = []
vcn = oci.core.Vcn("vcn", compartment_id="ocid1.compartment.oc1..aaaa", cidr_blocks=["10.0.0.0/16"])
subnet = oci.core.Subnet("subnet", compartment_id="ocid1.compartment.oc1..aaaa", vcn_id=vcn.id,
                         cidr_block="10.0.1.0/24",
                         display_name=vcn.id.apply(lambda i: ran.append("vcn-id") or f"sub-{i[-6:]}"))
svc = k8s.core.v1.Service("web", spec={"type": "LoadBalancer", "ports": [{"port": 80}]})
pulumi.export("ip", svc.status.apply(lambda s: s.load_balancer.ingress[0].ip))
pulumi.export("vcn_id", vcn.id)
pulumi.export("literal", "hello")
pulumi.export("ran", pulumi.Output.from_input(ran))
"""


@pytest.fixture
def program(tmp_path: Path) -> Path:
    path = tmp_path / "prog.py"
    path.write_text(textwrap.dedent(PROGRAM))
    return path


def test_sentinel_is_the_one_pulumi_policy_recognises() -> None:
    assert UNKNOWN == UNKNOWN_STRING_VALUE and is_unknown(UNKNOWN) and not is_unknown("x")


def test_preview_is_the_default_ids_known_computed_outputs_unknown(program: Path) -> None:
    cap = run_program(program)
    assert cap.mode == "preview"
    by = {r.name: r for r in cap.resources}
    # An existing stack: ids known, so an apply on the id runs and its result is an input.
    assert by["vcn"].id and by["vcn"].id.startswith("ocid1.vcn.")
    assert by["subnet"].inputs["vcnId"] == by["vcn"].id
    assert by["subnet"].inputs["displayName"].startswith("sub-")
    # The Service's status is computed by the cluster: unknown, and the callback never ran (no crash).
    assert not cap.outputs["ip"].known and cap.outputs["ip"].value == UNKNOWN
    assert cap.outputs["vcn_id"].known and cap.outputs["literal"].value == "hello"


def test_first_preview_ids_and_values_built_on_them_are_unknown_literals_known(program: Path) -> None:
    cap = run_program(program, mode="first")
    by = {r.name: r for r in cap.resources}
    vcn, subnet = by["vcn"], by["subnet"]
    assert vcn.id == UNKNOWN and subnet.id == UNKNOWN
    assert subnet.inputs["vcnId"] == UNKNOWN and subnet.inputs["displayName"] == UNKNOWN
    assert subnet.inputs["cidrBlock"] == "10.0.1.0/24" and vcn.inputs["cidrBlocks"] == ["10.0.0.0/16"]
    # Dependencies survive the unknowns: a policy can still follow the subnet to its VCN.
    assert subnet.property_dependencies["vcnId"] == [vcn.urn] and vcn.urn in subnet.dependencies
    assert not cap.outputs["vcn_id"].known and cap.outputs["literal"].value == "hello"
    # The callback on the unknown id did not run (a real first preview never calls it).
    assert cap.outputs["ran"].value == []
    # A policy reading the unknown input gets pulumi_policy's UnknownValueError, as from the engine.
    with pytest.raises(UnknownValueError):
        _ = unknown_checking_proxy(dict(subnet.inputs))["vcnId"]


def test_update_mode_runs_every_apply_as_pulumi_up_would(program: Path) -> None:
    # The Service status is None under update semantics, so the example's callback crashes: the
    # reason preview is the default for user programs.
    with pytest.raises(ProgramError, match="load_balancer"):
        run_program(program, mode="update")


def test_unknown_mode_is_refused(program: Path) -> None:
    with pytest.raises(ProgramError, match="preview, first, update"):
        run_program(program, mode="later")  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["preview", "first"])
def test_public_endpoint_still_fails_net1_under_unknowns(mode: str) -> None:
    cap = run_program(POLICY_FIXTURES / "oke-private-api-endpoint" / "fail.py", mode=mode)  # type: ignore[arg-type]
    report = evaluate(cap.resources)
    assert any("NET-1" in v.controls for v in report.mandatory)


def test_cli_preview_mode_flag_and_update_mode_artefacts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    code = main(["preview", "--stack", "dev", "--preview-mode", "first", "--format", "json", "--out", str(out)])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["mode"] == "first"
    assert any(r["id"] == UNKNOWN for r in doc["resources"] if r["type"].startswith("oci:"))
    # The artefacts carry concrete values: they come from an update-mode run, never the sentinel.
    assert UNKNOWN not in (out / "plan.json").read_text()
    assert UNKNOWN not in (out / "k8s.yaml").read_text()
