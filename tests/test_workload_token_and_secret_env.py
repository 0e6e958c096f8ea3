"""WL-5 at the pod level and AC-2's "Secrets as files" (CIS OKE 4.1.6 and 4.4.1), judged on what the
engine sends: values built with the SDK's own ``unknown_checking_proxy`` and sentinels
(pulumi_policy/proxy.py), property dependencies as the engine records them at a first preview.
"""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_policy import PolicyResource, PolicyResourceOptions, ResourceValidationArgs, StackValidationArgs
from pulumi_policy.proxy import UNKNOWN_BOOLEAN_VALUE, unknown_checking_proxy
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE as UNKNOWN

from oke_secure.policies import POLICIES
from oke_secure.policies import types as T
from oke_secure.policies._base import WAIVER_SINK, Deferred, Waiver
from oke_secure.spec import cis

_OPTS = PolicyResourceOptions(False, [], None, [], None, [], None)  # type: ignore[arg-type]
IMAGE = "eu-frankfurt-1.ocir.io/acme/app@sha256:" + "a" * 64


def _res(urn: str, type_: str, props: dict[str, Any], deps: dict[str, list[PolicyResource]] | None = None) -> Any:
    return PolicyResource(type_, unknown_checking_proxy(props), urn, urn, _OPTS, None, None, [], deps or {})


def _policy(name: str) -> Any:
    return next(p for p in POLICIES if p.name == name)


