"""Registry: private, immutable OCIR repositories, no implicit repositories, and vulnerability scanning.

Builds SC-1 (every repository private and immutable; pushing to an unknown path does not create a
repository: ``is_repository_created_on_first_push=false``) and SC-2 (a container scan recipe and a
scan target over the repositories).

With an add-on image mirror in the tenancy's own OCIR namespace (``registry.mirror``), the stack passes
``mirror_repositories`` (:func:`oke_secure.builders.addons.mirror_repositories`): the same private,
immutable, scanned repositories, created before ``oke-secure images`` copies into them. Create-on-push is
off, so the copy needs them; and a repository OCIR made on a push would belong to the root compartment
(OCI API, ContainerConfiguration ``isRepositoryCreatedOnFirstPush``), outside the stack's compartment.
"""

import re
from typing import NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.components._common import check_args, child, name_prefix, tags, token
from oke_secure.components._validate import validated
from oke_secure.spec import RegistrySpec
from oke_secure.spec.inputs import RegistrySpecInput
from oke_secure.spec.loader import validated_value
from oke_secure.spec.registry import Repository


class RegistryArgs(TypedDict):
    """Arguments of :class:`Registry`."""

    compartment_id: Required[pulumi.Input[str]]
    """OCID of the compartment of the repositories and of the scan recipe and target."""
    registry: NotRequired[RegistrySpecInput]
    """The ``registry`` spec section (RegistrySpec fields: repositories, allowed_registries)."""
    name_prefix: NotRequired[str]
    """Prefix of display names (default: the component's name)."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags on every resource."""
    tenancy_id: NotRequired[pulumi.Input[str]]
    """Tenancy OCID: the registry's create-on-push setting is tenancy-wide; default: ``compartment_id``."""
    mirror_repositories: NotRequired[list[str]]
    """Repository names of the add-on image mirror (e.g. ``mirror/calico/node``), created like the spec's
    ``repositories`` (:func:`oke_secure.builders.addons.mirror_repositories`); one already listed in the
    spec is created once."""


def _slug(repo: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", repo.lower()).strip("-")


class Registry(pulumi.ComponentResource):
    """Private, immutable OCIR repositories with a vulnerability scan target over them."""

    repository_ids: pulumi.Output[list[str]]
    """OCIDs of the repositories, in spec order, then the mirror's."""

    def __init__(self, name: str, args: RegistryArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("Registry", args, RegistryArgs)
        spec = validated(RegistrySpec, args.get("registry"), "registry")  # fails before any child exists
        mirror_repos: list[str] = validated_value(
            list[Repository], args.get("mirror_repositories", []), "mirror_repositories"
        )
        super().__init__(token("Registry"), name, None, opts)
        compartment_id = args["compartment_id"]
        prefix = name_prefix(args, name)
        ftags = tags(args.get("freeform_tags"))

        oci.artifacts.ContainerConfiguration(
            f"{name}-configuration",
            compartment_id=args.get("tenancy_id", compartment_id),
            is_repository_created_on_first_push=False,
            opts=child(self),
        )

        repos = [
            oci.artifacts.ContainerRepository(
                f"{name}-repo-{_slug(repo)}",
                compartment_id=compartment_id,
                display_name=repo,
                is_public=False,
                is_immutable=True,
                freeform_tags=ftags,
                opts=child(self),
            )
            for repo in dict.fromkeys([*spec.repositories, *mirror_repos])
        ]
        self.repository_ids = pulumi.Output.all(*[r.id for r in repos]).apply(list)

        if repos:
            recipe = oci.vulnerabilityscanning.ContainerScanRecipe(
                f"{name}-scan-recipe",
                compartment_id=compartment_id,
                display_name=f"{prefix}-images",
                scan_settings={"scan_level": "STANDARD"},
                freeform_tags=ftags,
                opts=child(self),
            )
            oci.vulnerabilityscanning.ContainerScanTarget(
                f"{name}-scan-target",
                compartment_id=compartment_id,
                display_name=f"{prefix}-images",
                description="Scans the cluster's OCIR repositories (oke-secure SC-2)",
                container_scan_recipe_id=recipe.id,
                target_registry={
                    "compartment_id": compartment_id,
                    "type": "OCIR",
                    "repositories": [r.display_name for r in repos],
                },
                freeform_tags=ftags,
                opts=child(self),
            )
        self.register_outputs({"repository_ids": self.repository_ids})
