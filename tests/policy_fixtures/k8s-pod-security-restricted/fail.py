"""Workloads that Pod Security 'restricted' would reject at admission (breaks WL-9): a privileged
Deployment on the host network with a hostPath volume, and a CronJob whose container runs as root."""

import pulumi_kubernetes as k8s

IMAGE = "eu-frankfurt-1.ocir.io/tenancy/agent@sha256:" + "a" * 64

k8s.apps.v1.Deployment(
    "agent",
    metadata={"name": "agent", "namespace": "shop"},
    spec={
        "selector": {"matchLabels": {"app": "agent"}},
        "template": {
            "metadata": {"labels": {"app": "agent"}},
            "spec": {
                "hostNetwork": True,
                "containers": [{"name": "agent", "image": IMAGE, "securityContext": {"privileged": True}}],
                "volumes": [{"name": "root", "hostPath": {"path": "/"}}],
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
                "template": {
                    "spec": {
                        "restartPolicy": "Never",
                        "containers": [{"name": "report", "image": IMAGE, "securityContext": {"runAsUser": 0}}],
                    }
                }
            }
        },
    },
)