def _deployment(
    pod: dict[str, Any], namespace: Any = "shop", annotations: dict[str, str] | None = None
) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": "api", "namespace": namespace}
    if annotations:
        metadata["annotations"] = annotations
    pod = {"containers": [{"name": "api", "image": IMAGE}], **pod}
    return {"metadata": metadata, "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"spec": pod}}}


def _wl5(resources: list[PolicyResource]) -> tuple[list[tuple[str, str | None]], list[Waiver]]:
    found: list[tuple[str, str | None]] = []
    waivers: list[Waiver] = []
    token = WAIVER_SINK.set(waivers)
    try:
        _policy("k8s-workload-no-token-automount").validate(
            StackValidationArgs(resources, None), lambda m, u=None: found.append((m, u))
        )
    finally:
        WAIVER_SINK.reset(token)
    return found, waivers


def test_wl5_first_preview_unknown_namespace_and_account_name_follow_the_dependencies() -> None:
    """WL-5: names built from a new Namespace and ServiceAccount are unknown; the dependencies decide."""
    ns = _res("ns", T.K8S_NAMESPACE, {"metadata": {"name": UNKNOWN}})
    sa = _res("sa", T.K8S_SERVICE_ACCOUNT, {"metadata": {"name": UNKNOWN, "namespace": UNKNOWN}}, {"metadata": [ns]})
    app = _res(
        "app",
        T.K8S_DEPLOYMENT,
        _deployment({"serviceAccountName": UNKNOWN}, namespace=UNKNOWN),
        {"metadata": [ns], "spec": [sa]},
    )
    found, _ = _wl5([ns, sa, app])
    assert [u for _, u in found] == ["app"] and "WL-5" in found[0][0] and "unset" in found[0][0]

    quiet = _res("sa", T.K8S_SERVICE_ACCOUNT, {"metadata": {"name": UNKNOWN}, "automountServiceAccountToken": False})
    app2 = _res("app", T.K8S_DEPLOYMENT, _deployment({"serviceAccountName": UNKNOWN}), {"spec": [quiet]})
    assert _wl5([quiet, app2]) == ([], [])


def test_wl5_unknown_namespace_of_the_pod_meets_a_literal_one_through_the_namespace_name() -> None:
    """WL-5: the pod takes its namespace from a Namespace output (unknown), its account writes "shop"."""
    ns = _res("ns", T.K8S_NAMESPACE, {"metadata": {"name": "shop"}})
    sa = _res("sa", T.K8S_SERVICE_ACCOUNT, {"metadata": {"name": "app", "namespace": "shop"}})
    app = _res(
        "app", T.K8S_DEPLOYMENT, _deployment({"serviceAccountName": "app"}, namespace=UNKNOWN), {"metadata": [ns]}
    )
    found, _ = _wl5([ns, sa, app])
    assert [u for _, u in found] == ["app"]
    lost = _res("lost", T.K8S_DEPLOYMENT, _deployment({"serviceAccountName": "app"}, namespace=UNKNOWN))
    with pytest.raises(Deferred):  # no dependency to follow: which account it runs as waits for the update
        _wl5([sa, lost])


def test_wl5_pod_value_wins_over_the_account() -> None:
    """WL-5: the pod spec's automountServiceAccountToken takes precedence (Kubernetes docs)."""
    mounting = _res("sa", T.K8S_SERVICE_ACCOUNT, {"metadata": {"name": "app", "namespace": "shop"}})
    off = _res(
        "off", T.K8S_DEPLOYMENT, _deployment({"serviceAccountName": "app", "automountServiceAccountToken": False})
    )
    on_sa_off = _res(
        "sa",
        T.K8S_SERVICE_ACCOUNT,
        {"metadata": {"name": "app", "namespace": "shop"}, "automountServiceAccountToken": False},
    )
    on = _res("on", T.K8S_DEPLOYMENT, _deployment({"serviceAccountName": "app", "automountServiceAccountToken": True}))
    assert _wl5([mounting, off]) == ([], [])
    found, _ = _wl5([on_sa_off, on])
    assert [u for _, u in found] == ["on"] and "sets automountServiceAccountToken: true" in found[0][0]


def test_wl5_unknown_pod_value_is_deferred_never_passed() -> None:
    app = _res("app", T.K8S_DEPLOYMENT, _deployment({"automountServiceAccountToken": UNKNOWN_BOOLEAN_VALUE}))
    with pytest.raises(Deferred) as deferred:
        _wl5([app])
    assert [d.urn for d in deferred.value.items] == ["app"]


@pytest.mark.parametrize(
    ("namespace", "judged"), [("kube-system", False), ("kube-node-lease", False), ("default", True)]
)
def test_wl5_platform_namespaces_exempt_default_is_not(namespace: str, judged: bool) -> None:
    """WL-5: the cluster's add-on namespaces call the API by design; ``default`` holds user workloads (WL-7)."""
    app = _res("app", T.K8S_DAEMON_SET, _deployment({"automountServiceAccountToken": True}, namespace=namespace))
    found, _ = _wl5([app])
    assert bool(found) is judged


def test_wl5_default_account_patch_and_namespace_matching() -> None:
    """WL-5: a pod without an account runs as ``default`` of its namespace; a patch setting the field wins;
    an account of the same name in another namespace is not the pod's."""
    patch = _res(
        "patch",
        T.K8S_SERVICE_ACCOUNT_PATCH,
        {"metadata": {"name": "default", "namespace": "shop"}, "automountServiceAccountToken": False},
    )
    default_sa = _res("default-sa", T.K8S_SERVICE_ACCOUNT, {"metadata": {"name": "default", "namespace": "shop"}})
    elsewhere = _res("other", T.K8S_SERVICE_ACCOUNT, {"metadata": {"name": "default", "namespace": "web"}})
    app = _res("app", T.K8S_STATEFUL_SET, _deployment({}))
    assert _wl5([patch, default_sa, elsewhere, app]) == ([], [])
    found, _ = _wl5([default_sa, app])
    assert [u for _, u in found] == ["app"]
    assert _wl5([elsewhere, app]) == ([], [])  # its own account is not in the program: judged where declared


def test_wl5_exceptions_on_the_workload_or_its_account() -> None:
    """WL-5: a recorded reason on the workload, or on the account that mounts, waives; a short one does not."""
    reason = "leader election needs the API"
    sa = _res(
        "sa",
        T.K8S_SERVICE_ACCOUNT,
        {"metadata": {"name": "op", "namespace": "shop", "annotations": {"oke-secure.io/exception-WL-5": reason}}},
    )
    app = _res("app", T.K8S_DEPLOYMENT, _deployment({"serviceAccountName": "op"}))
    found, waivers = _wl5([sa, app])
    assert found == [] and [w.urn for w in waivers] == ["app"] and reason in waivers[0].reason
    own = _res(
        "own",
        T.K8S_JOB,
        _deployment({"automountServiceAccountToken": True}, annotations={"oke-secure.io/exception-WL-5": reason}),
    )
    short = _res(
        "short",
        T.K8S_JOB,
        _deployment({"automountServiceAccountToken": True}, annotations={"oke-secure.io/exception-WL-5": "needed"}),
    )
    found, waivers = _wl5([own, short])
    assert [u for _, u in found] == ["short"] and [w.urn for w in waivers] == ["own"]


def _ac2(type_: str, props: dict[str, Any]) -> list[str]:
    found: list[str] = []
    args = ResourceValidationArgs(
        resource_type=type_, props=unknown_checking_proxy(props), urn="w", name="w", opts=_OPTS, provider=None
    )
    _policy("k8s-secrets-not-in-env").validate(args, lambda m, u=None: found.append(m))
    return found


def test_ac2_every_container_list_and_both_env_forms() -> None:
    """AC-2 / CIS OKE 4.4.1: secretKeyRef and envFrom.secretRef in init, app and ephemeral containers."""
    pod = {
        "initContainers": [{"name": "i", "envFrom": [{"secretRef": {"name": "s1"}}]}],
        "containers": [
            {
                "name": "c",
                "env": [
                    {"name": "A", "valueFrom": {"secretKeyRef": {"name": "s2", "key": "k"}}},
                    {"name": "B", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k"}}},
                    {"name": "C", "value": "plain"},
                ],
                "envFrom": [{"configMapRef": {"name": "cm"}}],
            }
        ],
        "ephemeralContainers": [{"name": "e", "env": [{"name": "D", "valueFrom": {"secretKeyRef": {"name": "s3"}}}]}],
    }
    found = _ac2(T.K8S_POD, {"metadata": {"name": "p"}, "spec": pod})
    assert len(found) == 3 and all("AC-2" in m for m in found)
    assert [m.split(" ")[2] for m in found] == ["initContainers[0]", "containers[0]", "ephemeralContainers[0]"]
    cron = {"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": pod["containers"]}}}}}}
    assert len(_ac2(T.K8S_CRON_JOB, cron)) == 1


def test_ac2_first_preview_unknown_secret_name_is_still_a_violation() -> None:
    """AC-2: a Secret built in the same program has an unknown name at a first preview; the reference
    itself is known, so the verdict is too."""
    pod = {"containers": [{"name": "c", "envFrom": [{"secretRef": {"name": UNKNOWN}}]}]}
    found = _ac2(T.K8S_DEPLOYMENT, {"metadata": {"name": "d"}, "spec": {"template": {"spec": pod}}})
    assert len(found) == 1 and "(known at update)" in found[0]


def test_ac2_unknown_env_source_defers() -> None:
    pod = {"containers": [{"name": "c", "env": [{"name": "A", "valueFrom": UNKNOWN}]}]}
    with pytest.raises(Deferred):
        _ac2(T.K8S_DEPLOYMENT, {"metadata": {"name": "d"}, "spec": {"template": {"spec": pod}}})


def test_cis_416_and_441_are_covered_by_these_policies() -> None:
    assert cis.BY_ID["4.1.6"].status == "covered" and "k8s-workload-no-token-automount" in cis.BY_ID["4.1.6"].policies
    assert cis.BY_ID["4.4.1"].status == "covered" and "k8s-secrets-not-in-env" in cis.BY_ID["4.4.1"].policies
