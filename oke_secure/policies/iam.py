"""Policies on OCI IAM: dynamic groups (IAM-3), broad grants (IAM-2, IAM-3), workload identity (IAM-4)."""

from __future__ import annotations

from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, StackValidationArgs
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError

from oke_secure.builders import iam_statements as iam
from oke_secure.policies import types as T
from oke_secure.policies._base import (
    Report,
    StackIndex,
    StackReport,
    deciding,
    get,
    is_unknown,
    known_items,
    peek,
    resource_policy,
    stack_policy,
)

_BUILT = "IAM statement"


@resource_policy(
    name="oke-dynamic-group-scoped",
    controls=["IAM-3"],
    types=[T.DYNAMIC_GROUP],
    description="A dynamic group's matching rule is never tenancy-wide and matches one pool's instances only.",
    remediation="Write the rule as ALL {instance.compartment.id = '<cluster compartment>', "
    "tag.<namespace>.<key>.value = '<pool>'} and tag the pool's nodes (node_config_details.defined_tags).",
)
def dynamic_group_scoped(args: ResourceValidationArgs, report: Report) -> None:
    rule = get(args.props, "matchingRule")
    if not isinstance(rule, str) or not rule.strip():
        report("the dynamic group has no matching rule (IAM-3)")
        return
    problem = iam.rule_problem(rule)
    if problem:
        report(f"dynamic group: {problem} (IAM-3)")


@stack_policy(
    name="oke-dynamic-group-not-shared",
    controls=["IAM-3"],
    description="No dynamic group matches the instances of two node pools.",
    remediation="Give each pool its own defined-tag value (node_config_details.defined_tags) and its own "
    "dynamic group matching that value.",
)
def dynamic_group_not_shared(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    # Read each pool once: (compartment, lower-cased node tags, name); groups are then matched cheaply.
    # Read without the proxy: a pool's compartment (or a tag value) may be unknown at a first preview; it
    # matters only for a group whose rule names a compartment (or that tag), judged inside its deciding.
    pools = [
        (
            peek(p.props, "compartmentId"),
            _node_tags(p),
            str(peek(p.props, "name") or p.name),
        )
        for p in index.of_type(T.NODE_POOL)
    ]
    for group in index.of_type(T.DYNAMIC_GROUP):
        with deciding(group):
            _judge_group(group, pools, report)


def _node_tags(pool: PolicyResource) -> dict[str, Any] | None:
    """A pool's node defined tags, keys lower-cased; ``None`` while the whole map is unknown."""
    tags = peek(pool.props, "nodeConfigDetails.definedTags", {}) or {}
    if is_unknown(tags):
        return None
    return {str(k).lower(): v for k, v in tags.items()} if isinstance(tags, dict) else {}


def _judge_group(
    group: PolicyResource, pools: list[tuple[Any, dict[str, Any] | None, str]], report: StackReport
) -> None:
    rule = get(group.props, "matchingRule")
    conds = iam.parse_conditions(rule) if isinstance(rule, str) else None
    if conds is None or not conds.narrowing():
        return  # unreadable or ANY rules are reported by oke-dynamic-group-scoped
    narrowing = conds.narrowing()
    if any(c.key == "instance.id" for c in narrowing) or not any(
        c.key.startswith(("instance.", "tag.")) for c in narrowing
    ):
        return  # one instance, or a rule for other resource types (functions, pipelines)
    compartments = {c.value for c in narrowing if c.key == "instance.compartment.id" and c.op == "="}
    wanted = iam.tag_conditions(conds)
    matched = []
    for compartment, node_tags, pool_name in pools:
        if compartments and is_unknown(compartment):
            raise UnknownValueError(compartment, ["compartmentId"])
        if compartments and compartment not in compartments:
            continue
        if wanted and (node_tags is None or any(is_unknown(node_tags.get(key)) for key, _ in wanted)):
            raise UnknownValueError(UNKNOWN_STRING_VALUE, ["nodeConfigDetails", "definedTags"])
        if all((node_tags or {}).get(key) == value for key, value in wanted):
            matched.append(pool_name)
    if len(matched) > 1:
        report(
            f"dynamic group {get(group.props, 'name') or group.name} matches the instances of "
            f"{len(matched)} node pools ({', '.join(sorted(matched))}); each pool needs its own (IAM-3)",
            group.urn,
        )


@resource_policy(
    name="oke-iam-no-broad-grants",
    controls=["IAM-2", "IAM-3"],
    types=[T.IAM_POLICY],
    description="No statement grants manage all-resources, manage cluster-family in the tenancy, or a "
    "dynamic group anything tenancy-wide.",
    remediation="Grant humans `use clusters` in the cluster compartment (Kubernetes rights through RBAC); grant "
    "each pool's dynamic group only its declared permissions in the compartment.",
)
def no_broad_grants(args: ResourceValidationArgs, report: Report) -> None:
    for text in iam.statements_of(list(known_items(args.props, "statements", _BUILT, args.urn, args.name))):
        stmt = iam.parse_statement(text)
        if stmt is None:
            continue
        found = iam.broad_grant(stmt)
        if found:
            control, why = found
            report(f"{why} ({control})")


@resource_policy(
    name="oke-workload-identity-conditions",
    controls=["IAM-4"],
    types=[T.IAM_POLICY],
    description="Workload-identity statements require all four conditions: principal type 'workload', "
    "namespace, service account and cluster id.",
    remediation="Write where all {request.principal.type = 'workload', request.principal.namespace = '<ns>', "
    "request.principal.service_account = '<sa>', request.principal.cluster_id = '<cluster>'}.",
)
def workload_identity_conditions(args: ResourceValidationArgs, report: Report) -> None:
    for text in iam.statements_of(list(known_items(args.props, "statements", _BUILT, args.urn, args.name))):
        stmt = iam.parse_statement(text)
        if stmt is None:
            continue
        if stmt.subject.lower() == "any-user" and stmt.where_text is None:
            report(f"'{text}' grants to any-user with no condition, i.e. to every principal (IAM-4)")
            continue
        if not iam.is_workload_identity(stmt):
            continue
        missing = iam.missing_workload_conditions(stmt)
        patterns = iam.wildcard_workload_conditions(stmt)
        if patterns:
            report(
                f"workload-identity statement '{text}' matches {', '.join(patterns)} with a pattern, so it grants "
                "every matching service account instead of exactly one (IAM-4)"
            )
        elif missing:
            report(f"workload-identity statement '{text}' does not require {', '.join(missing)} (IAM-4)")
