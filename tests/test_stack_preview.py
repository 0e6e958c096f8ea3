"""The example stacks preview clean, and the preview contract holds on a whole stack (issue 3).

One module-scoped preview per example stack is shared by the tests below to keep the suite fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from oke_secure.cli import main
from oke_secure.offline.exporters.plan_json import terraform_type
from oke_secure.offline.preview import PreviewResult, run_preview
from oke_secure.policies import types as T
from tests.conftest import ROOT


@pytest.fixture(scope="module", params=["dev", "prod"])
def preview(request: pytest.FixtureRequest) -> PreviewResult:
    return run_preview(stack=request.param, root=ROOT)


def test_example_stack_has_no_mandatory_violation(preview: PreviewResult) -> None:
    assert preview.report.mandatory == [], [f"{v.policy} {v.name}: {v.message}" for v in preview.report.mandatory]


def test_example_stack_has_no_advisory_violation(preview: PreviewResult) -> None:
    assert preview.report.advisory == [], [f"{v.policy} {v.name}: {v.message}" for v in preview.report.advisory]


def test_every_policy_ran(preview: PreviewResult) -> None:
    from oke_secure.policies import POLICIES

    assert preview.report.policies == [p.name for p in POLICIES]


def test_children_are_parented_to_their_component(preview: PreviewResult) -> None:
    res = preview.capture.resources
    stack = next(r for r in res if r.type == "oke-secure:index:OkeStack")
    urns = {r.urn for r in res}
    # The Kubernetes stage is its own stack (DEP-3): its roots are the provider and the KubernetesBaseline.
    stage_roots = {"pulumi:providers:kubernetes", "oke-secure:index:KubernetesBaseline"}
    for r in res:
        if r is stack or ("::oke-secure-baseline::" in r.urn and r.type in stage_roots):
            continue
        assert r.parent in urns, f"{r.type} {r.name} is not parented inside the OkeStack"


def test_core_shape(preview: PreviewResult) -> None:
    cap = preview.capture
    (cluster,) = cap.by_type(T.CLUSTER)
    assert cluster.inputs["endpointConfig"]["isPublicIpEnabled"] is False
    assert cluster.inputs["type"] == "ENHANCED_CLUSTER"
    assert len(cap.by_type(T.NODE_POOL)) == len(preview.spec.node_pools)  # type: ignore[union-attr]
    assert len(cap.by_type(T.DYNAMIC_GROUP)) == len(preview.spec.node_pools)  # type: ignore[union-attr]
    assert not cap.by_type(T.INTERNET_GATEWAY)
    assert all(v.protect for v in cap.by_type(T.VAULT)) and cap.by_type(T.VAULT)


def test_kubeconfig_output_is_secret_ac2(preview: PreviewResult) -> None:
    out = preview.capture.outputs["kubeconfig"]
    assert out.secret and "apiVersion: v1" in out.value


def test_logical_names_are_prefixed_and_stable(preview: PreviewResult) -> None:
    name = preview.spec.name  # type: ignore[union-attr]
    for r in preview.capture.resources:
        if r.type.startswith("pulumi:providers:"):
            continue
        assert r.name.startswith(name), r.name


@pytest.mark.parametrize("stack", ["prod"])
def test_json_out_contract(
    stack: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code = main(["preview", "--stack", stack, "--format", "json", "--out", str(tmp_path)])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(doc) == {"stack", "mode", "program", "resources", "violations", "deferred", "summary"}
    assert doc["deferred"] == [] and doc["summary"]["deferred"] == 0  # ids known: every check decides
    assert doc["mode"] == "preview" and doc["program"]["unanswered_invokes"] == []
    assert doc["stack"] == stack
    for r in doc["resources"]:
        assert set(r) == {"urn", "type", "name", "id", "parent", "inputs", "dependencies", "protect", "provider"}
    # DEP-1: a reviewer sees where IAM goes: every identity resource names the home-region provider, listed.
    by_urn = {r["urn"]: r for r in doc["resources"]}
    iam = [r for r in doc["resources"] if r["type"].startswith("oci:Identity/")]
    assert iam and all(by_urn[r["provider"]]["inputs"]["region"] == "eu-frankfurt-1" for r in iam)
    assert all(
        r["provider"] == "default" for r in doc["resources"] if r["type"] == "oci:ContainerEngine/cluster:Cluster"
    )
    assert doc["violations"] == []
    assert doc["summary"]["passed"] is True
    provider = [r for r in doc["resources"] if r["type"] == "pulumi:providers:kubernetes"]
    assert all(r["inputs"].get("kubeconfig") == "[secret]" for r in provider)

    docs: list[dict[str, Any]] = [d for d in yaml.safe_load_all((tmp_path / "k8s.yaml").read_text()) if d]
    assert docs and all(d["metadata"]["name"] for d in docs)
    assert any(d["kind"] == "Namespace" for d in docs)

    plan = json.loads((tmp_path / "plan.json").read_text())
    assert plan["terraform_version"]
    resources = plan["planned_values"]["root_module"]["resources"]
    types = {r["type"] for r in resources}
    assert {"oci_containerengine_cluster", "oci_core_subnet", "oci_containerengine_node_pool"} <= types
    cluster = next(r for r in resources if r["type"] == "oci_containerengine_cluster")
    assert cluster["address"] == f"oci_containerengine_cluster.{cluster['name']}"
    assert cluster["values"]["endpoint_config"][0]["is_public_ip_enabled"] is False
    assert (tmp_path / "report.sarif").is_file() and (tmp_path / "report.json").is_file()


def test_terraform_type_names() -> None:
    assert terraform_type("oci:Core/securityList:SecurityList") == "oci_core_security_list"
    assert terraform_type("oci:ContainerEngine/nodePool:NodePool") == "oci_containerengine_node_pool"
    assert terraform_type("oci:CloudGuard/target:Target") == "oci_cloud_guard_target"
    assert terraform_type("kubernetes:core/v1:Namespace") is None


def test_make_preview_default_is_dev(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["preview", "--no-tree"]) == 0
    assert "PASSED" in capsys.readouterr().out
