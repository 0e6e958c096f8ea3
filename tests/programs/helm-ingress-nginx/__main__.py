import pulumi
from pulumi_kubernetes.helm.v3 import Chart, ChartOpts, FetchOpts

ingress = Chart("ingress-nginx", ChartOpts(
    chart="ingress-nginx",
    version="4.11.3",
    namespace="ingress",
    fetch_opts=FetchOpts(repo="https://kubernetes.github.io/ingress-nginx"),
    values={"controller": {"service": {"annotations": {"oci.oraclecloud.com/load-balancer-type": "lb"}}}},
))

controller = ingress.get_resource("v1/Service", "ingress-nginx-controller", "ingress")
pulumi.export("ingress_ip", controller.status.load_balancer.ingress[0].ip)
