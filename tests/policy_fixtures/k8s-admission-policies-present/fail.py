"""A stack that creates a namespace but no admission policies (breaks WL-6)."""

import pulumi_kubernetes as k8s

k8s.core.v1.Namespace("shop", metadata={"name": "shop"})
