"""Bad input stops before anything exists (issue 8): one YAML spec per validation rule in
``tests/bad_inputs/``, each naming the rule it breaks and the field the error must name.

For every file, ``oke-secure preview --spec FILE`` exits 2 with a message naming the field and a
``Fix:``, prints no traceback, and never runs the program (so no resource is registered). A
completeness check traces the validator while the corpus runs and fails if a rule in
any module of the ``oke_secure/spec/`` package (every ``Problem(...)``, every ``raise`` in a
``_check_*`` field validator and in ``cidr.parse``) is not exercised by some file: a new rule needs a new corpus file.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import oke_secure.spec
import oke_secure.spec.cidr
from oke_secure.cli import main
from oke_secure.offline.preview import run_preview
from oke_secure.spec import _FIXES, parse_spec
from oke_secure.spec.errors import SpecError
from tests.conftest import ROOT

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
FILES = sorted(CORPUS.glob("*.yaml"))
_FIELD_RE = re.compile(r"^# Expected field: (.+)$", re.MULTILINE)
_RULE_RE = re.compile(r"^# Breaks: (.+)$", re.MULTILINE)


def expected_fields(path: Path) -> list[str]:
    """The fields the file's header says the error must name."""
    return _FIELD_RE.findall(path.read_text())


@pytest.fixture
def no_program(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Replace the program runner: any call is recorded (and fails), so a bad spec provably creates nothing."""
    calls: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        calls.append((args, kwargs))
        raise AssertionError("run_program was called for a bad spec: resources would have been registered")

    monkeypatch.setattr("oke_secure.offline.preview.run_program", refuse)
    return calls


def test_corpus_is_well_formed() -> None:
    assert len(FILES) >= 60
    for path in FILES:
        text = path.read_text()
        assert _RULE_RE.search(text), f"{path.name}: no '# Breaks:' comment naming the rule"
        assert expected_fields(path), f"{path.name}: no '# Expected field:' comment"
        if path.name not in {"missing-name.yaml", "not-a-mapping.yaml", "not-yaml.yaml"}:
            # `name` is required (issue 17): without it the cross-section rules never run.
            assert re.search(r"^name:", text, re.M), f"{path.name}: add `name: dev` (the spec's name is required)"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_bad_spec_exits_2_naming_the_field_and_the_fix(
    path: Path, no_program: list[Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code = main(["preview", "--spec", str(path)])
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert "Traceback" not in captured.err + captured.out
    for field in expected_fields(path):
        assert field in captured.err, f"{path.name}: the message does not name {field!r}:\n{captured.err}"
    assert "Fix:" in captured.err
    assert no_program == []


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_problem_names_a_field_and_a_fix(path: Path, no_program: list[Any]) -> None:
    with pytest.raises(SpecError) as info:
        run_preview(spec_file=path, root=ROOT)
    problems = info.value.problems
    fields = [p.field for p in problems]
    for field in expected_fields(path):
        assert field in fields, f"{path.name}: expected a problem on {field!r}, got {fields}"
    assert all(p.fix.strip() and p.message.strip() for p in problems)
    assert no_program == []


def test_a_non_mapping_spec_is_refused_by_the_python_api() -> None:
    """``parse_spec`` itself refuses a non-mapping (the CLI path stops earlier, in load_spec_file)."""
    with pytest.raises(SpecError) as info:
        parse_spec(["tenancy_id"])
    assert info.value.problems[0].field == "spec"


# Completeness: every rule of the validator is broken by at least one corpus file ---------------


def _rule_lines(module_file: str, raise_in: re.Pattern[str]) -> dict[int, str]:
    """Line -> description of each ``Problem(...)`` call and each ``raise`` in functions matching ``raise_in``."""
    tree = ast.parse(Path(module_file).read_text())
    out: dict[int, str] = {}
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        for node in ast.walk(fn):
            is_problem = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Problem"
            is_raise = isinstance(node, ast.Raise) and bool(raise_in.match(fn.name)) and node.exc is not None
            if (is_problem or is_raise) and isinstance(node, ast.stmt | ast.expr):
                out[node.lineno] = f"{fn.name}: {ast.unparse(node)[:90]}"
    return out


class _LineTracer:
    def __init__(self, files: set[str]) -> None:
        self.files = files
        self.hit: set[tuple[str, int]] = set()

    def __call__(self, frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename not in self.files:
            return None
        return self._local

    def _local(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            self.hit.add((frame.f_code.co_filename, frame.f_lineno))
        return self._local

    def __enter__(self) -> _LineTracer:
        sys.settrace(self)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(None)


def _corpus_problems() -> Iterator[SpecError]:
    for path in FILES:
        try:
            run_preview(spec_file=path, root=ROOT)
        except SpecError as exc:
            yield exc


#: Rules that no spec *file* can reach, with the reason.
_UNREACHABLE_FROM_FILES = {
    "parse_spec": "load_spec_file refuses a non-mapping first; parse_spec's own check is tested directly above",
}


def test_stack_file_and_override_rules(tmp_path: Path) -> None:
    """The input rules of stack files and ``--set`` (spec/stackfile.py), which no spec file can reach."""
    from oke_secure.spec.stackfile import apply_overrides, load_spec_file, load_stack_config

    cases: list[tuple[Any, str, str]] = []
    bad_config = tmp_path / "Pulumi.bad.yaml"
    bad_config.write_text("config: [1, 2]\n")
    cases.append((lambda: load_stack_config(bad_config), "config", "'config' is not a mapping"))
    bad_spec = tmp_path / "Pulumi.spec.yaml"
    bad_spec.write_text("config:\n  oke-secure:spec: [1]\n")
    cases.append((lambda: load_stack_config(bad_spec), "oke-secure:spec", "the spec is not a mapping"))
    cases.append((lambda: load_spec_file(tmp_path / "absent.yaml"), "--spec", "does not exist"))
    cases.append((lambda: apply_overrides({}, ["novalue"]), "--set novalue", "expected PATH=VALUE"))
    cases.append(
        (lambda: apply_overrides({"node_pools": []}, ["node_pools.3.size=1"]), "node_pools.3.size", "cannot reach")
    )
    for call, field, message in cases:
        with pytest.raises(SpecError) as info:
            call()
        (problem,) = info.value.problems
        assert problem.field == field and message in problem.message and problem.fix


#: Every module of the spec package (the tracer reads them all, so a rule cannot hide in a new module),
#: but ``stackfile.py``: its rules are on project and stack files (Pulumi.yaml, Pulumi.<stack>.yaml,
#: --set), which a spec file cannot reach; they are tested with such files (tests/test_cli.py,
#: tests/test_engine*.py, test_stack_file_and_override_rules below).
SPEC_MODULES = sorted(str(p) for p in Path(oke_secure.spec.__file__).parent.glob("*.py") if p.name != "stackfile.py")


def test_every_validation_rule_is_broken_by_a_corpus_file(no_program: list[Any]) -> None:
    raise_in = re.compile(r"^(_check_\w+|parse)$")
    targets = {(f, line): what for f in SPEC_MODULES for line, what in _rule_lines(f, raise_in).items()}
    targets = {k: v for k, v in targets.items() if v.split(":")[0] not in _UNREACHABLE_FROM_FILES}
    assert len(targets) >= 50  # the validator really was found
    assert {Path(f).name for f, _ in targets} >= {"network.py", "node_pools.py", "namespaces.py", "stack.py", "cidr.py"}
    with _LineTracer(set(SPEC_MODULES)) as tracer:
        errors = list(_corpus_problems())
    assert len(errors) == len(FILES)
    missing = [
        f"{Path(f).name}:{line} {what}" for (f, line), what in sorted(targets.items()) if (f, line) not in tracer.hit
    ]
    assert missing == [], "rules no corpus file breaks:\n" + "\n".join(missing)


def test_every_tailored_pydantic_fix_is_exercised(no_program: list[Any]) -> None:
    """Each pydantic error type with a written fix (``spec._FIXES``) appears for some corpus file."""
    fixes = {p.fix for exc in _corpus_problems() for p in exc.problems}
    missing = [kind for kind, fix in _FIXES.items() if fix not in fixes]
    assert missing == []
