import pulumi
import pulumi_kubernetes as k8s

ns = k8s.core.v1.Namespace("cert-manager", metadata={"name": "cert-manager", "labels": {
    "pod-security.kubernetes.io/enforce": "restricted"}})

cert_manager = k8s.helm.v3.Release("cert-manager",
    chart="cert-manager",
    version="v1.16.1",
    namespace=ns.metadata.name,
    repository_opts=k8s.helm.v3.RepositoryOptsArgs(repo="https://charts.jetstack.io"),
    value_yaml_files=[pulumi.FileAsset("values/cert-manager.yaml")])

metrics = k8s.helm.v4.Chart("metrics-server",
    chart="metrics-server",
    repository_opts={"repo": "https://kubernetes-sigs.github.io/metrics-server/"},
    namespace="kube-system")

pulumi.export("release", cert_manager.status.apply(lambda s: s.status if s else None))
