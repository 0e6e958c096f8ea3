"""Calico's policy-only manifest applied as published on a VCN-native cluster (breaks NET-8): calico-node
installs Calico's CNI and Felix watches its default 'cali' interfaces, which the OCI CNI never creates,
so no NetworkPolicy is enforced. The objects are inline (a yaml/v2 ConfigGroup), as a program that
vendors the manifest would write them; only what the check reads is kept."""

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
                        "initContainers": [{"name": "install-cni", "image": "docker.io/calico/cni:v3.30.2"}],
                        "containers": [
                            {
                                "name": "calico-node",
                                "image": "docker.io/calico/node:v3.30.2",
                                "env": [{"name": "CALICO_NETWORKING_BACKEND", "value": "none"}],
                            }
                        ],
                    },
                },
            },
        }
    ],
)
