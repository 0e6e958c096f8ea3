"""Roles with rights that escalate without a wildcard, and bindings of subjects nobody should bind
(breaks WL-8): reading secrets, creating Deployments (hence pods), impersonation, nodes/proxy, CSR
approval, webhook configuration, token creation; system:anonymous and a default service account."""

import pulumi_kubernetes as k8s

k8s.rbac.v1.Role(
    "reader",
    metadata={"name": "reader", "namespace": "shop"},
    rules=[
        {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]},
        {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["create"]},
        {"apiGroups": [""], "resources": ["serviceaccounts/token"], "verbs": ["create"]},
    ],
)
k8s.rbac.v1.ClusterRole(
    "ops",
    metadata={"name": "ops"},
    rules=[
        {"apiGroups": [""], "resources": ["users", "groups"], "verbs": ["impersonate"]},
        {"apiGroups": [""], "resources": ["nodes/proxy"], "verbs": ["get"]},
        {
            "apiGroups": ["certificates.k8s.io"],
            "resources": ["certificatesigningrequests/approval"],
            "verbs": ["update"],
        },
        {
            "apiGroups": ["admissionregistration.k8s.io"],
            "resources": ["validatingwebhookconfigurations"],
            "verbs": ["patch"],
        },
    ],
)
k8s.rbac.v1.ClusterRoleBinding(
    "anon",
    metadata={"name": "anon"},
    role_ref={"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
    subjects=[{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "system:anonymous"}],
)
k8s.rbac.v1.RoleBinding(
    "default-sa",
    metadata={"name": "default-sa", "namespace": "shop"},
    role_ref={"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "reader"},
    subjects=[{"kind": "ServiceAccount", "name": "default", "namespace": "shop"}],
)
