"""WL-7, WL-8, WL-9 and NET-10 (issue 16): the rules one by one, the builders judged by the Kubernetes
schema and by their own policies, and each control refused on hand-written programs at a first preview
(ids of created resources unknown)."""

from __future__ import annotations

import copy
import json
from typing import Any

import kubernetes_validate
import pytest

from oke_secure.builders import k8s_manifests as km
from oke_secure.builders import load_balancers as lb
from oke_secure.offline.engine import run_program
from oke_secure.offline.evaluate import evaluate
from oke_secure.policies import POLICIES
from oke_secure.policies.load_balancers import load_balancer_problems
from oke_secure.policies.pod_security import restricted_problems
from oke_secure.policies.rbac import forbidden_subjects, sensitive_rights
from tests.conftest import COMPONENT_PROGRAMS as PROGRAMS
from tests.conftest import POLICY_FIXTURES

# WL-9: Pod Security Standards, restricted ---------------------------------------------------------

HARDENED_POD: dict[str, Any] = {
    "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
    "containers": [
        {
            "name": "app",
            "image": "x",
            "securityContext": {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}},
        }
    ],
    "volumes": [{"name": "tmp", "emptyDir": {}}],
}


def _pod(change: dict[str, Any] | None = None, container: dict[str, Any] | None = None) -> dict[str, Any]:
    pod = copy.deepcopy(HARDENED_POD)
    pod.update(change or {})
    pod["containers"][0]["securityContext"].update(container or {})
    return pod


def test_hardened_pod_meets_restricted_wl9() -> None:
    assert restricted_problems(HARDENED_POD, {}) == []


