"""Pods that mount a service account API token without a recorded reason (breaks WL-5, CIS OKE 4.1.6):
a CronJob that asks for the token itself, and a Deployment that leaves the field unset under a
ServiceAccount of the same program that keeps the API default (mount)."""

import pulumi_kubernetes as k8s

IMAGE = "eu-frankfurt-1.ocir.io/acme/shop@sha256:" + "c" * 64

shop = k8s.core.v1.Namespace("shop", metadata={"name": "shop"})
ns = shop.metadata.name

# Written as many tutorials do: an account of its own, automount left as it comes.
api_sa = k8s.core.v1.ServiceAccount("api", metadata={"name": "api", "namespace": ns})

k8s.apps.v1.Deployment(
    "api",
    metadata={"name": "api", "namespace": ns},
    spec=k8s.apps.v1.DeploymentSpecArgs(
        selector={"match_labels": {"app": "api"}},
        template={
            "metadata": {"labels": {"app": "api"}},
            "spec": {
                "service_account_name": api_sa.metadata.name,
                "containers": [{"name": "api", "image": IMAGE}],
            },
        },
    ),
)

k8s.batch.v1.CronJob(
    "report",
    metadata={"name": "report", "namespace": "shop"},
    spec={
        "schedule": "0 3 * * *",
        "jobTemplate": {
            "spec": {
                "template": {
                    "spec": {
                        "automountServiceAccountToken": True,
                        "restartPolicy": "OnFailure",
                        "containers": [{"name": "report", "image": IMAGE}],
                    }
                }
            }
        },
    },
)
