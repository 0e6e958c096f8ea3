"""A Job tolerating the preemptible taint in a namespace that opted in (honours NP-6)."""

import pulumi_kubernetes as k8s

ns = k8s.core.v1.Namespace("batch", metadata={"name": "batch", "labels": {"oke-secure.io/preemptible": "true"}})
k8s.batch.v1.Job(
    "crunch",
    metadata={"name": "crunch", "namespace": ns.metadata.name},
    spec={
        "template": {
            "spec": {
                "restartPolicy": "Never",
                "tolerations": [
                    {"key": "oke-secure.io/preemptible", "operator": "Equal", "value": "true", "effect": "NoSchedule"}
                ],
                "containers": [{"name": "crunch", "image": "crunch@sha256:" + "0" * 64}],
            }
        }
    },
)
# A workload elsewhere without the toleration is fine.
k8s.core.v1.Pod(
    "web",
    metadata={"name": "web", "namespace": "shop"},
    spec={"containers": [{"name": "web", "image": "web@sha256:" + "0" * 64}]},
)
