"""Workload secrets from OCI Vault (issue 11): exactly the scoped grant and objects a namespace needs,
read through OKE workload identity, and nothing else reads that vault (IAM-4, AC-2)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from oke_secure.builders import iam_statements as iam
from oke_secure.builders import vault_secrets as vault
from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.evaluate import evaluate
from oke_secure.offline.preview import run_preview
from oke_secure.policies import types as T
from oke_secure.spec import CONFIG_KEY, VaultSecrets, parse_spec
from oke_secure.spec.errors import SpecError
from tests.conftest import ROOT, STACKS, example_spec, violations_of

COMP = "ocid1.compartment.oc1..aaaaaaaaexampleprodcompartment"
VAULT = "ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaaexampleprodsecrets"
READERS = "oke-vault-secrets-readers-declared"
#: A helm/v4 Chart, whose objects a transform can reach (the provider DaemonSet's tolerations).
CHART_TYPE = "kubernetes:helm.sh/v4:Chart"
MIRROR = "eu-frankfurt-1.ocir.io/examplens/mirror"


@pytest.fixture(scope="module")
def cap() -> Capture:
    # both stages: the OCI layer and its Kubernetes stage (stacks/baseline, DEP-3)
    return run_preview(stack="prod-virtual", root=ROOT).capture


def test_read_statements_carry_all_workload_and_vault_conditions() -> None:
    """IAM-4: one statement per secret, with type, namespace, service account, cluster, vault, secret name."""
    out = vault.read_statements(
        "ocid1.compartment.oc1..c", "web", "web-frontend", "ocid1.cluster.oc1..k", VAULT, ["db", "token"]
    )
    assert out[0] == (
        "Allow any-user to read secret-bundles in compartment id ocid1.compartment.oc1..c where all "
        "{request.principal.type = 'workload', request.principal.namespace = 'web', "
        "request.principal.service_account = 'web-frontend', request.principal.cluster_id = "
        f"'ocid1.cluster.oc1..k', target.vault.id = '{VAULT}', target.secret.name = 'db'}}"
    )
    for text in out:
        stmt = iam.parse_statement(text)
        assert stmt is not None and iam.missing_workload_conditions(stmt) == []
        who = vault.reader(stmt)
        assert (who.namespace, who.service_account, who.vault_ids) == ("web", "web-frontend", (VAULT,))


def test_namespace_with_vault_secrets_gets_exactly_its_policy(cap: Capture) -> None:
    """IAM-4: the web-frontend service account gets one statement per declared secret, nothing more."""
    policies = [r for r in cap.by_type(T.IAM_POLICY) if r.name == "prodv-vault-web-web-frontend-policy"]
    (policy,) = policies
    cluster_id = cap.by_type(T.CLUSTER)[0].id
    assert policy.inputs["compartmentId"] == COMP
    assert policy.inputs["statements"] == vault.read_statements(
        COMP, "web", "web-frontend", str(cluster_id), VAULT, ["storefront-db-password", "payment-api-token"]
    )
    # No other policy of the stack mentions the vault.
    others = [r.name for r in cap.by_type(T.IAM_POLICY) if r is not policy and VAULT in str(r.inputs)]
    assert others == []


def test_namespace_with_vault_secrets_gets_its_secret_provider_class(cap: Capture) -> None:
    """AC-2: names only (never a value), the vault, authType workload, the service account, in its namespace;
    created after the CSI driver (its CRD) and the namespace."""
    (spc,) = cap.by_type(T.K8S_SECRET_PROVIDER_CLASS)
    assert spc.inputs["apiVersion"] == "secrets-store.csi.x-k8s.io/v1"
    assert spc.inputs["metadata"]["namespace"] == "web"
    assert spc.inputs["metadata"]["annotations"] == {vault.SERVICE_ACCOUNT_ANNOTATION: "web-frontend"}
    assert spc.inputs["spec"] == {
        "provider": "oci",
        "parameters": {
            "secrets": "- name: storefront-db-password\n  fileName: db-password\n- name: payment-api-token\n",
            "vaultId": VAULT,
            "authType": "workload",
        },
    }
    (driver,) = [r for r in cap.resources if r.type == CHART_TYPE]
    assert driver.urn in spc.dependencies
    assert any(d.endswith("kubernetes:core/v1:Namespace::prodv-baseline-web-ns") for d in spc.dependencies)
    assert any(d.endswith("ServiceAccount::prodv-baseline-web-serviceaccount-web-frontend") for d in spc.dependencies)


def test_csi_driver_uses_workload_identity_only_and_never_syncs_secrets(cap: Capture) -> None:
    """AC-2: no user API key, no instance principal, no copy of the secrets into Kubernetes Secrets."""
    (driver,) = [r for r in cap.resources if r.type == CHART_TYPE]
    assert driver.inputs["chart"] == vault.CHART and driver.inputs["version"] == vault.CHART_VERSION
    assert driver.inputs["namespace"] == "kube-system"
    types = driver.inputs["values"]["provider"]["oci"]["auth"]["types"]
    assert types["workload"]["enabled"] is True
    assert types["user"]["enabled"] is False and types["instance"]["enabled"] is False
    assert driver.inputs["values"]["secrets-store-csi-driver"]["syncSecret"]["enabled"] is False


def test_csi_driver_tolerates_the_pool_of_the_secret_mounting_namespace_only(cap: Capture) -> None:
    """Issue 19 item 7: the web pool is tainted oke-secure.io/workload=web:NoSchedule and its pods mount
    vault secrets, so the driver tolerates exactly that taint (a chart value); no other pool's, no wildcard."""
    (driver,) = [r for r in cap.resources if r.type == CHART_TYPE]
    tolerations = driver.inputs["values"]["secrets-store-csi-driver"]["linux"]["tolerations"]
    assert tolerations == [
        {"key": "oke-secure.io/workload", "operator": "Equal", "value": "web", "effect": "NoSchedule"}
    ]


