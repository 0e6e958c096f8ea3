"""One offline, policy-tested preview: load the spec, run the program under mocks, evaluate the pack."""

from __future__ import annotations

import dataclasses
import difflib
import fnmatch
import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.engine.run import Mode
from oke_secure.offline.evaluate import Report, SpecWaiver, evaluate
from oke_secure.spec import CONFIG_KEY, StackSpec, parse_spec
from oke_secure.spec.errors import Problem, ProgramError, SpecError
from oke_secure.spec.stackfile import (
    apply_overrides,
    find_project_root,
    load_project,
    load_spec_file,
    select_stack,
    stack_config,
)


@dataclass
class PreviewResult:
    """A preview's capture, report, the validated spec (if any) and the file results point at."""

    capture: Capture
    report: Report
    spec: StackSpec | None
    artifact: str


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def default_program(root: Path | None) -> Path:
    """The repository's ``stacks/`` program."""
    base = root or find_project_root() or Path.cwd()
    return base / "stacks"


def waivers_of(spec: StackSpec | None) -> list[SpecWaiver]:
    """Spec-level exceptions as evaluator waivers."""
    if spec is None:
        return []
    return [SpecWaiver(e.control, tuple(e.resources), e.reason) for e in spec.exceptions]


def unmatched_exception_problems(spec: StackSpec, names: list[str]) -> list[Problem]:
    """Exceptions whose resource pattern matches no resource of the stack: a typo would waive nothing
    while the author believes the control is waived, so each is bad input naming the nearest names."""
    known = sorted(set(names))
    problems: list[Problem] = []
    for i, ex in enumerate(spec.exceptions):
        for j, pattern in enumerate(ex.resources):
            if any(fnmatch.fnmatchcase(n, pattern) for n in known):
                continue
            near = difflib.get_close_matches(pattern.rstrip("*"), known, n=3, cutoff=0.5)
            problems.append(
                Problem(
                    f"exceptions[{i}].resources[{j}]",
                    f"{pattern!r} matches no resource of this stack, so it waives nothing",
                    "use a logical resource name from the preview's resource tree (fnmatch patterns, e.g. "
                    f"{', '.join(near) if near else spec.name + '-pool-*'}), or remove the exception",
                )
            )
    return problems


