"""Policies decide under first-preview unknowns (issue 14): what the engine sends during a first
``pulumi preview`` (ids and values built on them unknown, literals known) never aborts a policy
wholesale; a known insecure literal is still a mandatory verdict; what cannot be decided is listed as
decided at update, with its reason.

The values are built with the SDK's own ``unknown_checking_proxy`` and sentinels (pulumi_policy/proxy.py),
so a policy here reads exactly what it reads under the real analyzer.
"""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_policy import PolicyResource, PolicyResourceOptions, StackValidationArgs
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE as UNKNOWN
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy

from oke_secure.offline.engine import CapturedResource, run_program
from oke_secure.offline.evaluate import evaluate
from oke_secure.policies import POLICIES
from oke_secure.policies import types as T
from oke_secure.policies._base import Deferred, StackIndex, peek, present
from tests.conftest import POLICY_FIXTURES

_OPTS = PolicyResourceOptions(False, [], None, [], None, [], None)  # type: ignore[arg-type]


def _res(urn: str, type_: str, props: dict[str, Any], deps: dict[str, list[PolicyResource]] | None = None) -> Any:
    return PolicyResource(type_, unknown_checking_proxy(props), urn, urn, _OPTS, None, None, [], deps or {})


def _policy(name: str) -> Any:
    return next(p for p in POLICIES if p.name == name)


def test_index_is_built_over_unknown_ids_and_refs_follow_property_dependencies_first() -> None:
    subnet = _res("sub", T.SUBNET, {"id": UNKNOWN, "prohibitPublicIpOnVnic": False})
    pool = _res(
        "pool",
        T.NODE_POOL,
        {"id": UNKNOWN, "nodeConfigDetails": {"placementConfigs": [{"subnetId": UNKNOWN}]}},
        {"nodeConfigDetails": [subnet]},
    )
    index = StackIndex([subnet, pool])  # reading ids through the proxy would raise here
    assert [r.urn for r in index.refs(pool, "nodeConfigDetails", T.SUBNET)] == ["sub"]


def test_a_known_id_inside_the_sdks_list_proxy_is_matched_without_dependencies() -> None:
    # NET-2/NET-6: a pool whose subnet id is known (a lookup, or an existing stack) but sits in a list.
    subnet = _res("sub", T.SUBNET, {"id": "ocid1.subnet.oc1..w"})
    pool = _res("pool", T.NODE_POOL, {"nodeConfigDetails": {"placementConfigs": [{"subnetId": "ocid1.subnet.oc1..w"}]}})
    assert [r.urn for r in StackIndex([subnet, pool]).refs(pool, "nodeConfigDetails", T.SUBNET)] == ["sub"]


def test_an_unknown_reference_without_dependencies_is_not_silently_empty() -> None:
    pool = _res("pool", T.NODE_POOL, {"clusterId": UNKNOWN})
    with pytest.raises(UnknownValueError):
        StackIndex([pool]).refs(pool, "clusterId", T.CLUSTER)


def test_peek_and_present_never_raise_on_unknowns() -> None:
    props = unknown_checking_proxy({"kmsKeyId": UNKNOWN, "a": {"b": [UNKNOWN, "x"]}})
    assert present(props, "kmsKeyId") and not present(props, "missing")
    assert peek(props, "a.b.1") == "x" and peek(props, "a.b") == [UNKNOWN, "x"]


def test_one_unknown_subnet_flag_defers_that_subnet_only_and_the_known_literal_is_mandatory() -> None:
    """NET-2 at a first preview: a literal public subnet is reported, an unknown one is deferred."""
    public = _res("public", T.SUBNET, {"id": UNKNOWN, "prohibitPublicIpOnVnic": False})
    unknown = _res("unknown", T.SUBNET, {"id": UNKNOWN, "prohibitPublicIpOnVnic": UNKNOWN})
    pool = _res("pool", T.NODE_POOL, {"id": UNKNOWN}, {"nodeConfigDetails": [public, unknown]})
    found: list[tuple[str, str | None]] = []
    with pytest.raises(Deferred) as deferred:  # the SDK turns this into its advisory "can't run ... during preview"
        _policy("oke-node-subnets-private").validate(
            StackValidationArgs([public, unknown, pool], None), lambda m, u=None: found.append((m, u))
        )
    assert [u for _, u in found] == ["public"] and "NET-2" in found[0][0]
    assert [d.urn for d in deferred.value.items] == ["unknown"]
    assert isinstance(deferred.value, UnknownValueError)


def _captured(name: str, type_: str, inputs: dict[str, Any], deps: dict[str, list[str]] | None = None) -> Any:
    return CapturedResource(
        urn=f"urn:{name}",
        type=type_,
        name=name,
        id=UNKNOWN,
        custom=True,
        parent=None,
        provider=None,
        inputs=inputs,
        property_dependencies=deps or {},
        dependencies=[u for v in (deps or {}).values() for u in v],
    )


def test_known_broad_grant_is_mandatory_and_the_statement_built_on_ids_is_decided_at_update() -> None:
    """IAM-2: `manage all-resources in tenancy` is a literal; the other statement embeds a new group's id."""
    policy = _captured(
        "grants",
        T.IAM_POLICY,
        {"statements": ["Allow group Admins to manage all-resources in tenancy", UNKNOWN]},
    )
    report = evaluate([policy], [_policy("oke-iam-no-broad-grants")])
    assert [v.enforcement for v in report.violations] == ["mandatory"]
    assert "IAM-2" in report.violations[0].message
    [deferral] = report.deferred
    assert deferral.urn == "urn:grants" and deferral.when == "update" and "statements[1]" in deferral.reason
    assert deferral.label == "decided at update"


@pytest.mark.parametrize(
    "name",
    ["oke-node-subnets-private", "oke-service-lb-subnets", "oke-no-open-ingress", "oke-endpoint-subnet-private"],
)
def test_network_fixtures_fail_at_a_first_preview(name: str) -> None:
    """The failing fixtures of the stack policies that used to end in "can't run during preview"."""
    cap = run_program(POLICY_FIXTURES / name / "fail.py", config={}, mode="first")
    report = evaluate(cap.resources, [_policy(name)], config={"all": "mandatory"})
    assert report.violations, report.deferred
