"""Registry settings that create repositories implicitly on push (breaks SC-1)."""

import pulumi_oci as oci

COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"

oci.artifacts.ContainerConfiguration("registry", compartment_id=COMPARTMENT, is_repository_created_on_first_push=True)
