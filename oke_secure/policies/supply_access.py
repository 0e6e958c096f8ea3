"""Policies on keys, access, the registry and detection: CL-4/DS-1, IAM-5, AC-1, SC-1, SC-2, DT-1."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, StackValidationArgs

from oke_secure.builders.key_policies import unscoped_key_grants
from oke_secure.policies import types as T
from oke_secure.policies._base import ADVISORY, Report, StackIndex, StackReport, get, resource_policy, stack_policy
from oke_secure.spec import cidr as _cidr

#: Longest Bastion session the library accepts (AC-1): three hours.
MAX_SESSION_TTL = 10800


@resource_policy(
    name="oke-keys-protected",
    controls=["CL-4", "DS-1"],
    types=[T.VAULT, T.KEY],
    description="Vaults and keys are protected against deletion by a careless destroy or replacement.",
    remediation="Create the vault and keys with opts=pulumi.ResourceOptions(protect=True).",
)
def keys_protected(args: ResourceValidationArgs, report: Report) -> None:
    if not getattr(args.opts, "protect", False):
        kind = "vault" if args.resource_type == T.VAULT else "key"
        report(
            f"the {kind} {args.name} is not protected (protect=True); deleting it makes every secret and "
            "volume it encrypts unreadable (DS-1)"
        )


@resource_policy(
    name="oke-key-policies-name-the-key",
    controls=["IAM-5"],
    types=[T.IAM_POLICY],
    description="IAM statements on keys and key-delegates are scoped to one key with target.key.id.",
    remediation="Add \"where target.key.id = '<key OCID>'\" (inside ALL {...} with other conditions).",
)
def key_policies_name_the_key(args: ResourceValidationArgs, report: Report) -> None:
    statements = get(args.props, "statements", []) or []
    for grant in unscoped_key_grants([s for s in statements if isinstance(s, str)]):
        report(
            f"the statement {grant.statement!r} grants {grant.verb} {grant.resource} without naming the "
            "key (target.key.id) (IAM-5)"
        )


@resource_policy(
    name="oke-bastion-allow-list",
    controls=["AC-1"],
    types=[T.BASTION],
    description="The Bastion admits only allow-listed client CIDRs (never 0.0.0.0/0) for sessions of at most 3 h.",
    remediation="Set client_cidr_block_allow_lists to the office/VPN CIDRs and max_session_ttl_in_seconds <= 10800.",
)
def bastion_allow_list(args: ResourceValidationArgs, report: Report) -> None:
    allow = get(args.props, "clientCidrBlockAllowLists", []) or []
    if not allow:
        report("the Bastion has no client CIDR allow-list (client_cidr_block_allow_lists) (AC-1)")
    for block in allow:
        if isinstance(block, str) and _cidr.is_anywhere(block):
            report(f"the Bastion allow-list contains {block}: anyone may try to open sessions (AC-1)")
    ttl = get(args.props, "maxSessionTtlInSeconds")
    if isinstance(ttl, int | float) and ttl > MAX_SESSION_TTL:
        report(f"Bastion sessions may last {int(ttl)} s, more than three hours (AC-1)")


@resource_policy(
    name="oke-registry-private",
    controls=["SC-1"],
    types=[T.REPOSITORY],
    description="OCIR repositories are private.",
    remediation="Set is_public=false.",
)
def registry_private(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "isPublic") is True:
        report(f"the container repository {get(args.props, 'displayName', args.name)} is public (SC-1)")


@resource_policy(
    name="oke-registry-immutable",
    controls=["SC-1"],
    types=[T.REPOSITORY],
    description="OCIR repositories are immutable: a pushed tag can never be overwritten.",
    remediation="Set is_immutable=true.",
)
def registry_immutable(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "isImmutable") is not True:
        report(
            f"the container repository {get(args.props, 'displayName', args.name)} is mutable "
            "(is_immutable is not true) (SC-1)"
        )


@resource_policy(
    name="oke-registry-no-implicit-repositories",
    controls=["SC-1"],
    types=[T.CONTAINER_CONFIGURATION],
    description="Pushing to an unknown path does not create a (root-compartment) repository.",
    remediation="Set is_repository_created_on_first_push=false.",
)
def registry_no_implicit(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "isRepositoryCreatedOnFirstPush") is not False:
        report("repositories are created implicitly on first push (is_repository_created_on_first_push) (SC-1)")


def _scan_covers(target: Any, repo: Any) -> bool:
    registry = get(target.props, "targetRegistry", {}) or {}
    if not isinstance(registry, Mapping):
        return False
    names = registry.get("repositories") or []
    if not names:  # no list: the target scans every repository of its compartment
        return bool(registry.get("compartmentId")) and registry.get("compartmentId") == get(repo.props, "compartmentId")
    return get(repo.props, "displayName") in names


@stack_policy(
    name="oke-registry-scanning",
    controls=["SC-2"],
    enforcement=ADVISORY,
    description="Every OCIR repository is covered by a vulnerability scan target with a scan recipe.",
    remediation="Add an oci.vulnerabilityscanning.ContainerScanRecipe and a ContainerScanTarget listing the "
    "repositories.",
)
def registry_scanning(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    targets = [t for t in index.of_type(T.CONTAINER_SCAN_TARGET) if get(t.props, "containerScanRecipeId")]
    for repo in index.of_type(T.REPOSITORY):
        if not any(_scan_covers(t, repo) for t in targets):
            label = get(repo.props, "displayName", repo.name)
            report(f"the container repository {label} is not covered by a vulnerability scan target (SC-2)", repo.urn)


@stack_policy(
    name="oke-cloud-guard-target",
    controls=["DT-1"],
    enforcement=ADVISORY,
    description="Cloud Guard watches the compartment of every cluster.",
    remediation="Add an oci.cloudguard.Target with target_resource_type='COMPARTMENT' on the cluster's compartment.",
)
def cloud_guard_target(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    watched = {
        get(t.props, "targetResourceId")
        for t in index.of_type(T.CLOUD_GUARD_TARGET)
        if str(get(t.props, "targetResourceType", "")).upper() == "COMPARTMENT"
    }
    for cluster in index.of_type(T.CLUSTER):
        compartment = get(cluster.props, "compartmentId")
        if compartment not in watched:
            report(f"no Cloud Guard target watches the compartment of cluster {cluster.name} (DT-1)", cluster.urn)
