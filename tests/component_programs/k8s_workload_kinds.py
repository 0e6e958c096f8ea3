"""A Pod and the pod templates of the six controllers, each with a privileged container
(tests/test_cis_controls.py, WL-9)."""

from typing import Any

import pulumi_kubernetes as k8s

# Typed Any on purpose: mypy matching these nested literals against the SDK's unions of TypedDicts
# (PodSpecArgsDict, ...) takes minutes and gigabytes; the calls themselves are still checked.
SPEC: Any = {"containers": [{"name": "c", "image": "x", "securityContext": {"privileged": True}}]}
TEMPLATE: Any = {"metadata": {"labels": {"a": "b"}}, "spec": SPEC}
SELECTED: Any = {"selector": {"matchLabels": {"a": "b"}}, "template": TEMPLATE}
STATEFUL: Any = {**SELECTED, "serviceName": "s"}
JOB: Any = {"template": TEMPLATE}
CRON: Any = {"schedule": "* * * * *", "jobTemplate": {"spec": JOB}}


def meta(name: str) -> Any:
    """The object's metadata in namespace ``shop``."""
    return {"name": name, "namespace": "shop"}


k8s.core.v1.Pod("pod", metadata=meta("pod"), spec=SPEC)
k8s.apps.v1.Deployment("dep", metadata=meta("dep"), spec=SELECTED)
k8s.apps.v1.StatefulSet("sts", metadata=meta("sts"), spec=STATEFUL)
k8s.apps.v1.DaemonSet("ds", metadata=meta("ds"), spec=SELECTED)
k8s.apps.v1.ReplicaSet("rs", metadata=meta("rs"), spec=SELECTED)
k8s.batch.v1.Job("job", metadata=meta("job"), spec=JOB)
k8s.batch.v1.CronJob("cj", metadata=meta("cj"), spec=CRON)
