"""`oke-secure audit STATE.json` judges a deployed stack from its `pulumi stack export` checkpoint
(issue 14). The checkpoints under tests/checkpoints/ are written by hand in pulumi/pulumi's
``apitype`` format (``UntypedDeployment`` and a backend's ``CheckpointV3``): resources with inputs,
outputs, parents, dependencies, property dependencies, providers, secrets and a deleted resource.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oke_secure.cli import main
from oke_secure.offline.audit import load_checkpoint, run_audit
from oke_secure.offline.engine.capture import UNKNOWN

CHECKPOINTS = Path(__file__).resolve().parent / "checkpoints"


def test_clean_checkpoint_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(CHECKPOINTS / "clean.json"), "--no-tree"]) == 0
    assert "PASSED" in capsys.readouterr().out


def test_checkpoint_is_read_as_the_engine_reads_a_snapshot() -> None:
    project, stack, resources = load_checkpoint(CHECKPOINTS / "clean.json")
    assert (project, stack) == ("shop", "prod")
    provider = next(r for r in resources if r.type == "pulumi:providers:oci")
    assert provider.inputs["privateKey"] == UNKNOWN  # ciphertext: unreadable, never guessed
    dsl = next(r for r in resources if r.name == "vcn-default-sl")
    assert dsl.property_dependencies == {"manageDefaultResourceId": ["urn:pulumi:prod::shop::oci:Core/vcn:Vcn::vcn"]}
    assert dsl.outputs and dsl.outputs["ingressSecurityRules"] == []


def test_insecure_checkpoint_fails_mandatory_net1_net5_and_skips_deleted_resources() -> None:
    _, report = run_audit(CHECKPOINTS / "insecure.json")
    mandatory = {(v.policy, v.name) for v in report.mandatory}
    # Resource policy on the cluster's inputs; stack policy on the outputs (subnet flag only in outputs).
    assert ("oke-private-api-endpoint", "oke") in mandatory
    assert ("oke-endpoint-subnet-private", "oke") in mandatory
    assert ("oke-no-open-ingress", "api-6443") in mandatory
    assert ("oke-secrets-encrypted-with-kms", "oke") not in mandatory  # plaintext secret revealed and read
    assert not [v for v in report.violations if v.name == "old-public"]  # `delete: true` is not in the stack


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_insecure_checkpoint_exit_1_with_json_and_sarif(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(CHECKPOINTS / "insecure.json"), "--format", fmt]) == 1
    doc = json.loads(capsys.readouterr().out)
    if fmt == "json":
        assert doc["stack"] == "legacy" and doc["summary"]["passed"] is False
        assert any("NET-1" in v["controls"] for v in doc["violations"])
    else:
        results = doc["runs"][0]["results"]
        assert any(r["ruleId"] == "oke-no-open-ingress" and r["level"] == "error" for r in results)
        locations = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
        assert locations == {str(CHECKPOINTS / "insecure.json")}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("malformed-resource.json", "deployment.resources[1]: needs a urn"),
        ("truncated.json", "truncated.json:3:1: not JSON"),
        ("missing.json", "cannot read it"),
    ],
)
def test_malformed_checkpoint_exits_2_with_a_clear_error(
    name: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", str(CHECKPOINTS / name)]) == 2
    err = capsys.readouterr().err
    assert expected in " ".join(err.split()) and "Traceback" not in err
    assert "pulumi stack export" in " ".join(err.split())


def test_wrong_version_and_wrong_field_types_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "v1.json"
    old.write_text(json.dumps({"version": 1, "deployment": {"resources": []}}))
    assert main(["audit", str(old)]) == 2
    assert "unsupported checkpoint version 1" in capsys.readouterr().err
    bad = tmp_path / "types.json"
    resource = {"urn": "urn:pulumi:s::p::oci:Core/vcn:Vcn::v", "type": "oci:Core/vcn:Vcn", "inputs": ["x"]}
    bad.write_text(json.dumps({"version": 3, "deployment": {"resources": [resource]}}))
    assert main(["audit", str(bad)]) == 2
    assert "deployment.resources[0].inputs: expected dict, got list" in " ".join(capsys.readouterr().err.split())