def test_csi_images_come_from_the_mirror_when_egress_is_off(cap: Capture) -> None:
    """Issue 19 item 7 / NET-4: prod-virtual has no internet egress; every image value of the chart names the
    OCIR mirror with the chart's own tag."""
    (driver,) = [r for r in cap.resources if r.type == CHART_TYPE]
    values = driver.inputs["values"]
    seen = []
    for key, (_repo, tag) in vault.CHART_IMAGES.items():
        node = values
        for part in key.split("."):
            node = node[part]
        assert node["tag"] == tag
        assert node["repository"].startswith(MIRROR + "/"), key
        seen.append(node["repository"].removeprefix(MIRROR + "/"))
    assert "oracle/oci-secrets-store-csi-driver-provider" in seen and "csi-secrets-store/driver" in seen


def test_csi_tolerations_cover_preemptible_and_skip_virtual_pools() -> None:
    spec = example_spec("prod-virtual")
    for pool in spec["node_pools"]:
        if pool["name"] == "web":
            pool["preemptible"] = True
    parsed = parse_spec(spec)
    out = vault.csi_tolerations(parsed.node_pools, parsed.namespaces)
    assert {t["key"] for t in out} == {"oke-secure.io/workload", "oke-secure.io/preemptible"}
    assert all(t["operator"] == "Equal" and t["effect"] == "NoSchedule" for t in out)
    # a namespace on virtual nodes only is refused by the spec; a virtual pool never adds a toleration
    assert "api" not in {t.get("value") for t in out}


def test_provider_daemonset_gets_the_tolerations_the_chart_cannot_set() -> None:
    """oracle/oci-secrets-store-csi-driver-provider issue 38: the provider DaemonSet template has no tolerations
    value; the transform adds them to that DaemonSet alone, once, keeping any it had."""
    tol = [{"key": "oke-secure.io/workload", "operator": "Equal", "value": "web", "effect": "NoSchedule"}]
    ds: dict[str, Any] = {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": vault.PROVIDER_DAEMONSET, "namespace": "kube-system"},
        "spec": {"template": {"spec": {"containers": [{"name": "p", "image": "x"}]}}},
    }
    vault.configure_provider(ds, tol)
    vault.configure_provider(ds, tol)
    assert ds["spec"]["template"]["spec"]["tolerations"] == tol
    other = copy.deepcopy(ds)
    other["metadata"]["name"] = "secrets-store-csi-driver"
    other["spec"]["template"]["spec"].pop("tolerations")
    assert "tolerations" not in vault.configure_provider(other, tol)["spec"]["template"]["spec"]


def test_declared_service_account_still_mounts_no_token(cap: Capture) -> None:
    """WL-5 holds: the CSI driver requests the pod's token itself, so the service account keeps automount off."""
    sas = [r for r in cap.by_type(T.K8S_SERVICE_ACCOUNT) if r.inputs["metadata"]["name"] == "web-frontend"]
    assert [s.inputs["automountServiceAccountToken"] for s in sas] == [False]


def test_no_secret_material_in_stack_outputs(cap: Capture) -> None:
    """AC-2: outputs carry ids only; the kubeconfig is secret; no vault or secret name leaks."""
    for key, out in cap.outputs.items():
        assert VAULT not in str(out.value) and "storefront-db-password" not in str(out.value), key
    assert cap.outputs["kubeconfig"].secret


