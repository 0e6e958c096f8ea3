"""Reachability over the captured example stacks (`oke-secure flows`): every flow OKE needs is allowed, and
nothing is open from outside the VCN but declared exceptions (NET-5, AC-1; Oracle contengnetworkconfig.htm)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from oke_secure.builders import admission
from oke_secure.builders import load_balancers as lb
from oke_secure.builders.netrules import ROLE_TAG
from oke_secure.cli import main
from oke_secure.offline.flows import REQUIRED, VIRTUAL_LB_FLOWS, analyse, analyse_preview, render
from oke_secure.offline.preview import PreviewResult, run_preview
from oke_secure.policies import types as T
from tests.conftest import ROOT, example_spec
from tests.test_admission_cel import admitted


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


@pytest.mark.slow
def test_the_lb_nsg_assumption_is_enforced_by_admission_net10() -> None:
    """The analysis puts load balancers in the LB NSG; on prod (update mode: ids known) the baseline stage's
    admission policy, bound with Deny, admits a LoadBalancer Service attaching that NSG (with the worker NSG
    as backend) and refuses one attaching the worker NSG or none, so no load balancer sits elsewhere."""
    cap = run_preview(stack="prod", root=ROOT, mode="update").capture
    (policy,) = [
        r.inputs for r in cap.by_type(T.K8S_VAP) if r.inputs["metadata"]["name"] == admission.LOAD_BALANCER_NSGS
    ]
    (binding,) = [
        r.inputs
        for r in cap.by_type(T.K8S_VAP_BINDING)
        if r.inputs["spec"]["policyName"] == admission.LOAD_BALANCER_NSGS
    ]
    assert binding["spec"]["validationActions"] == ["Deny"]
    role = {str((n.inputs.get("freeformTags") or {}).get(ROLE_TAG)): str(n.id) for n in cap.by_type(T.NSG)}

    def service(nsg: str | None) -> dict[str, object]:
        ann = {lb.RULE_MODE: "NSG", lb.BACKEND_NSG: role["workers"], admission.LB_INTERNAL: "true"}
        if nsg:
            ann[lb.NSGS_LB] = nsg
        meta = {"name": "web", "namespace": "web", "annotations": ann}
        return {"kind": "Service", "metadata": meta, "spec": {"type": "LoadBalancer", "ports": [{"port": 443}]}}

    assert admitted(policy, service(role["lb"]))
    assert not admitted(policy, service(role["workers"]))
    assert not admitted(policy, service(None))


@pytest.mark.slow
def test_load_balancers_reach_pods_on_virtual_nodes(tmp_path: Path) -> None:
    """Oracle, "Comparing Virtual Nodes with Managed Nodes": with a namespace of a virtual pool allowed load
    balancers, the stack opens LB -> pods on NodePorts and 10256, and the analysis requires it; the stock
    prod-virtual capture (no such namespace) has no such rule, so requiring the flows there reports them
    blocked (the check can fail)."""
    stock = run_preview(stack="prod-virtual", root=ROOT)
    assert stock.spec is not None
    names = {f.name for f in VIRTUAL_LB_FLOWS}
    strict = analyse(
        stock.capture, cni="vcn-native", vcn_cidrs=[stock.spec.network.vcn_cidr], declared={}, virtual_lb=True
    )
    assert {v.flow.name for v in strict.blocked} == names
    data = copy.deepcopy(example_spec("prod-virtual"))
    for ns in data["namespaces"]:
        if ns["name"] == "api":
            ns["load_balancers"] = 1
    path = tmp_path / "Pulumi.prod-virtual.yaml"
    path.write_text(yaml.safe_dump({"config": {"oci:region": data["region"], "oke-secure:spec": data}}))
    result = run_preview(spec_file=path, root=ROOT)
    assert result.spec is not None
    analysis = analyse_preview(result.capture, result.spec)
    assert names <= {v.flow.name for v in analysis.verdicts}
    assert analysis.blocked == [], render(analysis)
