"""The CIS OKE benchmark as data (issue 16): all 46 recommendations mapped, every "covered" one checked by
a policy with a failing fixture, severities and CIS ids carried into the SDK metadata, SARIF and JSON,
and reports filterable by framework and severity."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from pulumi_policy import PolicyComplianceFramework, Severity

from oke_secure.cli import main
from oke_secure.offline.docs import CIS_END, CIS_START, cis_markdown
from oke_secure.offline.engine import run_program
from oke_secure.offline.evaluate import evaluate
from oke_secure.offline.exporters.json_report import to_json
from oke_secure.offline.exporters.sarif import to_sarif
from oke_secure.offline.selection import filter_report
from oke_secure.policies import POLICIES, _meta
from oke_secure.spec import cis
from oke_secure.spec.controls import BY_ID
from tests.conftest import POLICY_FIXTURES, ROOT

NAMES = {p.name for p in POLICIES}


def test_all_46_recommendations_in_their_sections() -> None:
    ids = [r.id for r in cis.RECOMMENDATIONS]
    assert len(ids) == len(set(ids)) == 46
    # kube-bench cfg/oke-1.7.0: 2 control plane, 14 worker node, 18 policies, 12 managed services
    assert Counter(i.split(".")[0] for i in ids) == {"2": 2, "3": 14, "4": 18, "5": 12}
    assert all(r.assessment in ("Automated", "Manual") and r.status in cis.STATUSES for r in cis.RECOMMENDATIONS)
    # the 31 an IaC library can act on: everything but the 14 node items and the testing process (5.1.1)
    actionable = [r for r in cis.RECOMMENDATIONS if r.status != "runtime only"]
    assert len(actionable) == 31


def test_every_covered_recommendation_names_policies_with_failing_fixtures() -> None:
    for r in cis.RECOMMENDATIONS:
        assert all(c in BY_ID for c in r.controls), r.id
        assert all(p in NAMES for p in r.policies), (r.id, set(r.policies) - NAMES)
        if r.status == "covered":
            assert r.policies and r.controls, f"{r.id} is covered but names no policy"
            for p in r.policies:
                assert (POLICY_FIXTURES / p / "fail.py").is_file(), f"{r.id}: {p} has no failing fixture"
        else:
            assert r.note, f"{r.id} ({r.status}) does not say why"
        if r.status == "runtime only":
            assert r.audit and not r.policies, r.id


def test_gaps_of_the_issue_are_covered_by_the_new_controls() -> None:
    """4.5.3 default namespace, 4.1.2/4.1.4 RBAC, 4.2.x pod specs, 5.4.5 load balancers (WL-7, WL-8, WL-9, NET-10)."""
    expect = {
        "4.5.3": "k8s-default-namespace-locked",
        "4.1.2": "k8s-rbac-sensitive-rights",
        "4.1.4": "k8s-rbac-sensitive-rights",
        "4.2.1": "k8s-pod-security-restricted",
        "4.2.5": "k8s-pod-security-restricted",
        "5.4.5": "k8s-load-balancer-hardened",
    }
    for rid, policy in expect.items():
        assert cis.BY_ID[rid].status == "covered" and policy in cis.BY_ID[rid].policies, rid


def test_policies_carry_severity_and_the_cis_framework_in_sdk_fields() -> None:
    for p in POLICIES:
        assert isinstance(p.severity, Severity), p.name
        ids = cis.for_policy(p.name)
        if ids:
            assert isinstance(p.framework, PolicyComplianceFramework)
            assert (p.framework.name, p.framework.version) == (cis.FRAMEWORK, cis.VERSION)
            assert _meta.cis_ids(p) == ids
        else:
            assert p.framework is None, p.name
    assert set(_meta.SEVERITY) <= NAMES, f"severity table names unknown policies: {set(_meta.SEVERITY) - NAMES}"


def test_readme_cis_table_is_generated_and_current() -> None:
    readme = (ROOT / "README.md").read_text()
    assert CIS_START in readme and CIS_END in readme
    assert readme.split(CIS_START, 1)[1].split(CIS_END, 1)[0] == cis_markdown(), "stale: run `make readme`"


def test_cli_controls_framework_lists_every_recommendation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["controls", "--framework", "cis-oke", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["framework"] == "cis-oke" and len(doc["recommendations"]) == 46
    assert doc["counts"] == cis.counts() and sum(doc["counts"].values()) == 46
    by_id = {r["id"]: r for r in doc["recommendations"]}
    assert by_id["4.5.3"]["policies"] == ["k8s-default-namespace-locked"]
    assert by_id["3.2.1"]["status"] == "runtime only" and "kube-bench" in by_id["3.2.1"]["audit"]


@pytest.fixture(scope="module")
def privileged(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    """A privileged pod by tag in default, a ServiceAccount that mounts its token and egress to IMDS:
    critical (WL-9), high (CL-5, WL-7, NET-7) and medium (WL-5) findings; NET-7 maps to no CIS id."""
    prog = tmp_path_factory.mktemp("cis") / "privileged.py"
    prog.write_text(
        "import pulumi_kubernetes as k8s\n"
        "k8s.core.v1.Pod('debug', metadata={'name': 'debug'}, spec={'containers': [{'name': 'c', "
        "'image': 'busybox:latest', 'securityContext': {'privileged': True}}]})\n"
        "k8s.core.v1.ServiceAccount('ci', metadata={'name': 'ci', 'namespace': 'shop'})\n"
        "k8s.networking.v1.NetworkPolicy('out', metadata={'name': 'out', 'namespace': 'shop'}, spec={"
        "'podSelector': {}, 'policyTypes': ['Egress'], 'egress': [{'to': [{'ipBlock': {'cidr': '0.0.0.0/0'}}]}]})\n"
    )
    cap = run_program(prog, config={})
    return cap, evaluate(cap.resources, POLICIES)


def test_sarif_and_json_carry_severity_and_cis_ids(privileged: tuple[object, object]) -> None:
    cap, report = privileged
    sarif = to_sarif(report, POLICIES, "fail.py", "0")  # type: ignore[arg-type]
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    rule = rules["k8s-pod-security-restricted"]["properties"]
    assert rule["security-severity"] == "9.5" and rule["severity"] == "critical"
    assert "CIS-OKE-4.2.1" in rule["tags"] and "WL-9" in rule["tags"]
    assert rule["frameworks"][0]["name"] == "cis-oke"
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "k8s-pod-security-restricted"]
    assert results and results[0]["properties"]["cis"][:2] == ["4.2.1", "4.2.2"]
    doc = to_json(cap, report)  # type: ignore[arg-type]
    found = [v for v in doc["violations"] if v["policy"] == "k8s-pod-security-restricted"]
    assert found and found[0]["severity"] == "critical" and "4.2.5" in found[0]["cis"]


def test_report_filters_by_framework_and_severity(privileged: tuple[object, object]) -> None:
    _, report = privileged
    all_policies = {v.policy for v in report.violations}  # type: ignore[attr-defined]
    assert all_policies == {
        "k8s-pod-security-restricted",
        "k8s-default-namespace-locked",
        "k8s-images-pinned-by-digest",
        "k8s-service-account-no-automount",
        "k8s-network-policy-blocks-metadata",
    }
    critical, kept = filter_report(report, POLICIES, min_severity="critical")  # type: ignore[arg-type]
    assert {v.policy for v in critical.violations} == {"k8s-pod-security-restricted"}
    assert all(_meta.severity_name(p) == "critical" for p in kept)
    high, _ = filter_report(report, POLICIES, min_severity="high")  # type: ignore[arg-type]
    assert "k8s-service-account-no-automount" not in {v.policy for v in high.violations}
    assert len(high.violations) < len(report.violations)  # type: ignore[attr-defined]
    framework, _ = filter_report(report, POLICIES, framework="cis-oke")  # type: ignore[arg-type]
    assert {v.policy for v in framework.violations} == all_policies - {"k8s-network-policy-blocks-metadata"}
    assert all(cis.for_policy(v.policy) for v in framework.violations)


def test_cli_preview_exit_code_follows_the_selection(tmp_path: Path) -> None:
    """A program whose only finding is medium passes with --min-severity high and fails without it."""
    prog = tmp_path / "sa.py"
    prog.write_text(
        "import pulumi_kubernetes as k8s\n"
        "k8s.core.v1.ServiceAccount('ci', metadata={'name': 'ci', 'namespace': 'shop'})\n"
    )
    assert main(["preview", "--program", str(prog), "--format", "json"]) == 1
    assert main(["preview", "--program", str(prog), "--format", "json", "--min-severity", "high"]) == 0
