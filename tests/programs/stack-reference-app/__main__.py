import pulumi
import pulumi_kubernetes as k8s

config = pulumi.Config()
stack = pulumi.get_stack()
infra = pulumi.StackReference(f"{config.require('org')}/oke-infra/{stack}")

kubeconfig = infra.require_output("kubeconfig")
provider = k8s.Provider("oke", kubeconfig=kubeconfig)
opts = pulumi.ResourceOptions(provider=provider)

labels = {"app": "web"}
k8s.apps.v1.Deployment("web", spec={
    "selector": {"match_labels": labels},
    "template": {"metadata": {"labels": labels},
                 "spec": {"containers": [{"name": "web", "image": f"ghcr.io/acme/web:{config.require('image_tag')}"}]}},
}, opts=opts)
svc = k8s.core.v1.Service("web", spec={"type": "LoadBalancer", "selector": labels, "ports": [{"port": 80}]}, opts=opts)
pulumi.export("endpoint", infra.get_output("cluster_name").apply(lambda n: f"web on {n}"))
