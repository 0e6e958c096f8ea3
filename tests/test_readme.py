"""The README works as written (issue 17): every code block is extracted and run, placeholders filled.

Each fenced block of README.md is handled by its kind, and a block of an unknown kind fails the test,
so a new example cannot be added without being run:

- ``sh``: every command runs: ``oke-secure`` through the CLI's ``main`` (in a scratch copy of the
  project when the block edits files), ``cp`` in that copy, ``make`` targets as a dry run (``make -n``:
  they exist and expand), ``pip install``/``pip wheel`` by the wheel test; commands of tools that are
  not installed here (``pulumi``, ``oci``, ``kubectl``) are listed in :data:`EXTERNAL` with the reason,
  and the repository paths they name must exist.
- ``$ command`` blocks (no language): the command runs and its output must equal the lines shown.
- ``python``: run as a Pulumi program offline, with the snippet's placeholders (``my_compartment``,
  ``existing_vcn``) defined as existing resources read with ``get``; no mandatory violation.
- ``yaml``: a GitHub Actions job is parsed and its OCI credentials must be the provider's documented
  environment variables; a spec fragment is merged into the prod example and previewed.
- ``mermaid``: the generated diagram (its own drift test is in test_diagram.py).
"""

from __future__ import annotations

import copy
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from oke_secure.cli import main
from oke_secure.offline.preview import run_preview
from tests.conftest import ROOT, example_spec

README = ROOT / "README.md"
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)

#: Commands of tools that are not installed where the tests run, with why they are not executed.
EXTERNAL = {
    "pulumi": "the Pulumi CLI is not installed here (the offline preview stands in for it)",
    "oci": "the OCI CLI needs a tenancy",
    "kubectl": "needs the private cluster",
    "export": "shell environment for kubectl",
    "skopeo": "copies images between registries: needs the internet and an OCIR login",
    "rm": "deletes the pull credentials file the skopeo login of the walkthrough wrote",
}
#: The OCI provider's documented environment variables (pulumi-oci README / registry "Installation &
#: Configuration": oci:tenancyOcid TF_VAR_tenancy_ocid, oci:userOcid TF_VAR_user_ocid, oci:fingerprint
#: TF_VAR_fingerprint, oci:privateKey TF_VAR_private_key, oci:privateKeyPath TF_VAR_private_key_path,
#: oci:region TF_VAR_region, ...).
OCI_PROVIDER_ENV = {
    "TF_VAR_tenancy_ocid",
    "TF_VAR_user_ocid",
    "TF_VAR_fingerprint",
    "TF_VAR_private_key",
    "TF_VAR_private_key_path",
    "TF_VAR_private_key_password",
    "TF_VAR_region",
    "TF_VAR_config_file_profile",
}


def blocks() -> list[tuple[str, int, str]]:
    """``(language, line, text)`` of every fenced block of the README."""
    text = README.read_text()
    return [(m.group(1), text[: m.start()].count("\n") + 1, m.group(2)) for m in _BLOCK.finditer(text)]


def commands(block: str) -> list[str]:
    """Shell commands of a block: continuation lines joined, comments and blank lines dropped."""
    joined = re.sub(r"\\\n\s*", " ", block)
    out = []
    for line in joined.splitlines():
        line = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if line:
            out.append(line)
    return out


BLOCKS = blocks()


def _ids(kind: str) -> list[tuple[str, int, str]]:
    return [b for b in BLOCKS if b[0] == kind]


def test_every_block_is_of_a_kind_this_test_runs() -> None:
    kinds = {lang for lang, _, _ in BLOCKS}
    assert kinds <= {"sh", "python", "yaml", "mermaid", ""}, kinds
    assert len(BLOCKS) >= 10


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of the project (Pulumi.yaml and stacks/), the working directory of the commands."""
    shutil.copy(ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copytree(ROOT / "stacks", tmp_path / "stacks")
    (tmp_path / "examples").mkdir()
    shutil.copytree(ROOT / "examples" / "python", tmp_path / "examples" / "python")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _fill(argv: list[str]) -> list[str]:
    """The README's placeholders, filled."""
    filled = []
    for a in argv:
        if a == "path/to/your/program":
            filled += ["examples/python", "--stack", "example"]
        else:
            filled.append(a)
    return filled


def _run_command(cmd: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = shlex.split(cmd)
    redirect = None
    if ">" in argv:
        i = argv.index(">")
        argv, redirect = argv[:i], argv[i + 1]
    tool = argv[0]
    if tool in ("oke-secure", ".venv/bin/oke-secure"):
        if argv[1:3] == ["policy-pack", "--install"]:
            argv = [*argv, "--no-venv"]  # the venv install itself: tests/test_policy_pack_grpc.py (slow)
        code = main(_fill(argv[1:]))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err, cmd
        assert code == 0, f"{cmd}: exit {code}\n{captured.err}"
        if redirect:
            (project / redirect).write_text(captured.out)
            assert (project / redirect).stat().st_size > 0
    elif tool == "cp":
        shutil.copy(project / argv[1], project / argv[2])
    elif tool == "make":
        for target in argv[1:]:
            if "=" in target:
                continue
            dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=False)
            assert dry.returncode == 0, f"make {target}: {dry.stderr}"
    elif tool == "pip":
        # Installing the checkout (or building its wheel) is what tests/test_wheel.py does, from a copy.
        assert (ROOT / "tests" / "test_wheel.py").is_file() and (ROOT / "pyproject.toml").is_file()
    elif tool in EXTERNAL:
        for arg in argv[1:]:
            if "/" in arg and not arg.startswith(("~", "-", "$", "http")) and not arg.endswith(".json"):
                # A path in the repository, or one an earlier command of the block wrote (the policy pack).
                assert (ROOT / arg).exists() or (project / arg).exists(), f"{cmd}: {arg} is not in the repository"
        if argv[1:3] == ["stack", "export"] and redirect:
            # What `pulumi stack export` writes: a hand-written checkpoint in its format stands in (test_audit.py).
            shutil.copy(ROOT / "tests" / "checkpoints" / "clean.json", project / redirect)
    else:
        raise AssertionError(f"README command of an unknown tool: {cmd!r} (run it here or add it to EXTERNAL)")


