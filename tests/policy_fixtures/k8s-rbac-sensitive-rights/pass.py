"""Read-only roles, a deployer role whose pod creation is a recorded exception, and a binding to a
dedicated service account (honours WL-8)."""

import pulumi_kubernetes as k8s

k8s.rbac.v1.Role(
    "viewer",
    metadata={"name": "viewer", "namespace": "shop"},
    rules=[
        {"apiGroups": [""], "resources": ["pods", "services", "configmaps"], "verbs": ["get", "list", "watch"]},
        {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list", "watch"]},
    ],
)
k8s.rbac.v1.Role(
    "deployer",
    metadata={
        "name": "deployer",
        "namespace": "shop",
        "annotations": {"oke-secure.io/exception-WL-8": "CI deploys the shop; its pods are held to restricted"},
    },
    rules=[{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["create", "update", "patch"]}],
)
k8s.rbac.v1.RoleBinding(
    "ci",
    metadata={"name": "ci", "namespace": "shop"},
    role_ref={"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "deployer"},
    subjects=[{"kind": "ServiceAccount", "name": "ci-deployer", "namespace": "shop"}],
)
