"""The KubernetesBaseline component under the offline engine (CL-3, CL-5, NET-7, NET-8, NP-6, WL-1 to WL-6)."""

from __future__ import annotations

from typing import Any

import kubernetes_validate
import pytest

from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.evaluate import evaluate
from oke_secure.policies import POLICIES
from oke_secure.spec.errors import ProgramError, SpecError
from tests.conftest import COMPONENT_PROGRAMS as PROGRAMS

BREAK_GLASS = "ocid1.group.oc1..aaaaaaaabreakglass"


@pytest.fixture(scope="module")
def cap() -> Capture:
    return run_program(PROGRAMS / "baseline_teams.py", config={"break_glass_group": BREAK_GLASS})


def _k8s(cap: Capture) -> list[Any]:
    return [r for r in cap.resources if r.type.startswith("kubernetes:")]


def _manifests(cap: Capture) -> list[dict[str, Any]]:
    return [r.inputs for r in _k8s(cap) if "kind" in r.inputs]


def test_outputs_namespace_names(cap: Capture) -> None:
    assert cap.outputs["namespaces"].value == ["team-a", "team-b"]


def test_own_provider_from_secret_kubeconfig_ac2(cap: Capture) -> None:
    providers = [r for r in cap.resources if r.type == "pulumi:providers:kubernetes"]
    assert len(providers) == 1
    provider = providers[0]
    assert provider.name == "bl-k8s" and provider.parent and provider.parent.endswith("::bl")
    assert "kubeconfig" in provider.secret_inputs
    for r in _k8s(cap):
        assert r.provider and r.provider.startswith(provider.urn), r.name


def test_every_object_has_a_name_and_validates_strictly(cap: Capture) -> None:
    """Done-when of issue 7: every created object validates against the cluster's schema (strict)."""
    manifests = _manifests(cap)
    assert len(manifests) >= 30
    for m in manifests:
        assert m["metadata"]["name"]
        kubernetes_validate.validate(m, "1.33.0", strict=True)


def test_namespaces_and_their_objects_wl1_wl3(cap: Capture) -> None:
    by = {(m["kind"], m["metadata"].get("namespace"), m["metadata"]["name"]): m for m in _manifests(cap)}
    for ns in ("team-a", "team-b"):
        labels = by[("Namespace", None, ns)]["metadata"]["labels"]
        assert labels["pod-security.kubernetes.io/enforce-version"] == "v1.33"
        assert labels["oke-secure.io/stack"] == "oke"
        for kind, name in (
            ("NetworkPolicy", "default-deny"),
            ("NetworkPolicy", "allow-dns-egress"),
            ("ResourceQuota", "oke-secure-quota"),
            ("LimitRange", "oke-secure-limits"),
            ("ServiceAccount", "default"),
        ):
            assert (kind, ns, name) in by, (kind, ns, name)
    assert by[("ResourceQuota", "team-a", "oke-secure-quota")]["spec"]["hard"]["services.loadbalancers"] == "1"
    assert by[("ResourceQuota", "team-b", "oke-secure-quota")]["spec"]["hard"]["services.loadbalancers"] == "0"
    assert ("Role", "team-a", "oke-secure-edit") in by and ("Role", "team-b", "oke-secure-edit") not in by
    # no namespace gets allow-all egress (NET-8)
    assert not [k for k in by if k[0] == "NetworkPolicy" and k[2] == "allow-egress-except-metadata"]


def test_kube_system_is_left_alone(cap: Capture) -> None:
    for m in _manifests(cap):
        assert m["metadata"].get("namespace") != "kube-system"
        assert not (m["kind"] == "Namespace" and m["metadata"]["name"] == "kube-system")


def test_default_namespace_is_locked_down_wl7(cap: Capture) -> None:
    """WL-7: default is patched (it exists), enforces restricted, denies all traffic and admits no pod."""
    patches = [r for r in cap.resources if r.type == "kubernetes:core/v1:NamespacePatch"]
    assert [p.inputs["metadata"]["name"] for p in patches] == ["default"]
    labels = patches[0].inputs["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    assert labels["pod-security.kubernetes.io/enforce-version"] == "v1.33"
    by = {(m["kind"], m["metadata"].get("namespace"), m["metadata"]["name"]): m for m in _manifests(cap)}
    assert by[("NetworkPolicy", "default", "default-deny")]["spec"] == {
        "podSelector": {},
        "policyTypes": ["Ingress", "Egress"],
    }
    assert by[("ResourceQuota", "default", "oke-secure-no-workloads")]["spec"]["hard"]["pods"] == "0"


def test_only_the_break_glass_group_gets_cluster_admin_wl4(cap: Capture) -> None:
    crbs = [m for m in _manifests(cap) if m["kind"] == "ClusterRoleBinding"]
    assert len(crbs) == 1 and crbs[0]["subjects"][0]["name"] == BREAK_GLASS


def test_calico_enforces_network_policy_net8(cap: Capture) -> None:
    calico = [r for r in cap.resources if r.type == "kubernetes:yaml/v2:ConfigFile"]
    assert len(calico) == 1 and calico[0].inputs["file"].endswith("/manifests/calico-policy-only.yaml")


def test_admission_policies_and_bindings_exist_wl6(cap: Capture) -> None:
    kinds = [m["kind"] for m in _manifests(cap)]
    # five cluster-wide policies plus one for the dedicated pool "batch"
    assert kinds.count("ValidatingAdmissionPolicy") == 7 == kinds.count("ValidatingAdmissionPolicyBinding")


def test_children_are_parented_to_components(cap: Capture) -> None:
    components = {r.urn for r in cap.resources if not r.custom}
    for r in _k8s(cap):
        assert r.parent in components, r.name


def test_the_pack_finds_nothing_but_recorded_exceptions(cap: Capture) -> None:
    report = evaluate(cap.resources, POLICIES)
    assert report.violations == []
    waived = {(v.policy, v.name) for v in report.waived}
    assert waived == {
        ("k8s-namespace-pod-security", "bl-team-b-ns"),
        ("k8s-no-cluster-admin-binding", "bl-break-glass"),
        ("k8s-service-account-no-automount", "bl-team-a-serviceaccount-ctl"),
        # WL-8: the 'edit' role reads secrets and creates workloads, as its recorded exception says
        ("k8s-rbac-sensitive-rights", "bl-team-a-role-oke-secure-edit"),
    }


def test_user_provider_is_used_and_none_is_created() -> None:
    cap = run_program(PROGRAMS / "baseline_user_provider.py")
    providers = [r for r in cap.resources if r.type == "pulumi:providers:kubernetes"]
    assert [p.name for p in providers] == ["mine"]
    assert all(r.provider and r.provider.startswith(providers[0].urn) for r in _k8s(cap))
    assert not [m for m in _manifests(cap) if m["kind"] == "ClusterRoleBinding"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cni": "cilium"}, "cni"),
        (
            {"namespaces": [{"name": "team-a", "team": "a", "pod_security": "baseline"}]},
            "namespaces[0].pod_security_reason",
        ),
    ],
)
def test_bad_input_fails_before_any_child_exists(change: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {
        "kubeconfig": "x",
        "kubernetes_version": "v1.33.1",
        "allowed_registries": ["ghcr.io/acme"],
        **change,
    }
    with pytest.raises((SpecError, ProgramError)) as err:
        run_program(PROGRAMS / "baseline_args.py", config={"args": args})
    assert field in str(err.value)
