"""HumanAccess (IAM-2) and WorkloadIdentity (IAM-4) under the offline engine, and the IAM policies on
hand-written programs (IAM-2, IAM-3, IAM-4)."""

from __future__ import annotations

from typing import Any

import pytest

from oke_secure.builders import iam_statements as iam
from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.evaluate import Report, evaluate
from oke_secure.policies import types as T
from oke_secure.spec.errors import SpecError
from tests.conftest import COMPONENT_PROGRAMS as PROGRAMS

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"


def _run(program: str, config: dict[str, Any] | None = None) -> tuple[Capture, Report]:
    cap = run_program(PROGRAMS / program, config=config or {})
    return cap, evaluate(cap.resources)


def test_humans_get_use_clusters_only_iam2() -> None:
    cap, report = _run("iam_humans_and_workload.py")
    policies = {p.name: p for p in cap.by_type(T.IAM_POLICY)}
    users = policies["users-policy"]
    assert users.inputs["compartmentId"] == COMP and users.inputs["name"] == "prod-cluster-users"
    assert users.inputs["statements"] == [
        f"Allow group id ocid1.group.oc1..aaaaaaaadevs to use clusters in compartment id {COMP}",
        f"Allow group id ocid1.group.oc1..aaaaaaaaops to use clusters in compartment id {COMP}",
    ]
    assert "nobody-policy" not in policies and cap.outputs["nobody_policy"].value is None
    assert cap.outputs["users_policy"].value == users.id
    # workload identity: all four conditions on every statement, the declared condition inside the same all {}
    cluster = cap.by_type(T.CLUSTER)[0].id
    shipper = policies["shipper-policy"]
    assert shipper.inputs["name"] == "prod-logging-shipper"
    for text in shipper.inputs["statements"]:
        stmt = iam.parse_statement(text)
        assert stmt is not None and iam.missing_workload_conditions(stmt) == []
        assert stmt.where is not None and stmt.where.values("request.principal.cluster_id") == [cluster]
    assert shipper.inputs["statements"][1].endswith("target.bucket.name = 'logs'}")
    mine = {"oke-iam-no-broad-grants", "oke-workload-identity-conditions"}
    assert [v for v in report.violations if v.policy in mine] == []


def test_workload_identity_rejects_bad_names_iam4() -> None:
    with pytest.raises(SpecError) as err:
        _run("iam_humans_and_workload.py", {"workload_namespace": "Logging_NS"})
    (problem,) = err.value.problems
    assert problem.field == "namespace" and "should match pattern" in problem.message and problem.fix


def test_iam_policies_catch_a_hand_written_program_iam3_iam4() -> None:
    _, report = _run("iam_hand_written.py")
    by_policy: dict[str, list[str]] = {}
    for v in report.violations:
        by_policy.setdefault(v.policy, []).append(f"{v.name}: {v.message}")
    scoped = by_policy["oke-dynamic-group-scoped"]
    assert any(m.startswith("nodes:") and "every instance in the compartment" in m and "(IAM-3)" in m for m in scoped)
    assert any(m.startswith("any:") and "ANY" in m for m in scoped)
    (shared,) = by_policy["oke-dynamic-group-not-shared"]
    assert "2 node pools (a, b)" in shared and "(IAM-3)" in shared
    (tenancy,) = by_policy["oke-iam-no-broad-grants"]
    assert "in the whole tenancy" in tenancy and "(IAM-3)" in tenancy
    wi = by_policy["oke-workload-identity-conditions"]
    assert len(wi) == 2 and all("(IAM-4)" in m for m in wi)
    assert any("every principal" in m for m in wi)
