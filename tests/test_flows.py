"""Reachability over the captured example stacks (`oke-secure flows`): every flow OKE needs is allowed, and
nothing is open from outside the VCN but declared exceptions (NET-5, AC-1; Oracle contengnetworkconfig.htm)."""

from __future__ import annotations

import copy

import pytest

from oke_secure.cli import main
from oke_secure.offline.flows import REQUIRED, analyse_preview, render
from oke_secure.offline.preview import PreviewResult, run_preview
from oke_secure.policies import types as T
from tests.conftest import ROOT


@pytest.fixture(scope="module", params=["prod", "dev"])
def preview(request: pytest.FixtureRequest) -> PreviewResult:
    return run_preview(stack=request.param, root=ROOT)


def test_every_required_flow_is_allowed_and_nothing_undeclared_is_open(preview: PreviewResult) -> None:
    """prod (VCN-native, NSGs) and dev (flannel, security lists): all required flows, no undeclared opening."""
    assert preview.spec is not None
    result = analyse_preview(preview.capture, preview.spec)
    assert result.blocked == [], render(result)
    assert result.undeclared == [], render(result)
    wanted = {f.name for f in REQUIRED if f.cni in ("both", preview.spec.network.cni)}
    assert {v.flow.name for v in result.verdicts} == wanted


def test_a_removed_rule_blocks_its_flow(preview: PreviewResult) -> None:
    """Cut the worker -> API 6443 rules: the analysis reports that flow blocked (the check can fail)."""
    assert preview.spec is not None
    cap = copy.deepcopy(preview.capture)
    for r in cap.by_type(T.NSG_RULE):
        if "6443" in r.name and "workers" in r.name:
            r.inputs["protocol"] = "17"
    for sl in cap.by_type(T.SECURITY_LIST):
        for key in ("ingressSecurityRules", "egressSecurityRules"):
            sl.inputs[key] = [x for x in sl.inputs.get(key) or [] if (x.get("tcpOptions") or {}).get("min") != 6443]
    result = analyse_preview(cap, preview.spec)
    assert "worker to API server" in {v.flow.name for v in result.blocked}


def test_an_undeclared_opening_is_reported(preview: PreviewResult) -> None:
    """An ingress rule from a CIDR outside the VCN that no spec field declares is reported."""
    assert preview.spec is not None
    cap = copy.deepcopy(preview.capture)
    sl = cap.by_type(T.SECURITY_LIST)[0]
    sl.inputs["ingressSecurityRules"] = [
        *(sl.inputs.get("ingressSecurityRules") or []),
        {"protocol": "6", "source": "203.0.113.0/24", "sourceType": "CIDR_BLOCK", "tcpOptions": {"min": 22, "max": 22}},
    ]
    result = analyse_preview(cap, preview.spec)
    assert [e.source for e in result.undeclared] == ["203.0.113.0/24"]


def test_cli_flows_prod_exit_code(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`oke-secure flows --stack prod` prints the matrix and exits 0."""
    monkeypatch.chdir(ROOT)
    assert main(["flows", "--stack", "prod"]) == 0
    out = capsys.readouterr().out
    assert "Bastion to API server" in out and "BLOCKED" not in out and "UNDECLARED" not in out
