"""Workloads written to the Pod Security 'restricted' profile (honours WL-9): the pod-level context sets
non-root and RuntimeDefault seccomp, each container drops ALL capabilities and forbids escalation; only
allowed volume types. A Windows pod is exempt from the seccomp, escalation and capability rules."""

import pulumi_kubernetes as k8s

IMAGE = "eu-frankfurt-1.ocir.io/tenancy/web@sha256:" + "b" * 64
HARDENED = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}}
POD = {"runAsNonRoot": True, "runAsUser": 10001, "seccompProfile": {"type": "RuntimeDefault"}}

k8s.apps.v1.Deployment(
    "web",
    metadata={"name": "web", "namespace": "shop"},
    spec={
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {
                "securityContext": POD,
                "initContainers": [{"name": "migrate", "image": IMAGE, "securityContext": HARDENED}],
                "containers": [{"name": "web", "image": IMAGE, "securityContext": HARDENED}],
                "volumes": [
                    {"name": "tmp", "emptyDir": {}},
                    {"name": "config", "configMap": {"name": "web"}},
                    {"name": "token", "projected": {"sources": [{"serviceAccountToken": {"path": "token"}}]}},
                ],
            },
        },
    },
)
k8s.core.v1.Pod(
    "win",
    metadata={"name": "win", "namespace": "shop"},
    spec={
        "os": {"name": "windows"},
        "securityContext": {"runAsNonRoot": True},
        "containers": [{"name": "w", "image": IMAGE}],
    },
)
