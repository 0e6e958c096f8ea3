"""A hand-written namespace enforcing Pod Security 'restricted' with pinned versions (honours CL-3, WL-1)."""

import pulumi_kubernetes as k8s

labels = {}
for mode in ("enforce", "audit", "warn"):
    labels[f"pod-security.kubernetes.io/{mode}"] = "restricted"
    labels[f"pod-security.kubernetes.io/{mode}-version"] = "v1.33"
k8s.core.v1.Namespace("team", metadata={"name": "team", "labels": labels})
# kube-system is left alone.
k8s.core.v1.Namespace("kube-system", metadata={"name": "kube-system"})
