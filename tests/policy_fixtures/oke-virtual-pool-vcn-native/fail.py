"""A virtual node pool on a flannel cluster (breaks CL-1: virtual nodes need VCN-native pod networking)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
WORKERS = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaworkers"
PODS = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaapods"

cluster = oci.containerengine.Cluster(
    "cluster",
    compartment_id=COMP,
    kubernetes_version="v1.33.1",
    vcn_id="ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample",
    type="ENHANCED_CLUSTER",
    cluster_pod_network_options=[{"cni_type": "FLANNEL_OVERLAY"}],
)
oci.containerengine.VirtualNodePool(
    "api",
    cluster_id=cluster.id,
    compartment_id=COMP,
    display_name="api",
    size=3,
    placement_configurations=[
        {"availability_domain": "Uocm:EU-FRANKFURT-1-AD-1", "fault_domains": ["FAULT-DOMAIN-1"], "subnet_id": WORKERS}
    ],
    pod_configuration={"subnet_id": PODS, "shape": "Pod.Standard.E4.Flex"},
)
