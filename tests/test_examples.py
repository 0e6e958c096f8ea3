"""The examples stay true (issue 10): the Python program previews clean in an existing VCN, the
TypeScript program only uses what the component package schema offers, and the CI workflows only run
commands our CLI has.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

from oke_secure.cli import _parser
from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.evaluate import Report, evaluate
from oke_secure.policies import types as T
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
PY = EXAMPLES / "python"
TS = EXAMPLES / "typescript"
CI = EXAMPLES / "ci"


# --- examples/python ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def python_example() -> tuple[Capture, Report, dict[str, Any]]:
    project = yaml.safe_load((PY / "Pulumi.yaml").read_text())["name"]
    config = yaml.safe_load((PY / "Pulumi.example.yaml").read_text())["config"]
    cap = run_program(PY, project=project, stack="example", config=config)
    return cap, evaluate(cap.resources), config


def test_python_example_has_no_mandatory_violation(python_example: tuple[Capture, Report, dict[str, Any]]) -> None:
    _, report, _ = python_example
    assert report.mandatory == [], [f"{v.policy} {v.name}: {v.message}" for v in report.mandatory]


def test_python_example_builds_in_the_existing_vcn_and_compartment(
    python_example: tuple[Capture, Report, dict[str, Any]],
) -> None:
    """No VCN and no compartment are created (IAM-1: the given compartment holds everything)."""
    cap, _, config = python_example
    project = yaml.safe_load((PY / "Pulumi.yaml").read_text())["name"]
    vcn_id, compartment_id = config[f"{project}:vcnId"], config[f"{project}:compartmentId"]
    assert cap.by_type(T.VCN) == []
    assert cap.by_type(T.COMPARTMENT) == []
    subnets = cap.by_type(T.SUBNET)
    assert subnets and all(s.inputs["vcnId"] == vcn_id for s in subnets)
    (cluster,) = cap.by_type(T.CLUSTER)
    assert cluster.inputs["vcnId"] == vcn_id and cluster.inputs["compartmentId"] == compartment_id
    assert cluster.inputs["endpointConfig"]["isPublicIpEnabled"] is False
    assert len(cap.by_type(T.NODE_POOL)) == 2 and len(cap.by_type(T.DYNAMIC_GROUP)) == 2
    assert cap.by_type(T.BASTION)


def test_python_example_declares_its_config_and_dependency() -> None:
    declared = set(yaml.safe_load((PY / "Pulumi.yaml").read_text())["config"])
    used = set(re.findall(r"config\.(?:require|get|require_object)\(\"(\w+)\"\)", (PY / "__main__.py").read_text()))
    assert used and used <= declared
    requirements = [
        line.strip()
        for line in (PY / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert requirements == ["../.."] and (PY / "../../pyproject.toml").resolve().is_file()


# --- examples/typescript ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """The component package schema, built in-process as `pulumi package add ../../components` does."""
    from pulumi.provider.experimental.component import ComponentProvider

    from oke_secure.components.package import COMPONENTS, PACKAGE_NAME, PACKAGE_VERSION

    try:
        provider = ComponentProvider(COMPONENTS, PACKAGE_NAME, None, PACKAGE_VERSION)
    except Exception as exc:
        pytest.fail(
            f"the component package schema cannot be built ({type(exc).__name__}: {exc}); "
            "`pulumi package add components` fails the same way. The analyzer reads the annotations of "
            "__init__(args: XArgs) and of the class at runtime: component modules must not use "
            "`from __future__ import annotations`, and Args fields must not be Literal[...] (use str; "
            "validate inside the component)"
        )
    assert provider.schema is not None
    doc: dict[str, Any] = json.loads(provider.schema)
    return doc


def _balanced(text: str, start: int) -> str:
    """The text of the bracketed block opening at ``text[start]`` (string literals respected)."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    stack: list[str] = []
    i, quote = start, ""
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch in pairs:
            stack.append(pairs[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                return text[start : i + 1]
        i += 1
    raise AssertionError(f"unbalanced block at {start}")


def _top_level_keys(obj: str) -> list[str]:
    """Keys of a TypeScript object literal ``{...}`` at its top level (``a: x`` and shorthand ``a``)."""
    keys, depth, entry, quote = [], 0, "", ""
    for ch in obj[1:-1] + ",":
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'`":
            quote = ch
        elif ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        if depth == 0 and not quote and ch == ",":
            stripped = re.sub(r"//[^\n]*", "", entry).strip()
            if stripped:
                m = re.match(r"([A-Za-z_$][\w$]*)\s*(:|$)", stripped)
                assert m, f"cannot read object entry {stripped!r}"
                keys.append(m.group(1))
            entry = ""
        else:
            entry += ch
    return keys


def ts_components() -> list[tuple[str | None, str, list[str]]]:
    """(variable, component class, top-level argument names) of every `new okeSecure.X(...)`."""
    source = re.sub(r"^\s*//[^\n]*", "", (TS / "index.ts").read_text(), flags=re.M)
    out = []
    for m in re.finditer(r"(?:const\s+(\w+)\s*=\s*)?new\s+okeSecure\.(\w+)\(", source):
        call = _balanced(source, m.end() - 1)
        brace = call.index("{")
        out.append((m.group(1), m.group(2), _top_level_keys(_balanced(call, brace))))
    return out


def test_typescript_example_imports_the_generated_sdk() -> None:
    """The SDK `pulumi package add ../../components` generates is `@pulumi/<package name>`."""
    from oke_secure.components.package import PACKAGE_NAME

    assert f'from "@pulumi/{PACKAGE_NAME}"' in (TS / "index.ts").read_text()
    deps = json.loads((TS / "package.json").read_text())["dependencies"]
    assert deps[f"@pulumi/{PACKAGE_NAME}"] == f"file:sdks/{PACKAGE_NAME}"
    packages = yaml.safe_load((TS / "Pulumi.yaml").read_text())["packages"]
    assert (TS / packages[PACKAGE_NAME] / "PulumiPlugin.yaml").resolve().is_file()
    assert "pulumi package add ../../components" in (TS / "README.md").read_text()


def test_typescript_example_uses_only_schema_types_and_arguments(schema: dict[str, Any]) -> None:
    resources = schema["resources"]
    calls = ts_components()
    assert {c for _, c, _ in calls} >= {"Network", "Keys", "Cluster", "NodePool"}
    for _, cls, keys in calls:
        token = f"{schema['name']}:index:{cls}"
        assert token in resources, f"index.ts uses {cls}, which the component package does not publish"
        inputs = resources[token].get("inputProperties", {})
        unknown = sorted(set(keys) - set(inputs))
        assert not unknown, f"index.ts passes {unknown} to {cls}; the schema has {sorted(inputs)}"
        missing = sorted(set(resources[token].get("requiredInputs", [])) - set(keys))
        assert not missing, f"index.ts omits required inputs {missing} of {cls}"


def test_typescript_example_reads_only_schema_outputs(schema: dict[str, Any]) -> None:
    source = (TS / "index.ts").read_text()
    for var, cls, _ in ts_components():
        if var is None:
            continue
        props = schema["resources"][f"{schema['name']}:index:{cls}"].get("properties", {})
        for prop in set(re.findall(rf"\b{var}\.(\w+)\b", source)):
            assert prop in props, f"index.ts reads {var}.{prop}, not an output of {cls} ({sorted(props)})"


def test_typescript_example_declares_its_config() -> None:
    declared = set(yaml.safe_load((TS / "Pulumi.yaml").read_text())["config"])
    used = set(
        re.findall(r"config\.(?:require|get|requireObject)(?:<[^>]*>)?\(\"(\w+)\"\)", (TS / "index.ts").read_text())
    )
    assert used and used <= declared


# --- examples/ci ----------------------------------------------------------------------------------


def _workflow(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((CI / name).read_text())
    assert doc.get("jobs"), f"{name} has no jobs"
    return doc


def _steps(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in doc["jobs"].values() for s in job["steps"]]


COMMAND = re.compile(
    r"(?:^[ \t]*|\$\(\s*|&&\s*|;\s*|\|\s*)(?:[\w./-]*/)?oke-secure(?![\w-])"  # command position only
    r"((?:[ \t]+[^\s;&|)>\"'#]+)*)"  # its arguments
    r"(?:[ \t]*>[ \t]*([^\s;&|)]+))?",  # stdout redirect
    re.M,
)


def oke_secure_commands(script: str) -> list[tuple[list[str], str | None]]:
    """(argv, stdout redirect target) of every `oke-secure ...` command in a shell script."""
    return [(m.group(1).split(), m.group(2)) for m in COMMAND.finditer(script)]


def test_command_finder_reads_commands_not_mentions() -> None:
    script = (
        "pip install oke-secure\n"
        'echo "dir=$(oke-secure policy-pack)" >> "$GITHUB_OUTPUT"\n'
        "cd x && .venv/bin/oke-secure preview --stack prod --format sarif > results.sarif\n"
    )
    assert oke_secure_commands(script) == [
        (["policy-pack"], None),
        (["preview", "--stack", "prod", "--format", "sarif"], "results.sarif"),
    ]


@pytest.mark.parametrize("name", ["pulumi-policy-preview.yml", "oke-secure-sarif.yml", "oke-secure-two-stage-up.yml"])
def test_ci_workflows_run_only_commands_our_cli_has(name: str) -> None:
    commands = [c for step in _steps(_workflow(name)) for c in oke_secure_commands(step.get("run", ""))]
    assert commands, f"{name} runs no oke-secure command"
    for argv, _ in commands:
        try:
            _parser().parse_args(argv)
        except SystemExit:
            pytest.fail(f"{name}: `oke-secure {' '.join(argv)}` is not a valid oke-secure command")


def test_policy_pack_workflow_previews_with_the_pack() -> None:
    steps = _steps(_workflow("pulumi-policy-preview.yml"))
    pack = next(
        s for s in steps if any(a[:2] == ["policy-pack", "--install"] for a, _ in oke_secure_commands(s.get("run", "")))
    )
    action = next(s for s in steps if str(s.get("uses", "")).startswith("pulumi/actions@"))
    assert action["with"]["command"] == "preview" and action["with"]["stack-name"]
    assert action["with"]["policyPacks"] == f"${{{{ steps.{pack['id']}.outputs.dir }}}}"


def test_two_stage_workflow_runs_the_baseline_in_the_vcn_after_the_oci_stage() -> None:
    """DEP-3: stage 2 waits for stage 1, runs on a self-hosted runner (inside the VCN), in stacks/baseline, and
    both stages run with the pack; the kubeconfig's `oci ce cluster generate-token` gets an OCI CLI config
    file (Oracle, "SDK and CLI Configuration File")."""
    doc = _workflow("oke-secure-two-stage-up.yml")
    oci, baseline = doc["jobs"]["oci"], doc["jobs"]["baseline"]
    assert baseline["needs"] == "oci" and "self-hosted" in baseline["runs-on"]
    ups = {}
    for name, job in (("oci", oci), ("baseline", baseline)):
        pack = next(s for s in job["steps"] if s.get("id") == "pack")
        (up,) = [s for s in job["steps"] if str(s.get("uses", "")).startswith("pulumi/actions@")]
        assert up["with"]["command"] == "up"
        assert up["with"]["policyPacks"] == f"${{{{ steps.{pack['id']}.outputs.dir }}}}"
        ups[name] = up
    assert ups["baseline"]["with"]["work-dir"] == "stacks/baseline" and "work-dir" not in ups["oci"]["with"]
    assert all(up["with"]["upsert"] is True for up in ups.values())  # a new stack is created on the first run
    # the kubeconfig's `oci ce cluster generate-token` reads ~/.oci/config (written before stage 2 runs)
    steps = baseline["steps"]
    config = next(i for i, s in enumerate(steps) if "~/.oci/config" in s.get("run", ""))
    assert config < steps.index(ups["baseline"])


def test_sarif_workflow_uploads_what_the_offline_preview_writes() -> None:
    doc = _workflow("oke-secure-sarif.yml")
    steps = _steps(doc)
    ((argv, target),) = [c for s in steps for c in oke_secure_commands(s.get("run", ""))]
    args = _parser().parse_args(argv)
    assert args.command == "preview" and args.format == "sarif" and args.stack == "prod"
    assert (ROOT / "stacks" / f"Pulumi.{args.stack}.yaml").is_file()
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == target
    assert doc["permissions"]["security-events"] == "write"
