"""Programs written the way other people write them run through the offline preview (issue 15).

The corpus lives in tests/programs/<name>/ (Pulumi.yaml, __main__.py, helper modules, stack files,
local YAML); each has an expect.yaml: the exit code, the control ids its mandatory violations must
include (the insecure patterns it was written with), and text its notes/stdout/stderr must contain.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from oke_secure.cli import main
from tests.conftest import ROOT

PROGRAMS = Path(__file__).resolve().parent / "programs"
CORPUS = sorted(p for p in PROGRAMS.iterdir() if (p / "__main__.py").is_file())


def _preview(capsys: pytest.CaptureFixture[str], program: str, *extra: str) -> tuple[int, dict[str, Any]]:
    code = main(["preview", "--program", program, "--format", "json", *extra])
    out = capsys.readouterr().out
    return code, json.loads(out)  # exactly one JSON document on stdout, whatever the program printed


def _normal(doc: dict[str, Any]) -> dict[str, Any]:
    """The report with resources and violations in URN order: registration order is concurrent."""
    return {
        **doc,
        "resources": sorted(doc["resources"], key=lambda r: r["urn"]),
        "violations": sorted(doc["violations"], key=lambda v: (v["policy"], v["urn"] or "", v["message"])),
    }


def test_corpus_is_large_and_mixed() -> None:
    expects = [yaml.safe_load((p / "expect.yaml").read_text()) for p in CORPUS]
    assert len(CORPUS) >= 15
    assert sum(e["exit"] == 0 for e in expects) >= 3 and sum(e["exit"] == 1 for e in expects) >= 10


@pytest.mark.slow  # about 1.5 s per program, run three times each
@pytest.mark.parametrize("program", CORPUS, ids=[p.name for p in CORPUS])
def test_program_runs_offline_with_the_expected_verdict_from_any_folder(
    program: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expect = yaml.safe_load((program / "expect.yaml").read_text())
    monkeypatch.chdir(ROOT)
    code, doc = _preview(capsys, str(program.relative_to(ROOT)))
    assert code == expect["exit"], doc["violations"]
    mandatory = {c for v in doc["violations"] if v["enforcement"] == "mandatory" for c in v["controls"]}
    assert set(expect["controls"]) <= mandatory
    if expect["exit"] == 0:
        assert mandatory == set()
    notes = " ".join(doc["program"]["notes"])
    for text in expect.get("notes", []):
        assert text in notes
    for stream in ("stdout", "stderr"):
        for text in expect.get(stream, []):
            assert text in doc["program"][stream]
    # The same report whichever folder oke-secure starts from (the program runs in its project folder).
    monkeypatch.chdir(tmp_path)
    code_elsewhere, doc_elsewhere = _preview(capsys, str(program))
    assert (code_elsewhere, _normal(doc_elsewhere)) == (code, _normal(doc))
    # A FIRST preview (ids and computed outputs unknown) reaches the same verdict on the same controls.
    code_first, doc_first = _preview(capsys, str(program), "--preview-mode", "first")
    assert doc_first["mode"] == "first" and code_first == expect["exit"]
    first = {c for v in doc_first["violations"] if v["enforcement"] == "mandatory" for c in v["controls"]}
    assert set(expect["controls"]) <= first
