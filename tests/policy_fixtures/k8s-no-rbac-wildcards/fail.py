"""A Role granting every verb on every resource (breaks WL-4)."""

import pulumi_kubernetes as k8s

k8s.rbac.v1.Role(
    "team-admin",
    metadata={"name": "team-admin", "namespace": "shop"},
    rules=[{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}],
)
