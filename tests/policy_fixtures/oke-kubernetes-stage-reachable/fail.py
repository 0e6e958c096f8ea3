"""A private cluster and, in the same program, a Kubernetes provider built from its kubeconfig: a runner
outside the VCN cannot reach the endpoint (breaks DEP-3)."""

import pulumi_kubernetes as k8s
import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"

cluster = oci.containerengine.Cluster(
    "cluster",
    compartment_id=COMP,
    name="cluster",
    vcn_id="ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample",
    kubernetes_version="v1.33.1",
    endpoint_config={"subnet_id": "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaapi", "is_public_ip_enabled": False},
)
kubeconfig = oci.containerengine.get_cluster_kube_config_output(cluster_id=cluster.id)
provider = k8s.Provider("cluster", kubeconfig=kubeconfig.content)
