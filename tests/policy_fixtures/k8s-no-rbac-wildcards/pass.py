"""Roles that name their resources and verbs (honours WL-4)."""

import pulumi_kubernetes as k8s

k8s.rbac.v1.Role(
    "deployer",
    metadata={"name": "deployer", "namespace": "shop"},
    rules=[{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list", "create", "update"]}],
)
k8s.rbac.v1.ClusterRole(
    "node-reader",
    metadata={"name": "node-reader"},
    rules=[{"apiGroups": [""], "resources": ["nodes"], "verbs": ["get", "list", "watch"]}],
)
