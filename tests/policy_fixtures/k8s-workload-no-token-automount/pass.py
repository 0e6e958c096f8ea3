"""Pods that mount an API token only where it is declared (honours WL-5, CIS OKE 4.1.6): the pod spec
turns automount off, or inherits "off" from its account (a ServiceAccount, or the namespace's default
account patched); the one controller that calls the API records why on the workload; an operator's
account that must mount records why on the account; kube-system add-ons are the platform's own."""

import pulumi_kubernetes as k8s

IMAGE = "eu-frankfurt-1.ocir.io/acme/shop@sha256:" + "d" * 64


def pod(name: str, **extra: object) -> dict:
    return {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": name, "image": IMAGE}], **extra}}


shop = k8s.core.v1.Namespace("shop", metadata={"name": "shop"})
ns = shop.metadata.name

k8s.core.v1.ServiceAccountPatch(
    "shop-default", metadata={"name": "default", "namespace": ns}, automount_service_account_token=False
)
web_sa = k8s.core.v1.ServiceAccount(
    "web", metadata={"name": "web", "namespace": ns}, automount_service_account_token=False
)
k8s.apps.v1.Deployment(
    "web",
    metadata={"name": "web", "namespace": ns},
    spec={"selector": {"matchLabels": {"app": "web"}}, "template": pod("web", serviceAccountName=web_sa.metadata.name)},
)
# No account named: the namespace's default one, patched above.
k8s.apps.v1.StatefulSet(
    "cache",
    metadata={"name": "cache", "namespace": ns},
    spec={"serviceName": "cache", "selector": {"matchLabels": {"app": "cache"}}, "template": pod("cache")},
)
k8s.batch.v1.Job(
    "migrate",
    metadata={"name": "migrate", "namespace": ns},
    spec={"template": pod("migrate", automountServiceAccountToken=False, restartPolicy="Never")},
)
k8s.apps.v1.Deployment(
    "leader",
    metadata={
        "name": "leader",
        "namespace": ns,
        "annotations": {"oke-secure.io/exception-WL-5": "leader election writes a Lease through the API"},
    },
    spec={"selector": {"matchLabels": {"app": "leader"}}, "template": pod("leader", automountServiceAccountToken=True)},
)
operator_sa = k8s.core.v1.ServiceAccount(
    "operator",
    metadata={
        "name": "operator",
        "namespace": ns,
        "annotations": {"oke-secure.io/exception-WL-5": "the operator reconciles CRDs through the API"},
    },
    automount_service_account_token=True,
)
k8s.apps.v1.Deployment(
    "operator",
    metadata={"name": "operator", "namespace": ns},
    spec={"selector": {"matchLabels": {"app": "operator"}}, "template": pod("operator", serviceAccountName="operator")},
)
k8s.apps.v1.DaemonSet(
    "node-agent",
    metadata={"name": "node-agent", "namespace": "kube-system"},
    spec={
        "selector": {"matchLabels": {"app": "node-agent"}},
        "template": pod("node-agent", automountServiceAccountToken=True),
    },
)