def test_stack_without_vault_secrets_installs_no_driver() -> None:
    spec = example_spec("prod")
    cap = run_program(STACKS, stack=spec["name"], config={CONFIG_KEY: spec}, region=spec["region"])
    assert cap.by_type(T.K8S_SECRET_PROVIDER_CLASS) == []
    assert not [r for r in cap.resources if r.type == CHART_TYPE]


def test_readers_policy_is_clean_on_the_example_and_catches_a_broad_grant(cap: Capture) -> None:
    """IAM-4: nothing else reads that vault; a compartment-wide secret grant added to the stack is caught."""
    assert violations_of(evaluate(cap.resources), READERS) == []
    resources = copy.deepcopy(cap.resources)
    broad = next(r for r in resources if r.name == "prodv-wi-web-web-frontend-policy")
    broad.inputs["statements"] = [
        *broad.inputs["statements"],
        f"Allow any-user to read secret-bundles in compartment id {COMP} where all "
        "{request.principal.type = 'workload', request.principal.namespace = 'web', "
        "request.principal.service_account = 'web-frontend', "
        "request.principal.cluster_id = 'ocid1.cluster.oc1..k'}",
    ]
    broad.outputs["statements"] = broad.inputs["statements"]  # the provider echoes it: AnalyzeStack reads outputs
    (message,) = violations_of(evaluate(resources), READERS)
    assert "not pinned to the vault" in message and "(IAM-4)" in message


@pytest.mark.parametrize(
    "stmt,reaches",
    [
        ("Allow group id ocid1.group.oc1..a to manage secret-family in tenancy", True),
        ("Allow group id ocid1.group.oc1..a to read secrets in compartment id x", True),
        ("Allow group id ocid1.group.oc1..a to read buckets in compartment id x", False),
        ("Allow group id ocid1.group.oc1..a to inspect secrets in compartment id x", False),
        (
            f"Allow group id ocid1.group.oc1..a to read secret-bundles in compartment id x where target.vault.id = "
            f"'{VAULT}'",
            True,
        ),
        (
            "Allow group id ocid1.group.oc1..a to read secret-bundles in compartment id x where target.vault.id = "
            "'ocid1.vault.oc1..other'",
            False,
        ),
        (
            "Allow group id ocid1.group.oc1..a to read secret-bundles in compartment id x where any "
            "{target.vault.id = 'ocid1.vault.oc1..other', request.user.id = 'u'}",
            True,
        ),
    ],
)
def test_which_statements_reach_a_vault(stmt: str, reaches: bool) -> None:
    parsed = iam.parse_statement(stmt)
    assert parsed is not None
    assert vault.reaches_vault(parsed, VAULT) is reaches


def _spec_with(**entry: Any) -> dict[str, Any]:
    spec = copy.deepcopy(example_spec("prod"))
    web = next(n for n in spec["namespaces"] if n["name"] == "web")
    web["vault_secrets"] = [
        {"service_account": "web-frontend", "vault_id": VAULT, "secrets": [{"name": "db-password"}], **entry}
    ]
    return spec


def test_secret_values_are_refused_by_the_spec() -> None:
    """AC-2: a value in the spec would sit in clear in the stack config and state."""
    with pytest.raises(SpecError) as info:
        parse_spec(_spec_with(secrets=[{"name": "db-password", "value": "hunter2"}]))
    (problem,) = info.value.problems
    assert problem.field.endswith("vault_secrets[0].secrets[0].value") and "(AC-2)" in problem.message


def test_spec_refuses_a_grant_that_would_also_read_the_vault() -> None:
    """IAM-4: a declared secret-family permission without a vault pin would read the declared vault too."""
    spec = _spec_with()
    web = next(n for n in spec["namespaces"] if n["name"] == "web")
    web["workload_identity"][0]["permissions"].append({"verb": "read", "resource": "secret-family"})
    with pytest.raises(SpecError) as info:
        parse_spec(spec)
    assert [p.field for p in info.value.problems] == ["namespaces[2].workload_identity[0].permissions[1]"]
    web["workload_identity"][0]["permissions"][1]["where"] = "target.vault.id = 'ocid1.vault.oc1..other'"
    assert parse_spec(spec).namespaces[2].vault_secrets[0].vault_id == VAULT


def test_secret_provider_class_builder_names_no_value() -> None:
    entry = VaultSecrets.model_validate(
        {
            "service_account": "sa",
            "vault_id": VAULT,
            "secrets": [{"name": "a", "stage": "PREVIOUS"}, {"name": "b", "file_name": "b.txt"}],
        }
    )
    m = vault.secret_provider_class("ns", entry)
    assert m["metadata"]["name"] == "vault-sa"
    assert set(m["spec"]["parameters"]) == {"secrets", "vaultId", "authType"}
    assert m["spec"]["parameters"]["secrets"] == "- name: a\n  stage: PREVIOUS\n- name: b\n  fileName: b.txt\n"
