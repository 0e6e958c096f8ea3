"""The CLI contract: exit codes, JSON keys, SARIF, --out files, --set, and bad input (issue 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from oke_secure.cli import main
from tests.conftest import POLICY_FIXTURES, ROOT

PUBLIC_ENDPOINT = POLICY_FIXTURES / "oke-private-api-endpoint" / "fail.py"


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_hand_written_public_endpoint_exits_1_citing_net1(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["preview", "--program", str(PUBLIC_ENDPOINT), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    net1 = [v for v in doc["violations"] if "NET-1" in v["controls"]]
    assert net1 and all(v["enforcement"] == "mandatory" for v in net1)
    assert doc["summary"]["passed"] is False


def test_text_report_names_the_control(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["preview", "--program", str(PUBLIC_ENDPOINT)])
    out = capsys.readouterr().out
    assert code == 1 and "NET-1" in out and "FAILED" in out


def test_sarif_is_2_1_0_with_rules_and_results(capsys: pytest.CaptureFixture[str]) -> None:
    main(["preview", "--program", str(PUBLIC_ENDPOINT), "--format", "sarif"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert "oke-private-api-endpoint" in rule_ids
    result = next(r for r in run["results"] if r["ruleId"] == "oke-private-api-endpoint")
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "oke-private-api-endpoint"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--set", "network.vcn_cidr=10.0.0.1/16"], "network.vcn_cidr"),
        (["--set", "cluster.kubernetes_version=v1.28.0"], "cluster.kubernetes_version"),
        (["--set", "node_pools.7.size=3"], "node_pools.7.size"),
        (["--set", "network.cni=weave"], "network.cni"),
    ],
)
def test_bad_value_exits_2_naming_the_field(args: list[str], field: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["preview", "--stack", "dev", *args])
    captured = capsys.readouterr()
    assert code == 2
    assert field in captured.err and "Fix:" in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_bad_spec_file_and_missing_stack_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("tenancy_id: [unclosed\n")
    assert main(["preview", "--spec", str(bad)]) == 2
    assert "not valid YAML" in capsys.readouterr().err
    assert main(["preview", "--stack", "nosuchstack"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_broken_program_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prog = tmp_path / "broken.py"
    prog.write_text("raise RuntimeError('boom')\n")
    assert main(["preview", "--program", str(prog)]) == 2
    err = capsys.readouterr().err
    assert "boom" in err and "Traceback" not in err


def test_schema_and_controls_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    schema = json.loads(out.read_text())
    assert "network" in schema["properties"]
    assert main(["controls", "--format", "json"]) == 0
    ids = [c["id"] for c in json.loads(capsys.readouterr().out)]
    assert "NET-1" in ids and "DS-1" in ids


def test_policy_pack_directory_is_loadable_by_the_cli() -> None:
    from oke_secure.cli import cmd_policy_pack  # noqa: F401  (the command prints this path)

    pack = ROOT / "oke_secure" / "policypack"
    meta = yaml.safe_load((pack / "PulumiPolicy.yaml").read_text())
    assert meta["runtime"]["name"] == "python"
    source = (pack / "__main__.py").read_text()
    assert "PolicyPack(" in source and "POLICIES" in source


def test_user_program_reads_its_own_project_and_stack_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--program DIR --stack S reads DIR/Pulumi.yaml (name, stackConfigDir) and its Pulumi.S.yaml, as Pulumi does."""
    project = tmp_path / "proj"
    (project / "config").mkdir(parents=True)
    (project / "Pulumi.yaml").write_text("name: my-infra\nruntime: python\nstackConfigDir: config\n")
    (project / "config" / "Pulumi.staging.yaml").write_text("config:\n  my-infra:public: true\n")
    (project / "__main__.py").write_text(
        "import pulumi, pulumi_oci as oci\n"
        "cfg = pulumi.Config()\n"
        "assert pulumi.get_project() == 'my-infra' and pulumi.get_stack() == 'staging'\n"
        "oci.containerengine.Cluster('c', compartment_id='ocid1.compartment.oc1..aaaaaaaax',\n"
        "    kubernetes_version='v1.33.1', vcn_id='v', endpoint_config={\n"
        "        'is_public_ip_enabled': cfg.require_bool('public'), 'subnet_id': 's'})\n"
    )
    code = main(["preview", "--program", str(project), "--stack", "staging", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    assert any("NET-1" in v["controls"] and "public IP" in v["message"] for v in doc["violations"])


@pytest.mark.slow
def test_require_decided_fails_a_preview_that_leaves_checks_to_the_update(capsys: pytest.CaptureFixture[str]) -> None:
    """At a first preview some checks need ids that do not exist yet (decided at update); --require-decided makes
    that a failure for CI on an existing stack, where a normal preview decides everything (exit 0)."""
    assert main(["preview", "--stack", "dev", "--preview-mode", "first", "--no-tree"]) == 0
    capsys.readouterr()
    assert main(["preview", "--stack", "dev", "--preview-mode", "first", "--no-tree", "--require-decided"]) == 1
    assert "--require-decided:" in capsys.readouterr().err
    assert main(["preview", "--stack", "dev", "--no-tree", "--require-decided"]) == 0