@pytest.mark.parametrize(
    ("change", "container", "expected"),
    [
        ({"hostNetwork": True}, None, "hostNetwork"),
        ({"hostPID": True}, None, "hostPID"),
        ({"hostIPC": True}, None, "hostIPC"),
        (None, {"privileged": True}, "privileged"),
        ({"volumes": [{"name": "r", "hostPath": {"path": "/"}}]}, None, "hostPath"),
        ({"volumes": [{"name": "n", "nfs": {"server": "s", "path": "/"}}]}, None, "type nfs"),
        (None, {"allowPrivilegeEscalation": True}, "allowPrivilegeEscalation"),
        (None, {"runAsUser": 0}, "user 0"),
        (None, {"runAsNonRoot": False}, "runAsNonRoot"),
        (None, {"capabilities": {"drop": ["ALL"], "add": ["SYS_ADMIN"]}}, "SYS_ADMIN"),
        (None, {"capabilities": {"drop": ["NET_RAW"]}}, "drop ALL"),
        (None, {"seccompProfile": {"type": "Unconfined"}}, "seccompProfile"),
        ({"securityContext": {"runAsNonRoot": True}}, None, "seccompProfile"),
        ({"securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "Unconfined"}}}, None, "seccomp"),
        (None, {"procMount": "Unmasked"}, "procMount"),
        (None, {"seLinuxOptions": {"type": "spc_t"}}, "seLinuxOptions.type"),
        (None, {"appArmorProfile": {"type": "Unconfined"}}, "appArmorProfile"),
        (None, {"windowsOptions": {"hostProcess": True}}, "HostProcess"),
        (
            {
                "securityContext": {
                    **HARDENED_POD["securityContext"],
                    "sysctls": [{"name": "kernel.msgmax", "value": "1"}],
                }
            },
            None,
            "sysctl",
        ),
    ],
)
def test_each_restricted_rule_is_enforced_wl9(change: Any, container: Any, expected: str) -> None:
    problems = restricted_problems(_pod(change, container), {})
    assert problems and all(expected in p for p in problems), problems


def test_host_port_and_apparmor_annotation_wl9() -> None:
    pod = _pod()
    pod["containers"][0]["ports"] = [{"containerPort": 80, "hostPort": 80}]
    assert any("hostPort 80" in p for p in restricted_problems(pod, {}))
    bad = {"annotations": {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}}
    assert any("apparmor" in p for p in restricted_problems(_pod(), bad))


def test_init_and_ephemeral_containers_are_checked_and_windows_is_exempt_wl9() -> None:
    pod = _pod()
    pod["initContainers"] = [{"name": "init", "image": "x"}]
    problems = restricted_problems(pod, {})
    assert problems and all("initContainers[0] init" in p for p in problems)
    windows = {"os": {"name": "windows"}, "securityContext": {"runAsNonRoot": True}, "containers": [{"name": "w"}]}
    assert restricted_problems(windows, {}) == []


def test_every_workload_kind_is_judged_wl9() -> None:
    """Pod, and the pod templates of the six controllers, each with a privileged container."""
    cap = run_program(PROGRAMS / "k8s_workload_kinds.py", config={})
    policy = [p for p in POLICIES if p.name == "k8s-pod-security-restricted"]
    report = evaluate(cap.resources, policy)
    assert {v.name for v in report.violations} == {"pod", "dep", "sts", "ds", "rs", "job", "cj"}


# WL-8: sensitive RBAC rights -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"apiGroups": [""], "resources": ["secrets"], "verbs": ["watch"]}, "reads secrets"),
        ({"apiGroups": [""], "resources": ["pods"], "verbs": ["create"]}, "creates pods"),
        ({"apiGroups": ["batch"], "resources": ["cronjobs"], "verbs": ["create"]}, "creates pods"),
        ({"apiGroups": [""], "resources": ["replicationcontrollers"], "verbs": ["create"]}, "creates pods"),
        ({"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["bind"]}, "bind"),
        ({"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles"], "verbs": ["escalate"]}, "escalate"),
        ({"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["impersonate"]}, "impersonate"),
        ({"apiGroups": [""], "resources": ["nodes/proxy"], "verbs": ["get"]}, "nodes/proxy"),
        (
            {
                "apiGroups": ["certificates.k8s.io"],
                "resources": ["certificatesigningrequests/approval"],
                "verbs": ["patch"],
            },
            "certificate signing",
        ),
        ({"apiGroups": ["certificates.k8s.io"], "resources": ["signers"], "verbs": ["approve"]}, "certificate signing"),
        (
            {
                "apiGroups": ["admissionregistration.k8s.io"],
                "resources": ["validatingadmissionpolicies"],
                "verbs": ["delete"],
            },
            "admission",
        ),
        ({"apiGroups": [""], "resources": ["serviceaccounts/token"], "verbs": ["create"]}, "tokens"),
    ],
)
def test_each_sensitive_right_is_found_wl8(rule: dict[str, Any], expected: str) -> None:
    found = sensitive_rights([rule])
    assert len(found) == 1 and expected in found[0], found


def test_harmless_rules_and_the_view_role_pass_wl8() -> None:
    assert sensitive_rights(km.ROLE_RULES["view"]) == []
    assert sensitive_rights([{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "delete"]}]) == []
    assert sensitive_rights([{"apiGroups": [""], "resources": ["nodes"], "verbs": ["get"]}]) == []


def test_deploy_and_edit_roles_carry_their_recorded_exception_wl8() -> None:
    assert any("creates pods" in f for f in sensitive_rights(km.ROLE_RULES["deploy"]))
    assert any("reads secrets" in f for f in sensitive_rights(km.ROLE_RULES["edit"]))
    for kind in ("deploy", "edit"):
        reason = km.role(kind, "web")["metadata"]["annotations"][f"{km.EXCEPTION_PREFIX}WL-8"]
        assert len(reason) >= 10
    assert "annotations" not in km.role("view", "web")["metadata"]


def test_forbidden_subjects_wl8() -> None:
    subjects = [
        {"kind": "Group", "name": "system:masters"},
        {"kind": "Group", "name": "system:unauthenticated"},
        {"kind": "User", "name": "system:anonymous"},
        {"kind": "ServiceAccount", "name": "default", "namespace": "web"},
        {"kind": "ServiceAccount", "name": "ci", "namespace": "web"},
        {"kind": "Group", "name": "ocid1.group.oc1..aaaa"},
    ]
    assert len(forbidden_subjects(subjects)) == 4


# NET-10: load balancers ----------------------------------------------------------------------------


def _service(annotations: dict[str, Any], **spec: Any) -> dict[str, Any]:
    return {
        "metadata": {"name": "web", "annotations": annotations},
        "spec": {"type": "LoadBalancer", "ports": [{"port": 443}], **spec},
    }


HARDENED_ANNOTATIONS = lb.service_annotations(
    lb_nsg_id="ocid1.networksecuritygroup.oc1..lb",
    backend_nsg_id="ocid1.networksecuritygroup.oc1..workers",
    certificate_map_name="web-certs",
    ssl_ports=[443],
)


def test_the_builder_annotations_pass_net10() -> None:
    assert load_balancer_problems(_service(HARDENED_ANNOTATIONS)) == []
    public = {k: v for k, v in HARDENED_ANNOTATIONS.items() if k != lb.INTERNAL_LB}
    assert load_balancer_problems(_service(public, loadBalancerSourceRanges=["203.0.113.0/24"])) == []
    assert json.loads(HARDENED_ANNOTATIONS[lb.LISTENER_SSL_CONFIG])["Protocols"] == ["TLSv1.2", "TLSv1.3"]


@pytest.mark.parametrize(
    ("drop", "override", "spec", "expected"),
    [
        (lb.NSGS_LB, {}, {}, "no NSG"),
        (lb.RULE_MODE, {}, {}, "not managed in NSGs"),
        (None, {lb.RULE_MODE: "SL-All"}, {}, "not managed in NSGs"),
        (lb.BACKEND_NSG, {}, {}, "backend NSG"),
        (None, {}, {"ports": [{"port": 443}, {"port": 80}]}, "port(s) 80"),
        (lb.CERTIFICATE_MAP, {lb.TLS_SECRET: "web-tls"}, {}, "Kubernetes secret"),
        (None, {lb.LISTENER_SSL_CONFIG: '{"CipherSuiteName":"x","Protocols":["TLSv1.1"]}'}, {}, "TLSv1.1"),
        (None, {lb.LISTENER_SSL_CONFIG: '{"CipherSuiteName":"x"}'}, {}, "no Protocols"),
        (lb.LISTENER_SSL_CONFIG, {}, {}, "cipher suite"),
        (lb.INTERNAL_LB, {}, {}, "no loadBalancerSourceRanges"),
        (lb.INTERNAL_LB, {}, {"loadBalancerSourceRanges": ["0.0.0.0/0"]}, "admit anywhere"),
        (
            None,
            {lb.LB_TYPE: "nlb", lb.NSGS_NLB: "ocid1.networksecuritygroup.oc1..lb", lb.INTERNAL_NLB: "true"},
            {},
            "cannot terminate TLS",
        ),
    ],
)
def test_each_load_balancer_rule_net10(drop: str | None, override: dict[str, str], spec: Any, expected: str) -> None:
    annotations = {k: v for k, v in HARDENED_ANNOTATIONS.items() if k != drop}
    annotations.update(override)
    problems = load_balancer_problems(_service(annotations, **spec))
    assert len(problems) == 1 and expected in problems[0], problems


def test_cluster_ip_services_are_not_judged_net10() -> None:
    assert load_balancer_problems({"spec": {"type": "ClusterIP"}}) == []


# Builders under the Kubernetes schema --------------------------------------------------------------


def test_new_manifests_are_valid_kubernetes() -> None:
    objects = [
        *km.default_namespace_objects("v1.33.1"),
        *km.default_namespace_objects("v1.33.1", "a legacy chart installs into default"),
        lb.certificate_map("web-certs", "web", {443: "ocid1.certificate.oc1..aaaa"}),
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "web", "namespace": "web", "annotations": HARDENED_ANNOTATIONS},
            "spec": {"type": "LoadBalancer", "selector": {"app": "web"}, "ports": [{"port": 443, "targetPort": 8443}]},
        },
    ]
    for manifest in objects:
        kubernetes_validate.validate(manifest, "1.33.0", strict=True)


