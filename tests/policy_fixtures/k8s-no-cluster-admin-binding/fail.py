"""An OCI group bound to cluster-admin with no recorded break-glass exception (breaks WL-4)."""

import pulumi_kubernetes as k8s

k8s.rbac.v1.ClusterRoleBinding(
    "devs-admin",
    metadata={"name": "devs-admin"},
    role_ref={"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
    subjects=[{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "ocid1.group.oc1..aaaaaaaadevs"}],
)
