"""Every policy is shown to catch its violation and to pass a compliant program.

For each policy ``P`` of the pack there is ``tests/policy_fixtures/P/fail.py`` (a hand-written Pulumi
program that breaks the control: ``P`` must report at least one violation) and ``pass.py`` (a program
that honours it: ``P`` must report none). Fixtures are plain pulumi-oci / pulumi-kubernetes programs,
the way a user would write them, not our components.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from oke_secure.offline.engine import run_program
from oke_secure.offline.evaluate import evaluate
from oke_secure.policies import CONTROLS_OF, POLICIES
from oke_secure.spec.controls import BY_ID

FIXTURES = Path(__file__).resolve().parent / "policy_fixtures"
NAMES = [p.name for p in POLICIES]


def _messages(policy_name: str, program: Path) -> list[str]:
    policy = next(p for p in POLICIES if p.name == policy_name)
    cap = run_program(program, config={})
    report = evaluate(cap.resources, [policy], config={"all": "mandatory"})
    return [v.message for v in report.violations]


def test_every_policy_has_both_fixtures() -> None:
    missing = [n for n in NAMES for kind in ("fail.py", "pass.py") if not (FIXTURES / n / kind).is_file()]
    assert not missing, f"policies without a failing or passing fixture: {missing}"


def test_no_orphan_fixtures() -> None:
    orphans = sorted(d.name for d in FIXTURES.iterdir() if d.is_dir() and d.name not in NAMES)
    assert not orphans, f"fixture folders that name no policy: {orphans}"


def test_every_policy_cites_known_controls() -> None:
    for name, ids in CONTROLS_OF.items():
        assert ids and all(i in BY_ID for i in ids), name


@pytest.mark.parametrize("policy_name", NAMES)
def test_fixture_fail_is_caught(policy_name: str) -> None:
    program = FIXTURES / policy_name / "fail.py"
    if not program.is_file():
        pytest.fail(f"missing {program}")
    messages = _messages(policy_name, program)
    assert messages, f"{policy_name} did not catch {program}"
    for cid in CONTROLS_OF[policy_name]:
        if any(cid in m for m in messages):
            break
    else:
        pytest.fail(f"{policy_name}: no message cites its control ids {CONTROLS_OF[policy_name]}: {messages}")


@pytest.mark.parametrize("policy_name", NAMES)
def test_fixture_pass_is_clean(policy_name: str) -> None:
    program = FIXTURES / policy_name / "pass.py"
    if not program.is_file():
        pytest.fail(f"missing {program}")
    assert _messages(policy_name, program) == []