def test_default_namespace_objects_wl7() -> None:
    locked = km.default_namespace_objects("v1.33.1")
    assert [m["kind"] for m in locked] == ["Namespace", "NetworkPolicy", "ResourceQuota"]
    assert locked[0]["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    assert locked[2]["spec"]["hard"]["pods"] == "0"
    opted = km.default_namespace_objects("v1.33.1", "a legacy chart installs into default")
    assert [m["kind"] for m in opted] == ["Namespace", "NetworkPolicy"]
    assert opted[0]["metadata"]["annotations"][f"{km.EXCEPTION_PREFIX}WL-7"].startswith("a legacy")


def test_certificate_map_maps_each_port_to_a_json_list_net10() -> None:
    cm = lb.certificate_map("web-certs", "web", {8443: "ocid1.certificate.oc1..b", 443: "ocid1.certificate.oc1..a"})
    assert cm["data"] == {"443": '["ocid1.certificate.oc1..a"]', "8443": '["ocid1.certificate.oc1..b"]'}


# First preview: the failing fixtures are refused with unknown ids too ------------------------------


@pytest.mark.parametrize(
    "policy",
    [
        "k8s-pod-security-restricted",
        "k8s-rbac-sensitive-rights",
        "k8s-load-balancer-hardened",
        "k8s-default-namespace-locked",
    ],
)
def test_failing_fixture_fails_at_a_first_preview(policy: str) -> None:
    """Under preview semantics every created resource's id and computed outputs are unknown; these
    fixtures are refused from literals alone, so the verdict comes before anything exists."""
    cap = run_program(POLICY_FIXTURES / policy / "fail.py", config={}, mode="first")
    report = evaluate(cap.resources, [p for p in POLICIES if p.name == policy], config={"all": "mandatory"})
    assert report.violations, policy


def test_hardened_load_balancer_with_unknown_nsg_ids_is_not_refused_at_a_first_preview() -> None:
    """The passing NET-10 fixture takes its NSG ids from NSGs it creates: unknown at a first preview, and
    then counted as set (the annotation keys are literal), so the verdict stays 'clean', not 'no verdict'."""
    cap = run_program(POLICY_FIXTURES / "k8s-load-balancer-hardened" / "pass.py", config={}, mode="first")
    report = evaluate(cap.resources, [p for p in POLICIES if p.name == "k8s-load-balancer-hardened"])
    assert report.violations == []


# The hardened load-balancer Service component (NET-10) ---------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [{}, {"public_reason": "the storefront is reached from partner networks", "source_ranges": ["203.0.113.0/24"]}],
)
def test_component_passes_the_pack_internal_and_public_net10(extra: dict[str, Any]) -> None:
    for mode in ("preview", "first"):
        cap = run_program(PROGRAMS / "load_balancer_service.py", config={"overrides": extra}, mode=mode)
        report = evaluate(cap.resources, POLICIES)
        assert report.violations == [], (mode, [v.message for v in report.violations])
    services = [r for r in cap.resources if r.type == "kubernetes:core/v1:Service"]
    configmaps = [r for r in cap.resources if r.type == "kubernetes:core/v1:ConfigMap"]
    assert len(services) == len(configmaps) == 1
    assert services[0].inputs["metadata"]["annotations"][lb.CERTIFICATE_MAP] == configmaps[0].inputs["metadata"]["name"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"public_reason": "partner networks reach it"}, "source_ranges"),
        ({"public_reason": "partners", "source_ranges": ["203.0.113.0/24"]}, "public_reason"),
        ({"public_reason": "partner networks reach it", "source_ranges": ["0.0.0.0/0"]}, "source_ranges[0]"),
        ({"source_ranges": ["10.0.0.1/24"]}, "source_ranges[0]"),
        ({"ports": [{"port": 443}, {"port": 8443}]}, "certificates.8443"),  # replaces the one port of 443
    ],
)
def test_component_bad_input_names_the_field_net10(extra: dict[str, Any], field: str) -> None:
    from oke_secure.spec.errors import SpecError

    with pytest.raises(SpecError) as err:
        run_program(PROGRAMS / "load_balancer_service.py", config={"overrides": extra})
    assert field in [p.field for p in err.value.problems], err.value.problems


