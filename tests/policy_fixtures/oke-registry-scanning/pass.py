"""Repositories covered by a scan target with a recipe (honours SC-2)."""

import pulumi_oci as oci

COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"

for repo in ("team/app", "team/web"):
    oci.artifacts.ContainerRepository(
        repo.replace("/", "-"), compartment_id=COMPARTMENT, display_name=repo, is_public=False, is_immutable=True
    )
recipe = oci.vulnerabilityscanning.ContainerScanRecipe(
    "recipe", compartment_id=COMPARTMENT, scan_settings={"scan_level": "STANDARD"}
)
oci.vulnerabilityscanning.ContainerScanTarget(
    "target",
    compartment_id=COMPARTMENT,
    container_scan_recipe_id=recipe.id,
    target_registry={"compartment_id": COMPARTMENT, "type": "OCIR", "repositories": ["team/app", "team/web"]},
)
