"""The Kubernetes layer as its own stage (DEP-3): the OCI stack exports, stacks/baseline reads by
StackReference, and a Kubernetes provider built from the private cluster in the same stack is refused."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from oke_secure.builders import admission
from oke_secure.offline.evaluate import evaluate
from oke_secure.offline.preview import run_preview
from oke_secure.policies import POLICIES
from oke_secure.policies import types as T
from tests.conftest import ROOT, example_spec

STAGE = "::oke-secure-baseline::"


def test_prod_runs_in_two_stages_and_the_second_reads_the_first() -> None:
    """DEP-3: no Kubernetes object in the cluster stack; the baseline stack's provider uses the cluster stack's
    kubeconfig output (a runner in the VCN) read through the StackReference (update mode: concrete values)."""
    cap = run_preview(stack="prod", root=ROOT, mode="update").capture
    oci_stage = [r for r in cap.resources if STAGE not in r.urn]
    k8s_stage = [r for r in cap.resources if STAGE in r.urn]
    assert not [r for r in oci_stage if r.type.startswith("kubernetes:") or r.type == T.K8S_PROVIDER]
    assert {r.type for r in k8s_stage if r.type.startswith("kubernetes:")} >= {T.K8S_NAMESPACE, T.K8S_NETWORK_POLICY}
    (provider,) = [r for r in k8s_stage if r.type == T.K8S_PROVIDER]
    assert provider.inputs["kubeconfig"] == cap.outputs["kubeconfig"].value
    for key in ("api_subnet_id", "private_endpoint", "lb_nsg_id", "worker_nsg_id", "bastion_id", "region"):
        assert key in cap.outputs, key
    # NET-10: the stage's admission policy requires the cluster stack's NSGs, read by StackReference
    nsg_policy = _nsg_policy(k8s_stage)
    assert _quoted(cap.outputs["lb_nsg_id"].value) in nsg_policy[1]["expression"]
    assert _quoted(cap.outputs["worker_nsg_id"].value) in nsg_policy[2]["expression"]


def _nsg_policy(resources: list[Any]) -> list[dict[str, Any]]:
    """The validations of the load-balancer NSG admission policy (NET-10) among ``resources``."""
    (policy,) = [
        r.inputs["spec"]["validations"]
        for r in resources
        if r.type == T.K8S_VAP and r.inputs["metadata"]["name"] == admission.LOAD_BALANCER_NSGS
    ]
    return list(policy)


def _quoted(ocid: str) -> str:
    """An OCID as the policy's RE2 writes it."""
    assert ocid.startswith("ocid1.networksecuritygroup."), ocid
    return ocid.replace(".", "[.]")


@pytest.mark.slow
def test_tunnel_kubeconfig_file_is_used(tmp_path: Path) -> None:
    """DEP-3: with kubeconfig_file (the tunnel kubeconfig), the baseline talks to the local tunnel end."""
    kubeconfig = tmp_path / "tunnel.yaml"
    kubeconfig.write_text("apiVersion: v1\nkind: Config\nclusters: []\n")
    stage = ROOT / "stacks" / "baseline"
    stack_file = stage / "Pulumi.prod.yaml"
    original = stack_file.read_text()
    data = yaml.safe_load(original)
    data["config"]["oke-secure-baseline:kubeconfig_file"] = str(kubeconfig)
    try:
        stack_file.write_text(yaml.safe_dump(data))
        cap = run_preview(stack="prod", root=ROOT).capture
    finally:
        stack_file.write_text(original)
    (provider,) = [r for r in cap.resources if r.type == T.K8S_PROVIDER]
    assert provider.inputs["kubeconfig"] == kubeconfig.read_text()


@pytest.mark.slow
def test_tunnel_kubeconfig_from_the_environment_as_make_passes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DEP-3: `make up-baseline KUBECONFIG_FILE=...` passes the tunnel kubeconfig as OKE_SECURE_KUBECONFIG_FILE,
    so the tracked stack file is never rewritten with a machine-local path."""
    kubeconfig = tmp_path / "tunnel.yaml"
    kubeconfig.write_text("apiVersion: v1\nkind: Config\nclusters: []\n# from the environment\n")
    monkeypatch.setenv("OKE_SECURE_KUBECONFIG_FILE", str(kubeconfig))
    cap = run_preview(stack="prod", root=ROOT).capture
    (provider,) = [r for r in cap.resources if r.type == T.K8S_PROVIDER]
    assert provider.inputs["kubeconfig"] == kubeconfig.read_text()


@pytest.mark.slow
def test_same_stage_on_a_private_cluster_is_refused(tmp_path: Path) -> None:
    """DEP-3: kubernetes_stage: same builds the baseline in the cluster stack, and the pack refuses it
    (oke-kubernetes-stage-reachable) unless the stack really runs in the VCN and disables that policy."""
    spec = copy.deepcopy(example_spec("dev"))
    spec["kubernetes_stage"] = "same"
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(yaml.safe_dump({"config": {"oci:region": spec["region"], "oke-secure:spec": spec}}))
    result = run_preview(spec_file=path, root=ROOT)
    assert [r for r in result.capture.resources if r.type == T.K8S_NAMESPACE]
    # NET-10: in the same stage the policy takes the network's NSG ids directly
    nsgs = {r.name: str(r.id) for r in result.capture.resources if r.type == T.NSG}
    validations = _nsg_policy(result.capture.resources)
    assert _quoted(nsgs["dev-network-lb-nsg"]) in validations[1]["expression"]
    assert _quoted(nsgs["dev-network-workers-nsg"]) in validations[2]["expression"]
    # DEP-2, NET-10: the baseline (where LoadBalancer Services are admitted) waits for the cluster's NSG policy
    by_name = {r.name: r for r in result.capture.resources}
    assert by_name["dev-cluster-lb-nsgs"].urn in by_name["dev-baseline"].dependencies
    policy = [p for p in POLICIES if p.name == "oke-kubernetes-stage-reachable"]
    report = evaluate(result.capture.resources, policy)
    assert report.violations and "DEP-3" in report.violations[0].message
