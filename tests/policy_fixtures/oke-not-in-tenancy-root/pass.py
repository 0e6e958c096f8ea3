"""A VCN in a dedicated compartment (honours IAM-1)."""

import pulumi_oci as oci

oci.core.Vcn("vcn", compartment_id="ocid1.compartment.oc1..aaaaaaaaexample", cidr_blocks=["10.0.0.0/16"])
