"""A hand-written namespace with no Pod Security labels (breaks CL-3, WL-1)."""

import pulumi_kubernetes as k8s

k8s.core.v1.Namespace("team", metadata={"name": "team", "labels": {"team": "payments"}})
