"""A ServiceAccount that leaves token automount at its default (true) (breaks WL-5)."""

import pulumi_kubernetes as k8s

k8s.core.v1.ServiceAccount("app", metadata={"name": "app", "namespace": "shop"})
