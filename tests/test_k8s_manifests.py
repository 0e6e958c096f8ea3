"""Pure manifest builders of the Kubernetes baseline (CL-3, CL-5, NET-7, NET-8, NP-6, WL-1 to WL-6)."""

from __future__ import annotations

from typing import Any

import kubernetes_validate
import pytest

from oke_secure.builders import admission
from oke_secure.builders import k8s_manifests as km
from oke_secure.builders.labels import MANAGED_LABEL, PREEMPTIBLE_KEY, TEAM_LABEL, WORKLOAD_KEY
from oke_secure.spec import SYSTEM_NAMESPACES, NamespaceSpec, NodePoolSpec
from oke_secure.spec.errors import SpecError
from tests.test_spec import problems, with_

GROUP = "ocid1.group.oc1..aaaaaaaadevelopers"
USER = "ocid1.user.oc1..aaaaaaaaalice"


def _ns(**extra: Any) -> NamespaceSpec:
    return NamespaceSpec.model_validate({"name": "team-a", "team": "payments", **extra})


def _all_objects(version: str) -> list[dict[str, Any]]:
    ns = _ns(
        groups=[{"id": GROUP, "role": "edit"}, {"id": USER, "role": "view"}, {"id": GROUP, "role": "deploy"}],
        service_accounts=[
            {"name": "app"},
            {"name": "ctl", "automount_token": True, "automount_reason": "the controller watches ConfigMaps"},
        ],
        load_balancers=2,
        tolerate_preemptible=True,
    )
    legacy = NamespaceSpec.model_validate(
        {
            "name": "legacy",
            "team": "ops",
            "pod_security": "baseline",
            "pod_security_reason": "vendor image needs to run as root",
        }
    )
    pools = [NodePoolSpec(name="system", system=True), NodePoolSpec(name="gpu", namespaces=["team-a"])]
    return (
        km.namespace_objects(ns, version, "oke")
        + km.namespace_objects(legacy, version)
        + [km.default_service_account_patch("team-a"), km.break_glass_binding(GROUP)]
        + admission.admission_objects(
            allowed_registries=["eu-frankfurt-1.ocir.io/acme"], pools=pools, public_load_balancer=True
        )
    )


@pytest.mark.parametrize("version", ["v1.30.4", "v1.31.1", "v1.32.1", "v1.33.1"])
def test_every_object_validates_strictly_against_the_cluster_schema(version: str) -> None:
    """WL-1..WL-6: each manifest is valid for the cluster's own Kubernetes version (strict: no unknown fields)."""
    objects = _all_objects(version)
    assert len(objects) > 20
    for manifest in objects:
        kubernetes_validate.validate(manifest, km.schema_version(version), strict=True)


def test_every_object_has_an_explicit_name() -> None:
    for manifest in _all_objects("v1.33.1"):
        assert manifest["metadata"]["name"], manifest


def test_strict_validation_would_catch_a_typo() -> None:
    """The schema check is not vacuous: an unknown field fails."""
    bad = km.default_deny("team-a")
    bad["spec"]["podSelectr"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(bad, "1.33.0", strict=True)


def test_namespace_pod_security_labels_are_restricted_and_pinned_cl3() -> None:
    labels = km.namespace(_ns(), "v1.33.1", "oke")["metadata"]["labels"]
    for mode in km.PSA_MODES:
        assert labels[f"pod-security.kubernetes.io/{mode}"] == "restricted"
        assert labels[f"pod-security.kubernetes.io/{mode}-version"] == "v1.33"
    assert labels[MANAGED_LABEL] == "true" and labels[TEAM_LABEL] == "payments" and labels[km.STACK_LABEL] == "oke"
    assert PREEMPTIBLE_KEY not in labels


def test_baseline_namespace_records_its_reason_cl3() -> None:
    ns = km.namespace(_ns(pod_security="baseline", pod_security_reason="vendor image runs as root"), "v1.31.2")
    labels = ns["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "baseline"
    assert labels["pod-security.kubernetes.io/audit"] == "restricted"
    assert labels["pod-security.kubernetes.io/warn"] == "restricted"
    assert ns["metadata"]["annotations"] == {"oke-secure.io/exception-CL-3": "vendor image runs as root"}


def test_preemptible_opt_in_is_a_namespace_label_np6() -> None:
    assert km.namespace(_ns(tolerate_preemptible=True), "v1.33.1")["metadata"]["labels"][PREEMPTIBLE_KEY] == "true"


def test_network_policies_deny_by_default_and_block_metadata_net7_net8() -> None:
    deny = km.default_deny("team-a")["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    dns = km.dns_egress("team-a")["spec"]["egress"][0]
    assert {(p["protocol"], p["port"]) for p in dns["ports"]} == {("UDP", 53), ("TCP", 53)}
    assert dns["to"][0]["podSelector"] == {"matchLabels": {"k8s-app": "kube-dns"}}
    # no allow-all egress any more: a namespace that declares nothing gets deny + DNS only (NET-8)
    objs = km.namespace_objects(_ns(), "v1.33.1")
    policies = [m for m in objs if m["kind"] == "NetworkPolicy"]
    assert [m["metadata"]["name"] for m in policies] == ["default-deny", "allow-dns-egress"]


def test_declared_egress_only_net8() -> None:
    ns = _ns(
        egress=[
            {"to": "cidr", "cidrs": ["10.50.0.0/24"], "ports": [5432]},
            {"to": "namespace", "namespace": "team-b", "ports": [8080]},
            {"to": "kubernetes-api"},
            {"to": "oracle-services", "cidrs": ["134.70.24.0/21"]},
            {"to": "cidr", "cidrs": ["0.0.0.0/0"], "ports": [443], "reason": "calls a SaaS API with rotating IPs"},
        ]
    )
    policy = km.declared_egress(ns, "10.0.0.0/28")
    assert policy is not None
    rules = policy["spec"]["egress"]
    assert rules[0] == {"to": [{"ipBlock": {"cidr": "10.50.0.0/24"}}], "ports": [{"protocol": "TCP", "port": 5432}]}
    assert rules[1]["to"] == [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "team-b"}}}]
    assert rules[2] == {"to": [{"ipBlock": {"cidr": "10.0.0.0/28"}}], "ports": [{"protocol": "TCP", "port": 6443}]}
    assert rules[3]["ports"] == [{"protocol": "TCP", "port": 443}]
    # the whole internet only with its reason, recorded, and never the metadata address (NET-7)
    assert rules[4]["to"] == [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}}]
    assert policy["metadata"]["annotations"] == {"oke-secure.io/exception-NET-8": "calls a SaaS API with rotating IPs"}


