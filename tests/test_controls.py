"""The control catalogue is complete, and every control is both built and checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from oke_secure.spec.controls import BY_ID, CONTROLS, get
from tests.conftest import ROOT

CATALOGUE = ROOT.parent / "shared" / "CONTROLS.md"


@pytest.mark.skipif(not CATALOGUE.is_file(), reason="shared/CONTROLS.md is not beside this checkout")
def test_catalogue_matches_shared_controls_md() -> None:
    ids = re.findall(r"^\| ([A-Z]{2,3}-\d+) \|", CATALOGUE.read_text(), flags=re.M)
    assert ids and [c.id for c in CONTROLS] == ids


def test_ids_unique_and_fields_filled() -> None:
    assert len(BY_ID) == len(CONTROLS)
    for c in CONTROLS:
        assert c.title and c.source and c.built_by and c.checked_by, c.id


def test_unknown_id_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="NET-1"):
        get("NET-99")


def test_readme_control_table_is_generated_and_current() -> None:
    from oke_secure.offline.docs import controls_markdown

    readme = (ROOT / "README.md").read_text()
    start, end = "<!-- controls:start -->\n", "<!-- controls:end -->"
    assert start in readme and end in readme, "README lacks the generated control table markers"
    current = readme.split(start, 1)[1].split(end, 1)[0]
    assert current == controls_markdown(), "README control table is stale: run `make readme`"


def test_every_policy_checked_control_is_in_the_catalogue() -> None:
    from oke_secure.policies import controls_checked

    assert controls_checked() <= set(BY_ID)


def test_import_oke_secure_does_not_import_pulumi_oci() -> None:
    import subprocess
    import sys

    code = "import sys, oke_secure, oke_secure.spec, oke_secure.spec.controls; print('pulumi_oci' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(ROOT))
    assert out.stdout.strip() == "False"
