import pulumi
import pulumi_kubernetes as k8s

legacy = k8s.yaml.ConfigFile("legacy", file="manifests/app.yaml")
deployment = legacy.get_resource("apps/v1/Deployment", "legacy", "default")
pulumi.export("replicas", deployment.spec.apply(lambda s: s.replicas))