@pytest.mark.parametrize(("lang", "line", "text"), _ids("sh"), ids=[f"sh-line-{b[1]}" for b in _ids("sh")])
def test_shell_block_runs(
    lang: str, line: int, text: str, project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cmds = commands(text)
    assert cmds, f"README line {line}: an empty shell block"
    if any(c.startswith("make preview") for c in cmds):
        # `make preview` is the offline preview of the dev stack: run it as the target does.
        assert main(["preview", "--stack", "dev", "--no-tree"]) == 0
        capsys.readouterr()
    for cmd in cmds:
        _run_command(cmd, project, capsys)


_OUTPUT_BLOCKS = [b for b in _ids("") if b[2].startswith("$ ")]


@pytest.mark.parametrize(("lang", "line", "text"), _OUTPUT_BLOCKS, ids=[f"output-line-{b[1]}" for b in _OUTPUT_BLOCKS])
def test_command_output_block_is_what_the_command_prints(
    lang: str, line: int, text: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    first, *expected = text.rstrip("\n").splitlines()
    argv = shlex.split(first.removeprefix("$ "))
    assert argv[0] == "oke-secure"
    main(argv[1:])
    captured = capsys.readouterr()
    printed = (captured.out + captured.err).rstrip("\n").splitlines()
    assert printed == expected


def test_the_only_other_plain_block_is_the_flow_picture() -> None:
    plain = [b for b in _ids("") if not b[2].startswith("$ ")]
    assert len(plain) == 1 and "StackSpec" in plain[0][2] and "──▶" in plain[0][2]


#: The README's Way 2 placeholders: an existing compartment and VCN, read as a real program would.
_PLACEHOLDERS = (
    "import pulumi_oci as oci\n"
    "my_compartment = oci.identity.Compartment.get('mine', 'ocid1.compartment.oc1..aaaaaaaaexamplemine')\n"
    "existing_vcn = oci.core.Vcn.get('existing', 'ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexistingvcn')\n"
)


@pytest.mark.parametrize(("lang", "line", "text"), _ids("python"), ids=[f"python-line-{b[1]}" for b in _ids("python")])
def test_python_block_runs_as_a_program(lang: str, line: int, text: str, tmp_path: Path) -> None:
    program = tmp_path / "__main__.py"
    program.write_text(_PLACEHOLDERS + text)
    result = run_preview(program=program)
    assert not result.report.mandatory, [v.message for v in result.report.mandatory]
    assert any(r.type == "oci:Core/subnet:Subnet" for r in result.capture.resources)


def _merge(base: Any, extra: Any) -> Any:
    """``extra`` merged into ``base``: mappings key by key, lists of named entries by name, else replaced."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = _merge(base.get(k), v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(extra, list) and all(isinstance(e, dict) and "name" in e for e in extra):
        out_list = [copy.deepcopy(b) for b in base]
        names = [b.get("name") for b in out_list if isinstance(b, dict)]
        for e in extra:
            if e["name"] in names:
                i = names.index(e["name"])
                out_list[i] = _merge(out_list[i], e)
            else:
                out_list.append(e)
        return out_list
    return extra


_YAML = _ids("yaml")


@pytest.mark.parametrize(("lang", "line", "text"), _YAML, ids=[f"yaml-line-{b[1]}" for b in _YAML])
def test_yaml_block(
    lang: str, line: int, text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    doc = yaml.safe_load(text)
    if "jobs" in doc:
        for job in doc["jobs"].values():
            for step in job["steps"]:
                env = set(step.get("env", {}))
                assert env <= OCI_PROVIDER_ENV | {"PULUMI_ACCESS_TOKEN"}, env - OCI_PROVIDER_ENV
                for pack in [step.get("with", {}).get("policyPacks")] if step.get("with") else []:
                    assert pack is None or (ROOT / pack).is_dir()
        return
    # A spec fragment: merged into the prod example, placeholders filled (the pool the exception names).
    spec = _merge(example_spec("prod"), yaml.safe_load(text.replace("expires: 2027-01-31", "expires: 2999-01-31")))
    for ex in spec.get("exceptions", []):
        for pattern in ex["resources"]:
            pool = pattern.removeprefix(f"{spec['name']}-pool-").rstrip("*")
            if pool and not any(p["name"] == pool for p in spec["node_pools"]):
                spec["node_pools"].append(
                    {
                        "name": pool,
                        "size": 1,
                        "ssh": {"public_key": "ssh-ed25519 AAAAexample ops", "reason": ex["reason"]},
                    }
                )
    path = tmp_path / "spec.yaml"
    # The README's date stays an unquoted YAML date, as written.
    path.write_text(yaml.safe_dump(spec, sort_keys=False).replace("'2999-01-31'", "2999-01-31"))
    code = main(["preview", "--spec", str(path), "--format", "json"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert code == 0, captured.err
    waived = json.loads(captured.out)["summary"]["waived"]
    assert waived


def test_mermaid_block_is_the_generated_diagram() -> None:
    text = README.read_text()
    (mermaid,) = _ids("mermaid")
    start = text.index("<!-- diagram:start -->")
    end = text.index("<!-- diagram:end -->")
    assert start < text.index(mermaid[2]) < end
