"""A flannel cluster and a Calico manifest applied as a ConfigFile (tests/test_calico.py, NET-8).

Config: ``file``, the manifest's path.
"""

import pulumi
import pulumi_kubernetes as k8s
import pulumi_oci as oci

oci.containerengine.Cluster(
    "c",
    compartment_id="ocid1.compartment.oc1..aaaaaaaax",
    vcn_id="v",
    kubernetes_version="v1.33.1",
    cluster_pod_network_options=[{"cni_type": "FLANNEL_OVERLAY"}],
)
k8s.yaml.v2.ConfigFile("calico", file=pulumi.Config().require("file"))
