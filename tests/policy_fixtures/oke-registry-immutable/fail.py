"""A mutable OCIR repository: tags can be overwritten (breaks SC-1)."""

import pulumi_oci as oci

COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"

oci.artifacts.ContainerRepository(
    "app", compartment_id=COMPARTMENT, display_name="team/app", is_public=False, is_immutable=False
)
