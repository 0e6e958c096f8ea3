"""A node pool placed in a private subnet (honours NET-2)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
workers = oci.core.Subnet(
    "workers",
    compartment_id=COMP,
    vcn_id=vcn.id,
    cidr_block="10.0.16.0/20",
    prohibit_public_ip_on_vnic=True,
    prohibit_internet_ingress=True,
)
cluster = oci.containerengine.Cluster("cluster", compartment_id=COMP, kubernetes_version="v1.33.1", vcn_id=vcn.id)
oci.containerengine.NodePool(
    "pool",
    compartment_id=COMP,
    cluster_id=cluster.id,
    kubernetes_version="v1.33.1",
    node_shape="VM.Standard.E5.Flex",
    node_config_details={
        "size": 3,
        "placement_configs": [{"availability_domain": "Uocm:EU-FRANKFURT-1-AD-1", "subnet_id": workers.id}],
    },
)
