"""A namespace RoleBinding to an OCI group, and the declared break-glass binding (honours WL-4)."""

import pulumi_kubernetes as k8s

k8s.rbac.v1.RoleBinding(
    "devs-edit",
    metadata={"name": "devs-edit", "namespace": "shop"},
    role_ref={"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "deployer"},
    subjects=[{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "ocid1.group.oc1..aaaaaaaadevs"}],
)
k8s.rbac.v1.ClusterRoleBinding(
    "break-glass",
    metadata={
        "name": "break-glass",
        "annotations": {"oke-secure.io/exception-WL-4": "break-glass group for incidents, use is audited"},
    },
    role_ref={"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
    subjects=[{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "ocid1.group.oc1..aaaaaaaaoncall"}],
)
