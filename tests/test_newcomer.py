"""A newcomer's first hour (issue 17): every documented command behaves, every mistake gets a useful answer.

Each test reproduces one item of the issue: exit codes 0/1/2 only, no traceback for a user's mistake in
any output format (SARIF: a failed invocation with the error as a notification; JSON: an ``error``
object), ``--out`` semantics, literal patterns in messages, YAML dates and YAML errors, ``--set`` in the
form the errors print, the policy config, the text report's fixes and critical-path note, and
deterministic output.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from oke_secure.cli import main
from oke_secure.offline.critical_path import critical_path
from oke_secure.offline.engine import Capture, CapturedResource
from oke_secure.offline.exporters import json_report, sarif, text
from oke_secure.offline.preview import run_preview
from oke_secure.policies import POLICIES
from tests.conftest import COMPONENT_PROGRAMS, ROOT, STACKS, example_spec

NAME_PATTERN = "^[a-z][a-z0-9-]{0,29}$"


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _no_traceback(captured: Any) -> None:
    assert "Traceback" not in captured.out + captured.err


def _dev_with(tmp_path: Path, **changes: Any) -> Path:
    """stacks/Pulumi.dev.yaml as a bare spec file with ``changes`` applied (top-level keys)."""
    spec = example_spec("dev")
    spec.update(changes)
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


# Messages --------------------------------------------------------------------------------------


def test_patterns_in_errors_print_literally(capsys: pytest.CaptureFixture[str]) -> None:
    """Rich markup used to eat '[a-z][a-z0-9-]' out of the pattern, leaving '^{0,29}$'."""
    assert main(["preview", "--stack", "dev", "--set", "name=Bad_Name"]) == 2
    captured = capsys.readouterr()
    assert NAME_PATTERN in captured.err
    _no_traceback(captured)


def test_set_accepts_the_index_form_the_errors_print(capsys: pytest.CaptureFixture[str]) -> None:
    """`--set namespaces[0].name=...` reaches the first namespace (it used to be an 'extra input')."""
    assert main(["preview", "--stack", "dev", "--set", "namespaces[0].name=Bad_Name"]) == 2
    err = capsys.readouterr().err
    assert "namespaces[0].name:" in err and "Extra inputs" not in err


def test_yaml_error_keeps_the_parsers_reason_and_file_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("tenancy_id: x\nregion: [eu-frankfurt-1\nname: dev\n")
    assert main(["preview", "--spec", str(bad)]) == 2
    captured = capsys.readouterr()
    assert f"{bad}:3:" in captured.err  # file:line:column of the parser's mark
    assert "expected ',' or ']'" in captured.err  # the parser's own reason
    _no_traceback(captured)


# YAML dates (the README's exceptions example) -------------------------------------------------


def test_unquoted_yaml_date_in_an_exception_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`expires: 2027-01-31` unquoted is a YAML date; it used to crash the engine (date is not JSON)."""
    spec = tmp_path / "spec.yaml"
    source = (STACKS / "Pulumi.dev.yaml").read_text()
    spec.write_text(
        source
        + "    exceptions:\n"
        + "      - control: NP-4\n"
        + "        resources: [dev-pool-apps-pool]\n"
        + "        reason: Kernel debugging with the vendor, ticket OPS-1234.\n"
        + "        expires: 2099-01-31\n"
    )
    code = main(["preview", "--spec", str(spec), "--format", "json"])
    captured = capsys.readouterr()
    _no_traceback(captured)
    assert code == 0, captured.err


def test_an_exception_matching_no_resource_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exceptions = [{"control": "NP-4", "resources": ["dev-pool-debg*"], "reason": "Kernel debugging, OPS-1234."}]
    assert main(["preview", "--spec", str(_dev_with(tmp_path, exceptions=exceptions))]) == 2
    err = capsys.readouterr().err
    assert "exceptions[0].resources[0]" in err and "matches no resource" in err and "Fix:" in err


# Output formats of a failed run ---------------------------------------------------------------


def test_bad_input_in_sarif_is_a_failed_invocation_with_notifications(capsys: pytest.CaptureFixture[str]) -> None:
    """A bad spec with --format sarif used to print nothing, so a CI upload got an empty file."""
    assert main(["preview", "--stack", "dev", "--set", "name=Bad_Name", "--format", "sarif"]) == 2
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    (run,) = doc["runs"]
    (invocation,) = run["invocations"]
    assert doc["version"] == "2.1.0" and run["results"] == []
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and NAME_PATTERN in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "stacks/Pulumi.dev.yaml"


