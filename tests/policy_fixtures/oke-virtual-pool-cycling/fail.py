"""A virtual node pool without virtual node cycling (breaks NP-5)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
CLUSTER = "ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaexample"
WORKERS = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaworkers"
PODS = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaapods"

oci.containerengine.VirtualNodePool(
    "api",
    cluster_id=CLUSTER,
    compartment_id=COMP,
    display_name="api",
    size=3,
    placement_configurations=[
        {"availability_domain": "Uocm:EU-FRANKFURT-1-AD-1", "fault_domains": ["FAULT-DOMAIN-1"], "subnet_id": WORKERS}
    ],
    pod_configuration={"subnet_id": PODS, "shape": "Pod.Standard.E4.Flex"},
)