@pytest.mark.parametrize(
    "grant, field",
    [
        ({"to": "cidr", "cidrs": ["0.0.0.0/0"], "ports": [443]}, "reason"),
        ({"to": "cidr", "cidrs": ["10.1.0.0/16"]}, "ports"),
        ({"to": "cidr", "cidrs": ["169.254.0.0/16"], "ports": [80]}, "cidrs"),
        ({"to": "namespace"}, "namespace"),
        ({"to": "oracle-services"}, "cidrs"),
    ],
)
def test_bad_egress_is_refused_net8(grant: dict[str, object], field: str) -> None:
    found = problems(with_("namespaces", [{"name": "team-a", "team": "payments", "egress": [grant]}]))
    assert any(f == f"namespaces[0].egress[0].{field}" for f, _, _ in found), found


def test_kubernetes_api_egress_needs_the_endpoint_cidr_net8() -> None:
    with pytest.raises(SpecError, match="api_endpoint_cidr"):
        km.declared_egress(_ns(egress=[{"to": "kubernetes-api"}]), None)


def test_only_instance_principal_namespaces_get_imds_net7() -> None:
    plain = km.namespace_objects(_ns(), "v1.33.1")
    assert not any(m["metadata"]["name"] == km.METADATA_GRANT for m in plain)
    granted = km.namespace_objects(_ns(), "v1.33.1", instance_principal_reason="fluent-bit uses instance principals")
    (grant,) = [m for m in granted if m["metadata"]["name"] == km.METADATA_GRANT]
    assert grant["spec"]["egress"] == [
        {"to": [{"ipBlock": {"cidr": "169.254.169.254/32"}}], "ports": [{"protocol": "TCP", "port": 80}]}
    ]
    assert grant["metadata"]["annotations"] == {"oke-secure.io/exception-NET-7": "fluent-bit uses instance principals"}


def test_quota_allows_no_load_balancer_unless_declared_wl3() -> None:
    assert km.resource_quota(_ns())["spec"]["hard"]["services.loadbalancers"] == "0"
    assert km.resource_quota(_ns(load_balancers=2))["spec"]["hard"]["services.loadbalancers"] == "2"
    assert km.limit_range("team-a")["spec"]["limits"][0]["type"] == "Container"


