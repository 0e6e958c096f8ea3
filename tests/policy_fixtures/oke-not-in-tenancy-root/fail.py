"""A VCN created in the tenancy root compartment (breaks IAM-1)."""

import pulumi_oci as oci

oci.core.Vcn("root-vcn", compartment_id="ocid1.tenancy.oc1..aaaaaaaaexample", cidr_blocks=["10.0.0.0/16"])
