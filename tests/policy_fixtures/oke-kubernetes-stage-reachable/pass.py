"""The Kubernetes layer as its own stage: the provider's kubeconfig is the tunnel kubeconfig written by
`oke-secure tunnel` (or a runner's in the VCN), and no cluster is created here (honours DEP-3)."""

import pulumi
import pulumi_kubernetes as k8s

KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- name: oke
  cluster:
    server: https://127.0.0.1:6443
    tls-server-name: 10.0.0.5
contexts:
- name: oke
  context: {cluster: oke, user: oke}
current-context: oke
users:
- name: oke
  user: {}
"""

provider = k8s.Provider("baseline", kubeconfig=KUBECONFIG)
k8s.core.v1.Namespace("web", metadata={"name": "web"}, opts=pulumi.ResourceOptions(provider=provider))
