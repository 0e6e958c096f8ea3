"""IAM text built and read back: dynamic-group rules (IAM-3), grants (IAM-2, IAM-3), workload identity (IAM-4)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from oke_secure.builders import iam_statements as iam
from oke_secure.spec import Permission

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"
CLUSTER = "ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaexample"


def test_pool_matching_rule_is_compartment_and_tag_iam3() -> None:
    rule = iam.pool_matching_rule(COMP, "oke-oke-secure", "workload", "log-archiver")
    assert rule == (f"ALL {{instance.compartment.id = '{COMP}', tag.oke-oke-secure.workload.value = 'log-archiver'}}")
    assert iam.rule_problem(rule) is None
    conds = iam.parse_conditions(rule)
    assert conds is not None and iam.tag_conditions(conds) == [("oke-oke-secure.workload", "log-archiver")]


def test_pool_statements_grant_only_declared_permissions_iam3() -> None:
    perms = [
        Permission(verb="manage", resource="objects", where="target.bucket.name = 'logs'"),
        Permission(verb="read", resource="buckets"),
    ]
    out = iam.pool_statements("ocid1.dynamicgroup.oc1..dg", COMP, perms)
    assert out == [
        f"Allow dynamic-group id ocid1.dynamicgroup.oc1..dg to manage objects in compartment id {COMP} "
        "where target.bucket.name = 'logs'",
        f"Allow dynamic-group id ocid1.dynamicgroup.oc1..dg to read buckets in compartment id {COMP}",
    ]
    for text in out:
        stmt = iam.parse_statement(text)
        assert stmt is not None and not stmt.tenancy_wide and iam.broad_grant(stmt) is None


def test_human_statements_are_use_clusters_in_the_compartment_iam2() -> None:
    assert iam.human_statements(["ocid1.group.oc1..g"], COMP) == [
        f"Allow group id ocid1.group.oc1..g to use clusters in compartment id {COMP}"
    ]


def test_workload_statements_carry_all_four_conditions_iam4() -> None:
    perms = [Permission(verb="use", resource="stream-push", where="target.stream.id = 'ocid1.stream.oc1..s'")]
    (text,) = iam.workload_statements(perms, COMP, "logging", "shipper", CLUSTER)
    stmt = iam.parse_statement(text)
    assert stmt is not None and stmt.subject == "any-user"
    assert iam.is_workload_identity(stmt) and iam.missing_workload_conditions(stmt) == []
    assert stmt.where is not None and stmt.where.values("target.stream.id") == ["ocid1.stream.oc1..s"]
    assert stmt.where.values("request.principal.cluster_id") == [CLUSTER]


def test_quote_refuses_injection() -> None:
    with pytest.raises(ValueError):
        iam.pool_matching_rule(COMP, "ns", "workload", "x', tag.a.b.value = 'y")


@pytest.mark.parametrize(
    "rule, fragment",
    [
        (f"ANY {{instance.compartment.id = '{COMP}', tag.ns.workload.value = 'web'}}", "ANY"),
        ("tag.ns.workload.value = 'web'", "names no compartment"),
        (f"ALL {{instance.compartment.id = '{TENANCY}', tag.ns.workload.value = 'web'}}", "tenancy root"),
        (f"instance.compartment.id = '{COMP}'", "every instance in the compartment"),
        (f"ALL {{instance.compartment.id = '{COMP}', tag.ns.workload.value != 'web'}}", "every instance"),
        ("matches everything", "cannot be read"),
    ],
)
def test_rule_problem_flags_broad_rules_iam3(rule: str, fragment: str) -> None:
    problem = iam.rule_problem(rule)
    assert problem is not None and fragment in problem


@pytest.mark.parametrize(
    "rule",
    [
        "instance.id = 'ocid1.instance.oc1..one'",
        f"ALL {{resource.type = 'fnfunc', resource.compartment.id = '{COMP}'}}",
        f"All {{instance.compartment.id = '{COMP}', tag.Ops.Tier.value = 'web'}}",
    ],
)
def test_rule_problem_accepts_narrow_rules_iam3(rule: str) -> None:
    assert iam.rule_problem(rule) is None


@pytest.mark.parametrize(
    "text, control",
    [
        ("Allow group Admins to manage all-resources in compartment oke", "IAM-2"),
        ("Allow group PlatformTeam to manage cluster-family in tenancy", "IAM-2"),
        ("Allow dynamic-group nodes to manage all-resources in compartment id ocid1.compartment.oc1..x", "IAM-3"),
        ("Allow dynamic-group nodes to read objects in tenancy", "IAM-3"),
    ],
)
def test_broad_grants_are_found_iam2_iam3(text: str, control: str) -> None:
    stmt = iam.parse_statement(text)
    assert stmt is not None
    found = iam.broad_grant(stmt)
    assert found is not None and found[0] == control


def test_narrow_grants_pass_iam2() -> None:
    for text in (
        "Allow group Devs to use clusters in compartment oke",
        "Allow group Devs to manage cluster-family in compartment oke",
    ):
        stmt = iam.parse_statement(text)
        assert stmt is not None and iam.broad_grant(stmt) is None


@pytest.mark.parametrize(
    "where, missing",
    [
        (
            "all {request.principal.type = 'workload', request.principal.namespace = 'a', "
            "request.principal.service_account = 'b', request.principal.cluster_id = 'c'}",
            [],
        ),
        (
            "all {request.principal.type = 'workload', request.principal.namespace = 'a'}",
            ["request.principal.service_account", "request.principal.cluster_id"],
        ),
        (
            "any {request.principal.type = 'workload', request.principal.namespace = 'a', "
            "request.principal.service_account = 'b', request.principal.cluster_id = 'c'}",
            list(iam.WORKLOAD_CONDITIONS),
        ),
        ("request.principal.type = 'workload'", list(iam.WORKLOAD_CONDITIONS[1:])),
    ],
)
def test_missing_workload_conditions_iam4(where: str, missing: list[str]) -> None:
    stmt = iam.parse_statement(f"Allow any-user to read objects in compartment oke where {where}")
    assert stmt is not None and iam.is_workload_identity(stmt)
    assert iam.missing_workload_conditions(stmt) == missing


def test_non_allow_statements_are_ignored() -> None:
    assert iam.parse_statement("Define tenancy Acme as ocid1.tenancy.oc1..x") is None
    assert iam.statements_of("not a list") == []


CID = "ocid1.compartment.oc1..lb"
CLUSTER = "ocid1.cluster.oc1.eu-frankfurt-1.one"


def test_cluster_lb_nsg_statements_are_oracles_narrowed_to_the_cluster_dep2_net10() -> None:
    """DEP-2, NET-10: Oracle's NSG-mode grants (manage network-security-groups, manage vcns) to the cluster
    principal, in one compartment, for one cluster; each parses back to what was built."""
    out = iam.cluster_lb_nsg_statements(CID, CLUSTER)
    assert len(out) == 2
    parsed = [iam.parse_statement(s) for s in out]
    assert [(p.verb, p.resource) for p in parsed if p] == [("manage", "network-security-groups"), ("manage", "vcns")]
    for p in parsed:
        assert p is not None and p.subject == "any-user" and p.location == f"compartment id {CID}"
        assert p.where is not None and p.where.combinator == "all"
        assert p.where.values("request.principal.type") == ["cluster"]
        assert p.where.values("request.principal.id") == [CLUSTER]
        assert iam.broad_grant(p) is None
    assert iam.grants_cluster_lb_nsgs(out, CID, CLUSTER)
    with pytest.raises(ValueError):
        iam.cluster_lb_nsg_statements(CID, "x' or '1")


def test_grants_cluster_lb_nsgs_accepts_oracles_forms_dep2() -> None:
    """Oracle's unnarrowed statements count, and ``manage virtual-network-family`` (its other alternative)
    stands for vcns; only the NSG statement is still required beside it."""
    where = "where request.principal.type = 'cluster'"
    nsgs = f"ALLOW any-user to manage network-security-groups in compartment id {CID} {where}"
    vcns = f"ALLOW any-user to manage vcns in compartment id {CID} {where}"
    family = f"ALLOW any-user to manage virtual-network-family in compartment id {CID} {where}"
    assert iam.grants_cluster_lb_nsgs([nsgs, vcns], CID, CLUSTER)
    assert iam.grants_cluster_lb_nsgs([family], CID, CLUSTER)
    assert iam.grants_cluster_lb_nsgs([nsgs, family], CID, CLUSTER)


@pytest.mark.parametrize(
    ("statements", "why"),
    [
        (lambda s: s[:1], "vcns missing"),
        (lambda s: s[1:], "network-security-groups missing"),
        (lambda s: [x.replace(CID, "ocid1.compartment.oc1..other") for x in s], "another compartment"),
        (lambda s: [x.replace(CLUSTER, "ocid1.cluster.oc1..other") for x in s], "another cluster"),
        (lambda s: [x.replace("'cluster'", "'workload'") for x in s], "another principal type"),
        (lambda s: [x.replace("manage ", "use ") for x in s], "use, not manage"),
        (lambda s: [x.replace("any-user", "group id ocid1.group.oc1..g") for x in s], "a group, not the cluster"),
        (lambda s: [x.replace("ALL {", "ANY {") for x in s], "ANY widens the conditions"),
    ],
)
def test_grants_cluster_lb_nsgs_refuses_what_does_not_grant_it_dep2(
    statements: Callable[[list[str]], list[str]], why: str
) -> None:
    """Each way the grant can miss the cluster or the compartment is seen as missing."""
    assert not iam.grants_cluster_lb_nsgs(statements(iam.cluster_lb_nsg_statements(CID, CLUSTER)), CID, CLUSTER), why