@pytest.mark.slow
def test_declared_opt_out_lets_workloads_into_default_wl7() -> None:
    """default_namespace.workloads with a reason: no zero-pod quota, the reason recorded on the namespace,
    and a workload there is accepted; without the declaration the same pod is refused."""
    from tests.conftest import example_spec

    def config(workloads: bool) -> dict[str, Any]:
        spec = example_spec("dev")
        spec["kubernetes_stage"] = "same"  # the baseline in this program (DEP-3: separate by default)
        if workloads:
            spec["default_namespace"] = {"workloads": True, "reason": "a vendor chart hard-codes the default namespace"}
        return {"spec": spec}

    program = PROGRAMS / "stack_with_default_pod.py"
    policy = [p for p in POLICIES if p.name == "k8s-default-namespace-locked"]
    cap = run_program(program, config=config(True))
    patch = next(r for r in cap.resources if r.type == "kubernetes:core/v1:NamespacePatch")
    assert patch.inputs["metadata"]["annotations"][f"{km.EXCEPTION_PREFIX}WL-7"].startswith("a vendor chart")
    quotas = [r.inputs for r in cap.resources if r.type == "kubernetes:core/v1:ResourceQuota"]
    assert quotas and not [q for q in quotas if q["metadata"]["namespace"] == "default"]
    assert evaluate(cap.resources, policy).violations == []
    refused = evaluate(run_program(program, config=config(False)).resources, policy)
    assert {v.name for v in refused.violations} == {"vendor"}
