import pulumi
from pulumi_kubernetes.apps.v1 import Deployment, DeploymentSpecArgs
from pulumi_kubernetes.core.v1 import ContainerArgs, PodSpecArgs, PodTemplateSpecArgs, Service, ServicePortArgs, ServiceSpecArgs
from pulumi_kubernetes.meta.v1 import LabelSelectorArgs, ObjectMetaArgs

app_labels = {"app": "nginx"}

deployment = Deployment("nginx",
    spec=DeploymentSpecArgs(
        selector=LabelSelectorArgs(match_labels=app_labels),
        replicas=2,
        template=PodTemplateSpecArgs(
            metadata=ObjectMetaArgs(labels=app_labels),
            spec=PodSpecArgs(containers=[ContainerArgs(name="nginx", image="nginx:1.25")]))))

frontend = Service("nginx",
    metadata=ObjectMetaArgs(labels=deployment.spec.template.metadata.labels),
    spec=ServiceSpecArgs(type="LoadBalancer", selector=app_labels, ports=[ServicePortArgs(port=80)]))

ingress = frontend.status.apply(lambda s: s.load_balancer.ingress[0])
pulumi.export("ip", ingress.apply(lambda i: i.ip or i.hostname))
pulumi.export("name", deployment.metadata.apply(lambda m: m.name))
