"""The same manifest configured for VCN-native pod networking as the reference module terraform-oci-oke did
(calico-node-env-npn.yaml; install-cni removed): NetworkPolicy is enforced on the OCI CNI's interfaces."""

import pulumi_kubernetes as k8s
import pulumi_oci as oci

oci.containerengine.Cluster(
    "cluster",
    compartment_id="ocid1.compartment.oc1..aaaaaaaaexample",
    kubernetes_version="v1.33.1",
    vcn_id="ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample",
    type="ENHANCED_CLUSTER",
    cluster_pod_network_options=[{"cni_type": "OCI_VCN_IP_NATIVE"}],
)
env = {
    "FELIX_INTERFACEPREFIX": "oci",
    "NO_DEFAULT_POOLS": "true",
    "FELIX_CHAININSERTMODE": "Append",
    "FELIX_IPTABLESMANGLEALLOWACTION": "Return",
    "USE_POD_CIDR": "true",
    "FELIX_REMOVEEXTERNALROUTES": "false",
}
k8s.yaml.v2.ConfigGroup(
    "calico",
    objs=[
        {
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": {"name": "calico-node", "namespace": "kube-system"},
            "spec": {
                "selector": {"matchLabels": {"k8s-app": "calico-node"}},
                "template": {
                    "metadata": {"labels": {"k8s-app": "calico-node"}},
                    "spec": {
                        "containers": [
                            {
                                "name": "calico-node",
                                "image": "docker.io/calico/node:v3.30.2",
                                "env": [{"name": k, "value": v} for k, v in env.items()],
                            }
                        ]
                    },
                },
            },
        }
    ],
)
