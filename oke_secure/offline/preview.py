"""One offline, policy-tested preview: load the spec, run the program under mocks, evaluate the pack."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.engine.run import Mode
from oke_secure.offline.evaluate import Report, SpecWaiver, evaluate
from oke_secure.spec import CONFIG_KEY, StackSpec, parse_spec
from oke_secure.spec.errors import ProgramError
from oke_secure.spec.stackfile import (
    apply_overrides,
    find_project_root,
    load_spec_file,
    load_stack_config,
    project_settings,
    stack_file,
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


def load_policy_config(path: Path | None) -> dict[str, Any]:
    """The JSON file ``pulumi preview --policy-config`` reads, or an empty config."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ProgramError(f"--policy-config {path}: {exc}. Fix: give a JSON file of policy names to levels") from None
    if not isinstance(data, dict):
        raise ProgramError(f"--policy-config {path}: expected a JSON object")
    return data


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

    Args:
        stack: Stack name; its config comes from ``stacks/Pulumi.<stack>.yaml``.
        spec_file: A bare YAML spec (or a stack file) instead of ``stack``.
        program: The Pulumi program to run; default the repository's ``stacks/``.
        overrides: ``PATH=VALUE`` spec overrides.
        policy_config: Policy enforcement config (as ``pulumi preview --policy-config``).
        root: Project root (default: found from the working directory).
        mode: Engine semantics: ``preview`` (default), ``first`` (a new stack's first preview) or
            ``update`` (concrete values, for artefacts); see :data:`oke_secure.offline.engine.run.MODES`.
    """
    if program is not None and root is None:
        # A user program is its own Pulumi project: its Pulumi.yaml names it and locates its stack configs.
        start = program if program.is_dir() else program.parent
        root = find_project_root(start)
    project, _ = project_settings(root or find_project_root() or Path.cwd())
    spec_data: dict[str, Any] | None = None
    other: dict[str, Any] = {}
    artifact = str(program) if program else "stacks/__main__.py"
    if spec_file is not None:
        spec_data = load_spec_file(spec_file)
        artifact = str(spec_file)
    elif stack is not None:
        path = stack_file(stack, root)
        spec_data, other = load_stack_config(path)
        artifact = _relative(path)
    spec: StackSpec | None = None
    if spec_data is not None:
        spec_data = apply_overrides(spec_data, overrides or [])
        spec = parse_spec(spec_data)
    elif overrides:
        raise ProgramError("--set needs a spec: pass --stack or --spec as well")
    config: dict[str, Any] = dict(other)
    if spec_data is not None:
        config[CONFIG_KEY] = spec_data
    capture = run_program(
        program or default_program(root),
        project=project,
        stack=stack or (spec.name if spec else "dev"),
        config=config,
        region=spec.region if spec else "eu-frankfurt-1",
        mode=mode,
    )
    report = evaluate(capture.resources, config=policy_config or {}, waivers=waivers_of(spec))
    return PreviewResult(capture, report, spec, artifact)
