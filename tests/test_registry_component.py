"""Registry (SC-1, SC-2) and Detection (DT-1) components."""

from __future__ import annotations

from typing import Any

import pytest

from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.evaluate import Report, evaluate
from oke_secure.policies import types as T
from oke_secure.spec.errors import SpecError
from tests.conftest import COMPONENT_PROGRAMS as PROGRAMS

C = "ocid1.compartment.oc1..aaaaaaaaexample"
TENANCY = "ocid1.tenancy.oc1..aaaaaaaatenancy"


def _run(program: str, config: dict[str, Any]) -> tuple[Capture, Report]:
    cap = run_program(PROGRAMS / program, config=config)
    return cap, evaluate(cap.resources)


def test_sc1_sc2_repositories_private_immutable_and_scanned() -> None:
    cap, report = _run(
        "registry_args.py",
        {"args": {"compartment_id": C, "tenancy_id": TENANCY, "registry": {"repositories": ["team/app", "team/web"]}}},
    )
    repos = cap.by_type(T.REPOSITORY)
    repos.sort(key=lambda r: r.name)
    assert [r.inputs["displayName"] for r in repos] == ["team/app", "team/web"]
    assert all(r.inputs["isPublic"] is False and r.inputs["isImmutable"] is True for r in repos)
    (conf,) = cap.by_type(T.CONTAINER_CONFIGURATION)
    assert conf.inputs == {"compartmentId": TENANCY, "isRepositoryCreatedOnFirstPush": False}
    (recipe,) = cap.by_type(T.CONTAINER_SCAN_RECIPE)
    (target,) = cap.by_type(T.CONTAINER_SCAN_TARGET)
    assert target.inputs["containerScanRecipeId"] == recipe.id
    assert target.inputs["targetRegistry"]["repositories"] == ["team/app", "team/web"]
    assert cap.outputs["repository_ids"].value == [r.id for r in repos]  # spec order
    assert report.violations == []


def test_sc1_without_repositories_still_blocks_implicit_creation() -> None:
    cap, _ = _run("registry_args.py", {"args": {"compartment_id": C}})
    assert [r.type for r in cap.resources if r.custom] == [T.CONTAINER_CONFIGURATION]
    assert cap.by_type(T.CONTAINER_CONFIGURATION)[0].inputs["compartmentId"] == C


def test_sc1_bad_repository_name_fails_before_any_resource() -> None:
    with pytest.raises(SpecError):
        _run("registry_args.py", {"args": {"compartment_id": C, "registry": {"repositories": ["Bad Name"]}}})


def test_dt1_cloud_guard_target_on_the_compartment() -> None:
    """Oracle-managed recipes are looked up in the tenancy; explicit recipe ids win; off needs a reason."""
    cap, report = _run("detection_three_ways.py", {"compartment_id": C, "tenancy_id": TENANCY})
    targets = {t.name: t for t in cap.by_type(T.CLOUD_GUARD_TARGET)}
    found, given = targets["found-cloud-guard-target"], targets["given-cloud-guard-target"]
    for t in (found, given):
        assert t.inputs["targetResourceType"] == "COMPARTMENT" and t.inputs["targetResourceId"] == C
    assert len(found.inputs["targetDetectorRecipes"]) == 2
    assert given.inputs["targetDetectorRecipes"] == [
        {"detectorRecipeId": "ocid1.cloudguarddetectorrecipe.oc1..aaaaaaaamine"}
    ]
    assert cap.outputs["ids"].value == [found.id, given.id, None]
    assert report.violations == []


def test_dt1_turning_cloud_guard_off_needs_a_reason() -> None:
    with pytest.raises(SpecError) as err:
        _run("detection_args.py", {"args": {"compartment_id": C, "detection": {"cloud_guard": False}}})
    assert err.value.problems[0].field == "detection.cloud_guard_reason"
