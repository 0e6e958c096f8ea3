"""Policies on the registry layer: private, immutable, explicitly created and scanned repositories (SC-1, SC-2)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, StackValidationArgs

from oke_secure.policies import types as T
from oke_secure.policies._base import (
    ADVISORY,
    Report,
    StackIndex,
    StackReport,
    deciding,
    get,
    present,
    resource_policy,
    stack_policy,
)


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
    targets = [t for t in index.of_type(T.CONTAINER_SCAN_TARGET) if present(t.props, "containerScanRecipeId")]
    for repo in index.of_type(T.REPOSITORY):
        with deciding(repo):
            if not any(_scan_covers(t, repo) for t in targets):
                label = get(repo.props, "displayName", repo.name)
                report(
                    f"the container repository {label} is not covered by a vulnerability scan target (SC-2)", repo.urn
                )