def load_policy_config(path: Path | None) -> dict[str, Any]:
    """The JSON file ``pulumi preview --policy-config`` reads, or an empty config."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ProgramError(f"--policy-config {path}: {exc}. Fix: give a JSON file of policy names to levels") from None
    if not isinstance(data, dict):
        raise ProgramError(f'--policy-config {path}: expected a JSON object. Fix: write {{"<policy>": "advisory"}}')
    problems = policy_config_problems(data, f"--policy-config {path}")
    if problems:
        raise SpecError(problems)
    return data


#: Enforcement levels of pulumi-policy (``EnforcementLevel`` in pulumi_policy/policy.py).
LEVELS = ("advisory", "mandatory", "remediate", "disabled")


def policy_config_problems(data: Mapping[str, Any], where: str = "--policy-config") -> list[Problem]:
    """Unknown policy names and levels in a policy config; each names the valid choices.

    A misspelt name must not be ignored: it would silently leave the policy at its default level.
    """
    from oke_secure.policies import POLICIES

    names = sorted(p.name for p in POLICIES)
    problems: list[Problem] = []
    for key, value in data.items():
        if key != "all" and key not in names:
            near = difflib.get_close_matches(str(key), names, n=3)
            hint = f"did you mean {', '.join(near)}? " if near else ""
            problems.append(
                Problem(
                    f"{where}: {key}",
                    "no policy of that name in the pack",
                    f"{hint}use 'all' or a policy name from `oke-secure controls` ({', '.join(names)})",
                )
            )
            continue
        level = value.get("enforcementLevel") if isinstance(value, Mapping) else value
        if level is not None and level not in LEVELS:
            problems.append(
                Problem(
                    f"{where}: {key}",
                    f"{level!r} is not an enforcement level",
                    f"use one of {', '.join(LEVELS)}, or an object with enforcementLevel",
                )
            )
    return problems


def run_preview(
    *,
    stack: str | None = None,
    spec_file: Path | None = None,
    program: Path | None = None,
    overrides: list[str] | None = None,
    policy_config: Mapping[str, Any] | None = None,
    root: Path | None = None,
    mode: Mode = "preview",
) -> PreviewResult:
    """Run one preview. Raises SpecError (bad spec) or ProgramError (bad program) before any output.

    A program runs as the Pulumi CLI runs it (:func:`oke_secure.spec.stackfile.load_project`): its
    ``Pulumi.yaml`` gives the project name, ``main``, ``stackConfigDir`` and config defaults; the
    stack file is the one named by ``stack``, else the only one, else ``Pulumi.dev.yaml``; the
    program runs in its project folder. Paths in the report are relative to that folder, so the
    report is the same whichever folder ``oke-secure`` starts from.

    Args:
        stack: Stack name; its config comes from the project's ``Pulumi.<stack>.yaml``.
        spec_file: A bare YAML spec (or a stack file) instead of ``stack``.
        program: The Pulumi program to run; default the repository's ``stacks/``.
        overrides: ``PATH=VALUE`` spec overrides.
        policy_config: Policy enforcement config (as ``pulumi preview --policy-config``).
        root: Project root of the repository's own stacks (default: found from the working directory).
        mode: Engine semantics: ``preview`` (default), ``first`` (a new stack's first preview) or
            ``update`` (concrete values, for artefacts); see :data:`oke_secure.offline.engine.run.MODES`.
    """
    if program is not None:
        project = load_project(program)
    else:
        base = (root or find_project_root() or Path.cwd()).resolve()
        project = load_project(base) if (base / "Pulumi.yaml").is_file() else load_project(default_program(base))
        if project.main == base:
            project.main = default_program(base)
    stack_name, stack_path = select_stack(project, None if spec_file is not None else stack)
    if spec_file is not None:
        stack_path = None
    cfg = stack_config(project, stack_path)
    config: dict[str, Any] = dict(cfg.values)
    spec_data: dict[str, Any] | None = None
    artifact = _relative_to(project.main if project.main.is_file() else project.main / "__main__.py", project.root)
    if spec_file is not None:
        spec_data = load_spec_file(spec_file)
        artifact = str(spec_file)
    elif CONFIG_KEY in config:
        raw = config.pop(CONFIG_KEY)
        if not isinstance(raw, dict):
            raise SpecError(
                [Problem(CONFIG_KEY, f"{stack_path}: the spec is not a mapping", "write the spec as YAML keys")]
            )
        spec_data = raw
        artifact = _relative_to(stack_path, project.root) if stack_path else artifact
    spec: StackSpec | None = None
    if spec_data is not None:
        spec_data = apply_overrides(spec_data, overrides or [])
        spec = parse_spec(spec_data)
    elif overrides:
        raise ProgramError("--set needs a spec: pass --stack or --spec as well")
    if spec_data is not None:
        config[CONFIG_KEY] = spec_data
    capture = run_program(
        project.main,
        project=project.name,
        stack=stack if (stack and spec_file is None) else (spec.name if spec and spec_file else stack_name),
        config=config,
        region=spec.region if spec else _region(config),
        mode=mode,
        secret_keys=cfg.secret_keys,
        cwd=project.root,
        config_file=str(stack_path) if stack_path else None,
    )
    if spec is not None and spec.kubernetes_stage == "separate" and stack_path is not None:
        capture = with_kubernetes_stage(capture, project.main, stack_path.name, spec_data or {}, mode)
    if spec is not None:
        unmatched = unmatched_exception_problems(spec, [r.name for r in capture.resources])
        if unmatched:
            raise SpecError(unmatched)
    report = evaluate(capture.resources, config=policy_config or {}, waivers=waivers_of(spec))
    return PreviewResult(capture, report, spec, artifact)


#: The Kubernetes stage of a stack lives beside the program, in ``baseline/`` (DEP-3).
KUBERNETES_STAGE_DIR = "baseline"


def with_kubernetes_stage(
    capture: Capture, main: Path, stack_file: str, spec_data: Mapping[str, Any], mode: Mode
) -> Capture:
    """``capture`` plus the run of the stack's Kubernetes stage (``<program>/baseline``), when it has one.

    The stage reads the cluster stack's outputs by StackReference; offline, they are the outputs the first
    run produced. It reads the spec from its ``spec_file``: offline, the effective spec (after ``--set``) is
    written to a temporary file, so both stages see the same spec. The two stages stay two stacks (their
    URNs name their own projects); the preview shows them together, as a reviewer reads the deployment.
    """
    folder = (main if main.is_dir() else main.parent) / KUBERNETES_STAGE_DIR
    stage_file = folder / stack_file
    if not (folder / "__main__.py").is_file() or not stage_file.is_file():
        return capture
    stage = load_project(folder)
    cfg = stack_config(stage, stage_file)
    with tempfile.TemporaryDirectory() as tmp:
        spec_path = Path(tmp) / "spec.json"
        spec_path.write_text(json.dumps(dict(spec_data)))
        config = {**cfg.values, f"{stage.name}:spec_file": str(spec_path)}
        outputs = {k: v.value for k, v in capture.outputs.items()}
        # The stage's own default when unset: <organization>/oke-secure/<stack> (stacks/baseline/__main__.py);
        # the mocks answer a StackReference by its full name or by its last segment, the stack.
        target = str(config.get(f"{stage.name}:cluster_stack") or capture.stack)
        second = run_program(
            folder,
            project=stage.name,
            stack=capture.stack,
            config=config,
            region=_region(config) if "oci:region" in config else str(outputs.get("region") or "eu-frankfurt-1"),
            mode=mode,
            secret_keys=cfg.secret_keys,
            cwd=folder,
            config_file=str(stage_file),
            stack_outputs={target: outputs},
        )
    return dataclasses.replace(
        capture,
        resources=[*capture.resources, *second.resources],
        stdout=capture.stdout + second.stdout,
        stderr=capture.stderr + second.stderr,
        invokes={**capture.invokes, **second.invokes},
        notes=[*capture.notes, *second.notes],
    )


def _relative_to(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return path.name


def _region(config: Mapping[str, Any]) -> str:
    """The region the program's provider config names (``oci:region``), else Frankfurt."""
    value = config.get("oci:region")
    return str(value) if isinstance(value, str) and value else "eu-frankfurt-1"
