"""A namespace with neither ResourceQuota nor LimitRange (breaks WL-3)."""

import pulumi_kubernetes as k8s

k8s.core.v1.Namespace("batch", metadata={"name": "batch"})
