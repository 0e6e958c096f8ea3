import json

import pulumi
import pulumi_kubernetes as k8s
import pulumi_oci as oci

cfg = pulumi.Config()
clusters = oci.containerengine.get_clusters(compartment_id=cfg.require("compartment_id"), name=cfg.require("cluster_name"))
cluster_id = clusters.clusters[0].id
kubeconfig = oci.containerengine.get_cluster_kube_config_output(cluster_id=cluster_id).content

k8s_provider = k8s.Provider("oke", kubeconfig=kubeconfig)

monitoring = k8s.core.v1.Namespace("monitoring", metadata={"name": "monitoring"},
                                   opts=pulumi.ResourceOptions(provider=k8s_provider))
config_map = k8s.core.v1.ConfigMap("exporter-config",
    metadata={"namespace": monitoring.metadata.name},
    data={"config.json": pulumi.Output.all(monitoring.metadata.name, cluster_id).apply(
        lambda args: json.dumps({"namespace": args[0], "cluster": args[1]}))},
    opts=pulumi.ResourceOptions(provider=k8s_provider))
exporter = k8s.apps.v1.DaemonSet("node-exporter",
    metadata={"namespace": monitoring.metadata.name},
    spec={"selector": {"match_labels": {"app": "node-exporter"}},
          "template": {"metadata": {"labels": {"app": "node-exporter"}},
                       "spec": {"host_network": True, "host_pid": True,
                                "containers": [{"name": "exporter", "image": "quay.io/prometheus/node-exporter:v1.8.2",
                                                "security_context": {"privileged": True}}]}}},
    opts=pulumi.ResourceOptions(provider=k8s_provider, depends_on=[config_map]))
pulumi.export("namespace", monitoring.metadata.name)
