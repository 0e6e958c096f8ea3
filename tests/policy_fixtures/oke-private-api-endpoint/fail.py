"""A hand-written cluster whose API endpoint has a public IP (breaks NET-1)."""

import pulumi_oci as oci

oci.containerengine.Cluster(
    "public-endpoint",
    compartment_id="ocid1.compartment.oc1..aaaaaaaaexample",
    kubernetes_version="v1.33.1",
    vcn_id="ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample",
    endpoint_config={"is_public_ip_enabled": True, "subnet_id": "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaapublic"},
)
