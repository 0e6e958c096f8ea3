"""A Deployment and a CronJob whose images are pinned by digest (honours CL-5)."""

import pulumi_kubernetes as k8s

IMAGE = "eu-frankfurt-1.ocir.io/acme/web@sha256:" + "0" * 64
k8s.apps.v1.Deployment(
    "web",
    metadata={"name": "web", "namespace": "shop"},
    spec={
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {
                "containers": [{"name": "web", "image": IMAGE}],
                "initContainers": [{"name": "migrate", "image": IMAGE}],
            },
        },
    },
)
k8s.batch.v1.CronJob(
    "report",
    metadata={"name": "report", "namespace": "shop"},
    spec={
        "schedule": "0 3 * * *",
        "jobTemplate": {
            "spec": {
                "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "report", "image": IMAGE}]}}
            }
        },
    },
)
