"""Shared test helpers: run programs offline, evaluate the pack, load example specs."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.evaluate import Report, evaluate

ROOT = Path(__file__).resolve().parent.parent
STACKS = ROOT / "stacks"
POLICY_FIXTURES = Path(__file__).resolve().parent / "policy_fixtures"
#: Real program modules the component tests run with run_program(path, config=...) (ruff and mypy check them).
COMPONENT_PROGRAMS = Path(__file__).resolve().parent / "component_programs"


def run_source(tmp_path: Path, source: str, config: dict[str, Any] | None = None) -> Capture:
    """Write ``source`` as a program and run it offline."""
    program = tmp_path / "prog.py"
    program.write_text(textwrap.dedent(source))
    return run_program(program, config=config or {})


def example_spec(stack: str) -> dict[str, Any]:
    """The plain spec of an example stack (``stacks/Pulumi.<stack>.yaml``)."""
    data = yaml.safe_load((STACKS / f"Pulumi.{stack}.yaml").read_text())
    spec: dict[str, Any] = data["config"]["oke-secure:spec"]
    return spec


def violations_of(report: Report, policy: str) -> list[str]:
    """Messages of one policy's (unwaived) violations."""
    return [v.message for v in report.violations if v.policy == policy]


@pytest.fixture
def run_src(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Fixture form of :func:`run_source`: ``run_src(source, config=None) -> (capture, report)``."""

    def _run(source: str, config: dict[str, Any] | None = None) -> tuple[Capture, Report]:
        cap = run_source(tmp_path, source, config)
        return cap, evaluate(cap.resources)

    return _run
