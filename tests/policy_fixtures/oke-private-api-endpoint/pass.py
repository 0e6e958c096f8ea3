"""A hand-written cluster with a private API endpoint and its NSG (honours NET-1)."""

import pulumi_oci as oci

oci.containerengine.Cluster(
    "private-endpoint",
    compartment_id="ocid1.compartment.oc1..aaaaaaaaexample",
    kubernetes_version="v1.33.1",
    vcn_id="ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample",
    endpoint_config={
        "is_public_ip_enabled": False,
        "subnet_id": "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaprivate",
        "nsg_ids": ["ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaaapi"],
    },
)