def test_bad_input_in_json_is_an_error_object(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "--stack", "nosuchstack", "--format", "json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"error"}
    assert doc["error"]["exit_code"] == 2
    (problem,) = doc["error"]["problems"]
    assert problem["field"] == "--stack" and "does not exist" in problem["message"] and problem["fix"]


def test_bad_diff_arguments_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--stack", "dev", "--format", "json"]) == 2
    assert "exactly two sides" in json.loads(capsys.readouterr().out)["error"]["problems"][0]["message"]


def test_successful_sarif_records_a_successful_invocation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "--stack", "dev", "--format", "sarif"]) == 0
    (invocation,) = json.loads(capsys.readouterr().out)["runs"][0]["invocations"]
    assert invocation == {"executionSuccessful": True, "exitCode": 0}


# --out ------------------------------------------------------------------------------------------


def test_out_sarif_file_is_a_file_not_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "results.sarif"
    assert main(["preview", "--stack", "dev", "--format", "sarif", "--out", str(target)]) == 0
    assert target.is_file()
    assert json.loads(target.read_text()) == json.loads(capsys.readouterr().out)
    # run again: the existing file is overwritten, not an error
    assert main(["preview", "--stack", "dev", "--format", "sarif", "--out", str(target)]) == 0


def test_out_sarif_file_gets_the_failed_invocation_on_bad_input(tmp_path: Path) -> None:
    target = tmp_path / "ci" / "results.sarif"
    assert main(["preview", "--stack", "dev", "--set", "name=X", "--format", "sarif", "--out", str(target)]) == 2
    assert json.loads(target.read_text())["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_out_naming_an_existing_file_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An existing file used to give a FileExistsError traceback."""
    existing = tmp_path / "out"
    existing.write_text("x")
    assert main(["preview", "--stack", "dev", "--out", str(existing)]) == 2
    captured = capsys.readouterr()
    assert "--out" in captured.err and "existing file" in captured.err
    _no_traceback(captured)


def test_out_file_suffix_must_match_the_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "--stack", "dev", "--format", "json", "--out", str(tmp_path / "r.sarif")]) == 2
    assert "--format sarif" in capsys.readouterr().err
    assert not (tmp_path / "r.sarif").exists()


def test_out_directory_is_rewritten_cleanly(tmp_path: Path) -> None:
    assert main(["preview", "--stack", "dev", "--out", str(tmp_path), "--no-tree"]) == 0
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert set(first) == {"report.json", "report.sarif", "k8s.yaml", "plan.json"}
    assert main(["preview", "--stack", "dev", "--out", str(tmp_path), "--no-tree"]) == 0
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == first


