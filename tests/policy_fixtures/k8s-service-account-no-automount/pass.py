"""ServiceAccounts that do not automount API tokens (honours WL-5)."""

import pulumi_kubernetes as k8s

k8s.core.v1.ServiceAccount("app", metadata={"name": "app", "namespace": "shop"}, automount_service_account_token=False)
k8s.core.v1.ServiceAccountPatch(
    "default-sa", metadata={"name": "default", "namespace": "shop"}, automount_service_account_token=False
)