def test_roles_have_no_wildcards_and_bind_ocids_wl4() -> None:
    for role_kind in km.ROLE_RULES:
        for rule in km.role(role_kind, "team-a")["rules"]:
            for key in ("apiGroups", "resources", "verbs"):
                assert "*" not in rule[key]
    view = km.role("view", "team-a")["rules"]
    assert not any("secrets" in r["resources"] for r in view), "view must not read secrets"
    group = km.role_binding("edit", GROUP, "team-a")
    user = km.role_binding("view", USER, "team-a")
    assert group["subjects"] == [{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": GROUP}]
    assert user["subjects"][0]["kind"] == "User" and user["subjects"][0]["name"] == USER
    assert group["roleRef"]["name"] == "oke-secure-edit"
    assert km.role_binding_name("edit", GROUP) == km.role_binding_name("edit", GROUP)
    assert km.role_binding_name("edit", GROUP) != km.role_binding_name("edit", USER)


def test_namespace_objects_create_only_the_roles_used_wl4() -> None:
    objs = km.namespace_objects(
        _ns(groups=[{"id": GROUP, "role": "deploy"}, {"id": GROUP, "role": "deploy"}]), "v1.33.1"
    )
    names = km.kinds(objs)
    assert names.count("Role/oke-secure-deploy") == 1 and "Role/oke-secure-edit" not in names
    assert len([n for n in names if n.startswith("RoleBinding/")]) == 1


def test_break_glass_is_the_only_cluster_admin_binding_wl4() -> None:
    crb = km.break_glass_binding(GROUP)
    assert crb["roleRef"]["name"] == "cluster-admin"
    assert crb["subjects"] == [{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": GROUP}]
    assert "oke-secure.io/exception-WL-4" in crb["metadata"]["annotations"]


def test_service_accounts_do_not_automount_unless_declared_wl5() -> None:
    assert km.service_account("team-a", "app", False, None)["automountServiceAccountToken"] is False
    declared = km.service_account("team-a", "ctl", True, "the controller watches ConfigMaps")
    assert declared["automountServiceAccountToken"] is True
    assert declared["metadata"]["annotations"]["oke-secure.io/exception-WL-5"]
    assert km.default_service_account_patch("team-a")["automountServiceAccountToken"] is False


_NS = {"name": "team-a", "team": "payments"}
_GOOD_BASELINE: dict[str, Any] = {
    "kubeconfig": "apiVersion: v1",
    "namespaces": [_NS],
    "node_pools": [{"name": "gpu", "namespaces": ["team-a"]}],
    "kubernetes_version": "v1.33.1",
    "allowed_registries": ["eu-frankfurt-1.ocir.io/examplens"],
    "break_glass_group": GROUP,
}


class _Reached(Exception):
    """Raised instead of registering the component: its arguments passed validation."""


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kubernetes_version": "v1.29.9"}, "kubernetes_version"),
        ({"kubernetes_version": "1.33"}, "kubernetes_version"),
        ({"allowed_registries": []}, "allowed_registries"),
        ({"allowed_registries": ["*"]}, "allowed_registries[0]"),
        ({"break_glass_group": USER}, "break_glass_group"),
        ({"namespaces": [{**_NS, "name": "kube-system"}]}, "namespaces[0].name"),
        ({"namespaces": [_NS, _NS]}, "namespaces"),
        ({"namespaces": [{**_NS, "pod_security": "baseline"}]}, "namespaces[0].pod_security_reason"),
        (
            {"namespaces": [{**_NS, "service_accounts": [{"name": "x", "automount_token": True}]}]},
            "namespaces[0].service_accounts[0].automount_reason",
        ),
        ({"node_pools": [{"name": "gpu", "namespaces": ["nowhere"]}]}, "node_pools[0].namespaces[0]"),
    ],
)
def test_bad_baseline_input_names_the_field_before_any_resource(
    change: dict[str, Any], field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The baseline validates with the spec's own models (the rules live in oke_secure/spec/), and
    refuses before it registers anything."""
    from oke_secure.components.baseline import KubernetesBaseline

    def reached(*args: Any, **kwargs: Any) -> None:
        raise _Reached

    monkeypatch.setattr("pulumi.ComponentResource.__init__", reached)
    with pytest.raises(SpecError) as err:
        KubernetesBaseline("b", {**_GOOD_BASELINE, **change})  # type: ignore[typeddict-item]
    assert field in [p.field for p in err.value.problems]


def test_good_baseline_input_passes_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    from oke_secure.components.baseline import KubernetesBaseline

    def reached(*args: Any, **kwargs: Any) -> None:
        raise _Reached

    monkeypatch.setattr("pulumi.ComponentResource.__init__", reached)
    with pytest.raises(_Reached):
        KubernetesBaseline("b", _GOOD_BASELINE)  # type: ignore[arg-type]


# Admission policies (WL-6) -----------------------------------------------------------------------


def _objects(**kw: Any) -> dict[str, dict[str, Any]]:
    args: dict[str, Any] = {
        "allowed_registries": ["eu-frankfurt-1.ocir.io/acme"],
        "pools": [],
        "public_load_balancer": False,
        **kw,
    }
    return {f"{m['kind']}/{m['metadata']['name']}": m for m in admission.admission_objects(**args)}


def test_every_policy_has_a_deny_binding_wl6() -> None:
    objs = _objects()
    for name in admission.POLICY_NAMES:
        policy = objs[f"ValidatingAdmissionPolicy/{name}"]
        assert policy["spec"]["failurePolicy"] == "Fail"
        bind = objs[f"ValidatingAdmissionPolicyBinding/{name}"]
        assert bind["spec"]["policyName"] == name and bind["spec"]["validationActions"] == ["Deny"]


def _exempt(binding: dict[str, Any]) -> list[str]:
    for e in binding["spec"]["matchResources"]["namespaceSelector"]["matchExpressions"]:
        if e["key"] == km.NAMESPACE_NAME_LABEL:
            return list(e["values"])
    return []


def test_kube_system_is_exempt_wl6() -> None:
    objs = _objects()
    for name in admission.POLICY_NAMES:
        assert "kube-system" in _exempt(objs[f"ValidatingAdmissionPolicyBinding/{name}"])
    assert "default" not in _exempt(objs[f"ValidatingAdmissionPolicyBinding/{admission.IMAGES}"])
    pre = objs[f"ValidatingAdmissionPolicyBinding/{admission.PREEMPTIBLE}"]
    exprs = pre["spec"]["matchResources"]["namespaceSelector"]["matchExpressions"]
    assert {"key": PREEMPTIBLE_KEY, "operator": "NotIn", "values": ["true"]} in exprs


def test_image_policy_names_the_allowed_registries_cl5() -> None:
    spec = _objects(allowed_registries=["eu-frankfurt-1.ocir.io/acme/", "ghcr.io/acme"])[
        f"ValidatingAdmissionPolicy/{admission.IMAGES}"
    ]["spec"]
    exprs = " ".join(v["expression"] for v in spec["validations"])
    assert "@sha256:" in exprs
    assert '["eu-frankfurt-1.ocir.io/acme/", "ghcr.io/acme/"]' in exprs
    resources = {r for rule in spec["matchConstraints"]["resourceRules"] for r in rule["resources"]}
    assert {"pods", "deployments", "statefulsets", "daemonsets", "jobs", "cronjobs"} <= resources


def test_load_balancer_policy_accepts_public_only_when_allowed_wl6() -> None:
    private = _objects()[f"ValidatingAdmissionPolicy/{admission.LOAD_BALANCERS}"]["spec"]["validations"][0]
    public = _objects(public_load_balancer=True)[f"ValidatingAdmissionPolicy/{admission.LOAD_BALANCERS}"]["spec"][
        "validations"
    ][0]
    for annotation in admission.INTERNAL_ANNOTATIONS:
        assert annotation in private["expression"]
    assert "exception-WL-6" not in private["expression"]
    assert "exception-WL-6" in public["expression"]


def test_each_dedicated_pool_admits_only_its_own_namespaces_np1() -> None:
    pools = [
        NodePoolSpec(name="system", system=True),
        NodePoolSpec(name="gpu", namespaces=["ml", "vision"]),
        NodePoolSpec(name="web"),
    ]
    objs = _objects(pools=pools)
    assert f"ValidatingAdmissionPolicy/{admission.pool_policy_name('system')}" not in objs
    gpu = objs[f"ValidatingAdmissionPolicy/{admission.pool_policy_name('gpu')}"]
    assert WORKLOAD_KEY in gpu["spec"]["validations"][0]["expression"]
    assert '"gpu"' in gpu["spec"]["validations"][0]["expression"]
    assert sorted(_exempt(objs[f"ValidatingAdmissionPolicyBinding/{admission.pool_policy_name('gpu')}"])) == [
        "kube-system",
        "ml",
        "vision",
    ]
    assert _exempt(objs[f"ValidatingAdmissionPolicyBinding/{admission.pool_policy_name('web')}"]) == ["kube-system"]


def test_adding_a_pool_changes_no_existing_admission_object_np1() -> None:
    """A new dedicated pool only adds its own policy and binding; nothing existing changes."""
    before = _objects(pools=[NodePoolSpec(name="gpu", namespaces=["ml"])])
    after = _objects(pools=[NodePoolSpec(name="gpu", namespaces=["ml"]), NodePoolSpec(name="web", namespaces=["w"])])
    assert {k: v for k, v in after.items() if k in before} == before
    assert len(after) == len(before) + 2


def test_namespace_policy_requires_labels_and_exception_for_baseline_cl3() -> None:
    spec = _objects()[f"ValidatingAdmissionPolicy/{admission.POD_SECURITY}"]["spec"]
    text = " ".join(v["expression"] for v in spec["validations"])
    for mode in km.PSA_MODES:
        assert f"pod-security.kubernetes.io/{mode}" in text
    assert "oke-secure.io/exception-CL-3" in text
    assert sorted(_exempt(_objects()[f"ValidatingAdmissionPolicyBinding/{admission.POD_SECURITY}"])) == sorted(
        SYSTEM_NAMESPACES
    )