@pytest.mark.parametrize("command", [["schema"], ["diagram", "--stack", "dev"]])
def test_single_document_out_refuses_a_directory(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--out", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "is a directory" in captured.err
    _no_traceback(captured)


def test_schema_out_overwrites_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    target.write_text("old")
    assert main(["schema", "--out", str(target)]) == 0
    assert json.loads(target.read_text())["title"].startswith("oke-secure stack spec")


# Policy config ----------------------------------------------------------------------------------


def test_misspelt_policy_name_in_policy_config_exits_2_naming_valid_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "policy.json"
    config.write_text(json.dumps({"oke-flow-log-per-subnet": "advisory"}))
    assert main(["preview", "--stack", "dev", "--policy-config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "oke-flow-log-per-subnet" in err and "did you mean oke-flow-logs-per-subnet" in err


def test_unknown_enforcement_level_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "policy.json"
    config.write_text(json.dumps({"all": "strict"}))
    assert main(["preview", "--stack", "dev", "--policy-config", str(config)]) == 2
    assert "advisory, mandatory, remediate, disabled" in capsys.readouterr().err


def test_all_disabled_is_not_reported_as_passed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "policy.json"
    config.write_text(json.dumps({"all": "disabled"}))
    assert main(["preview", "--stack", "dev", "--no-tree", "--policy-config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "PASSED" not in out and "NOT CHECKED" in out
    assert main(["preview", "--stack", "dev", "--format", "json", "--policy-config", str(config)]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["policies"] == 0 and summary["passed"] is False


# The text report ----------------------------------------------------------------------------------


def _render(capture: Capture, report: Any, width: int = 200) -> str:
    console = Console(width=width, record=True, color_system=None)
    text.render(console, capture, report, show_tree=False)
    return console.export_text()


def test_text_report_shows_each_findings_remediation(tmp_path: Path) -> None:
    from tests.conftest import POLICY_FIXTURES

    result = run_preview(program=POLICY_FIXTURES / "oke-private-api-endpoint" / "fail.py")
    out = _render(result.capture, result.report)
    remediation = next(p.remediation_steps for p in POLICIES if p.name == "oke-private-api-endpoint")
    assert remediation and " ".join(remediation.split()) in " ".join(out.split())
    assert "fix (oke-private-api-endpoint)" in out


def test_critical_path_line_is_explained_as_not_a_finding() -> None:
    result = run_preview(stack="dev")
    out = _render(result.capture, result.report)
    line = next(i for i, x in enumerate(out.splitlines()) if x.startswith("critical path:"))
    assert "not a finding" in " ".join(out.splitlines()[line:])


def test_controls_text_keeps_policy_names_whole_at_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    import oke_secure.cli as cli
    from oke_secure.policies import CONTROLS_OF

    console = Console(width=80, record=True, color_system=None)
    cli.cmd_controls(type("A", (), {"format": "text"})(), console)
    out = console.export_text()
    for name in CONTROLS_OF:
        assert name in out, f"{name} is cut in the 80-column table"


def test_controls_json_lists_policy_ids(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["controls", "--format", "json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["NET-1"]["policies"] == ["oke-endpoint-subnet-private", "oke-private-api-endpoint"]
    assert all(isinstance(r["policies"], list) for r in rows.values())


# Determinism ------------------------------------------------------------------------------------


def _res(name: str, deps: tuple[str, ...] = (), type_: str = "oci:Kms/key:Key") -> CapturedResource:
    return CapturedResource(
        urn=f"urn:{name}",
        type=type_,
        name=name,
        id=name,
        custom=True,
        parent=None,
        provider=None,
        inputs={"name": name},
        dependencies=[f"urn:{d}" for d in deps],
    )


def test_critical_path_ties_do_not_depend_on_registration_order() -> None:
    """Two chains of equal length: the path used to follow whichever registered first."""
    chain = [_res("a1"), _res("a2", ("a1",)), _res("b1"), _res("b2", ("b1",))]
    forward = Capture("p", "s", chain, {})
    backward = Capture("p", "s", list(reversed(chain)), {})
    assert [r.name for r in critical_path(forward)] == [r.name for r in critical_path(backward)] == ["a1", "a2"]


def test_exports_do_not_depend_on_registration_order() -> None:
    """Same resources registered in another order (as concurrent registration does): same bytes."""
    result = run_preview(stack="dev")
    resources = result.capture.resources
    shuffled = dataclasses.replace(result.capture, resources=resources[::-1])
    report = result.report
    flipped = type(report)(
        policies=list(report.policies),
        violations=report.violations[::-1],
        waived=report.waived[::-1],
        not_applicable=report.not_applicable[::-1],
    )
    from oke_secure.offline.exporters import k8s_yaml, plan_json

    assert json_report.to_json(result.capture, report) == json_report.to_json(shuffled, flipped)
    assert plan_json.to_plan(result.capture) == plan_json.to_plan(shuffled)
    assert k8s_yaml.to_yaml(result.capture) == k8s_yaml.to_yaml(shuffled)
    assert sarif.to_sarif(report, POLICIES, "a", "1") == sarif.to_sarif(flipped, POLICIES, "a", "1")
    tree_a = Console(width=200, record=True, color_system=None)
    tree_b = Console(width=200, record=True, color_system=None)
    tree_a.print(text.resource_tree(result.capture))
    tree_b.print(text.resource_tree(shuffled))
    assert tree_a.export_text() == tree_b.export_text()


@pytest.mark.slow
def test_two_previews_are_byte_for_byte_equal(tmp_path: Path) -> None:
    """Two runs of the CLI in fresh processes (different hash seeds): text, report.json, report.sarif,
    k8s.yaml and plan.json identical byte for byte, so CI diffs show real changes only."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        out_dir = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed, "COLUMNS": "120", "NO_COLOR": "1"}
        proc = subprocess.run(
            [sys.executable, "-m", "oke_secure.cli", "preview", "--stack", "prod", "--out", str(out_dir)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr.decode()
        files = {p.name: p.read_bytes() for p in sorted(out_dir.iterdir())}
        outputs.append((proc.stdout, files))
    (text_a, files_a), (text_b, files_b) = outputs
    assert set(files_a) == {"report.json", "report.sarif", "k8s.yaml", "plan.json"}
    for name in files_a:
        assert files_a[name] == files_b[name], f"{name} differs between two identical runs"
    assert text_a == text_b


def test_waived_break_glass_message_does_not_contradict_itself(capsys: pytest.CaptureFixture[str]) -> None:
    """The prod break-glass binding is waived with its reason; its message used to say 'without a declared
    break-glass exception' right next to that reason."""
    assert main(["preview", "--stack", "prod", "--format", "json"]) == 0
    waived = json.loads(capsys.readouterr().out)["summary"]["waived"]
    binding = [w for w in waived if w["policy"] == "k8s-no-cluster-admin-binding"]
    assert binding and all(w["reason"] for w in binding)
    assert not any("without a declared" in w["message"] for w in binding)


# Reference documents in the repository ----------------------------------------------------------


def test_generated_reference_documents_are_current() -> None:
    """docs/CONTROLS.md and docs/NETWORK-RULES.md are generated from the code's tables (`make docs`)."""
    from oke_secure.offline.docs import documents

    for rel, generated in documents().items():
        path = ROOT / rel
        assert path.is_file(), f"{rel} is missing: run `make docs`"
        assert path.read_text() == generated, f"{rel} is stale: run `make docs`"


def test_network_rules_document_has_every_row_and_its_source() -> None:
    from oke_secure.builders import netrules
    from oke_secure.offline.docs import network_rules_document

    doc = network_rules_document()
    assert netrules.SOURCE in doc
    table_rows = [line for line in doc.splitlines() if line.startswith("| ingress") or line.startswith("| egress")]
    assert len(table_rows) == len(netrules.TABLE)


def test_references_point_into_the_repository() -> None:
    """The README, the NET-5 control (shown with every NET-5 finding) and controls.py used to cite
    NETWORK-RULES.md and shared/CONTROLS.md, which are not in the repository."""
    import re

    from oke_secure.spec.controls import BY_ID

    assert "docs/NETWORK-RULES.md" in BY_ID["NET-5"].title
    sources = [
        ROOT / "README.md",
        *sorted((ROOT / "oke_secure").rglob("*.py")),
        *sorted((ROOT / "components").glob("*.py")),
    ]
    for path in sources:
        text = path.read_text()
        assert "shared/" not in text, f"{path} cites a file outside the repository"
        for m in re.finditer(r"[\w./-]*(NETWORK-RULES|CONTROLS)\.md", text):
            assert m.group(0).endswith(("docs/NETWORK-RULES.md", "docs/CONTROLS.md")), f"{path}: {m.group(0)}"
            assert (ROOT / "docs" / f"{m.group(1)}.md").is_file()


# Wrong inputs accepted; ids of existing resources as Pulumi inputs --------------------------------


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("compartment.id", "ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexamplevcn", "ocid1.compartment."),
        ("tenancy_id", "ocid1.compartment.oc1..aaaaaaaaexamplecompartment", "ocid1.tenancy."),
        ("access.cluster_user_groups[1]", "ocid1.user.oc1..aaaaaaaaexampleuser", "ocid1.group."),
        ("network.vcn_id", "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaexamplesubnet", "ocid1.vcn."),
    ],
)
def test_an_ocid_of_the_wrong_kind_is_refused_naming_the_expected_kind(
    path: str, value: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["preview", "--stack", "dev", "--set", f"{path}={value}"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and f"it starts {expected}" in err


def test_the_ocid_hint_names_the_expected_kind(capsys: pytest.CaptureFixture[str]) -> None:
    """The hint used to say ocid1.compartment... for every field."""
    assert main(["preview", "--stack", "dev", "--set", "tenancy_id=tenancy-123"]) == 2
    assert "e.g. ocid1.tenancy.oc1..aaaaaaaa" in capsys.readouterr().err


def test_a_missing_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing `name` used to become 'oke' silently."""
    spec = example_spec("dev")
    del spec["name"]
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec))
    assert main(["preview", "--spec", str(path)]) == 2
    assert "name: Field required" in capsys.readouterr().err


def test_ids_of_existing_resources_pass_through_as_pulumi_inputs() -> None:
    """The README's Way 2: `"vcn_id": existing_vcn.id` (an Output) used to fail with
    `network.vcn_id: Input should be a valid string`; an Output id reaches the resources."""
    result = run_preview(program=COMPONENT_PROGRAMS / "network_existing_ids.py")
    subnets = [r for r in result.capture.resources if r.type == "oci:Core/subnet:Subnet"]
    assert subnets and {r.inputs["vcnId"] for r in subnets} == {"ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexistingvcn"}
    assert {r.inputs["compartmentId"] for r in subnets} == {"ocid1.compartment.oc1..aaaaaaaaexamplemine"}
    assert not result.report.mandatory
    assert not any(r.type == "oci:Core/vcn:Vcn" and r.custom and r.name != "existing" for r in result.capture.resources)


def test_an_output_id_of_the_wrong_kind_is_not_validated_but_a_string_is() -> None:
    """Only known strings are validated: an Output's value is the engine's to resolve."""
    from oke_secure.spec import NetworkSpec
    from oke_secure.spec.errors import SpecError
    from oke_secure.spec.loader import validated

    with pytest.raises(SpecError, match=r"network\.vcn_id"):
        validated(NetworkSpec, {"vcn_id": "ocid1.subnet.oc1..aaaaaaaaexample"}, "network")


def test_examples_python_default_vcn_cidr_holds_its_subnets(tmp_path: Path) -> None:
    """Without vcnCidr in the stack config, the example's default VCN CIDR used to be 10.0.0.0/16,
    which its 10.40.x subnets do not fit."""
    import shutil

    example = tmp_path / "python"
    shutil.copytree(ROOT / "examples" / "python", example)
    config = example / "Pulumi.example.yaml"
    config.write_text("\n".join(line for line in config.read_text().splitlines() if "vcnCidr" not in line) + "\n")
    result = run_preview(program=example, stack="example")
    assert not result.report.mandatory


def test_make_preview_announces_each_step() -> None:
    """`make preview` used to stay silent for a minute on a fresh clone (quiet pip, then the preview)."""
    import subprocess

    dry = subprocess.run(["make", "-n", "-B", "preview"], cwd=ROOT, capture_output=True, text=True, check=True)
    lines = dry.stdout.splitlines()
    echoes = [i for i, line in enumerate(lines) if line.startswith("echo ")]
    pip = next(i for i, line in enumerate(lines) if "pip install" in line and "-e" in line)
    preview = next(i for i, line in enumerate(lines) if "oke-secure preview" in line)
    assert any(i < pip for i in echoes) and any(pip < i < preview for i in echoes)


@pytest.mark.slow
def test_make_preview_install_step_shows_no_setuptools_warning() -> None:
    """The editable install printed setuptools' 'BuildBackendWarning: Editable installation' banner."""
    import subprocess

    dry = subprocess.run(["make", "-n", "-B", "preview"], cwd=ROOT, capture_output=True, text=True, check=True)
    install = next(line for line in dry.stdout.splitlines() if "pip install" in line and "-e" in line)
    proc = subprocess.run(install, shell=True, cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "BuildBackendWarning" not in proc.stderr and "Please be careful" not in proc.stderr


def test_a_default_the_user_never_wrote_is_marked_as_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`subnets.pods: 10.0.128.0/17 is outside the VCN` used to read as if the user had written it."""
    spec = example_spec("prod")
    spec["network"] = {"vcn_cidr": "10.40.0.0/16", "cni": "vcn-native"}
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec))
    assert main(["preview", "--spec", str(path)]) == 2
    err = capsys.readouterr().err
    assert (
        "network.subnets.pods: 10.0.128.0/17 (the default; you did not set it) is outside the VCN 10.40.0.0/16" in err
    )


def test_a_misspelt_component_argument_names_the_component_and_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It used to be a bare `KeyError: 'compartment_id'`."""
    # Kept as a string on purpose: the user's typo is the input under test, and as a checked module mypy
    # would refuse it (KeysArgs has no key 'compartmentid') before the CLI could report it.
    program = tmp_path / "prog.py"
    program.write_text(
        "from oke_secure.components.keys import Keys\n"
        "Keys('k', {'compartmentid': 'ocid1.compartment.oc1..aaaaaaaaexample', 'name_prefix': 'app'})\n"
    )
    assert main(["preview", "--program", str(program)]) == 2
    err = capsys.readouterr().err
    assert "Keys args: compartmentid: Keys has no argument 'compartmentid'" in err
    assert "did you mean 'compartment_id'" in err and "KeyError" not in err


@pytest.mark.parametrize("command", ["preview", "schema", "controls", "policy-pack", "diagram", "diff", None])
def test_every_command_has_help(command: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [command, "--help"] if command else ["--help"]
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    assert "usage: oke-secure" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["preview", "--format", "xml"],
        ["preview", "--stack", "dev", "--spec", "x.yaml"],
        ["nosuchcommand"],
        ["controls", "--format", "yaml"],
    ],
)
def test_argument_mistakes_exit_2_with_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    captured = capsys.readouterr()
    assert info.value.code == 2 and "usage: oke-secure" in captured.err and "Traceback" not in captured.err
