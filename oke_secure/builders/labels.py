"""Names of the node labels, taints and annotations shared by node pools and the Kubernetes baseline."""

from __future__ import annotations

#: Node label and taint key naming the workload a dedicated pool belongs to (NP-1).
WORKLOAD_KEY = "oke-secure.io/workload"
#: Taint key of preemptible pools (NP-6); value "true", effect NoSchedule.
PREEMPTIBLE_KEY = "oke-secure.io/preemptible"
#: Label on system pools (cluster add-ons).
SYSTEM_LABEL = "oke-secure.io/system"
#: Taint key of system pools, as managed Kubernetes services taint their system pools (AKS: "system node
#: pools ... CriticalAddonsOnly=true:NoSchedule"; the Kubernetes "Guaranteed Scheduling For Critical
#: Add-On Pods" convention). Calico's manifests tolerate it on calico-node, calico-kube-controllers and
#: calico-typha (projectcalico/calico manifests/calico-policy-only.yaml); CoreDNS is given the toleration
#: through its OKE cluster add-on configuration (components/cluster.py) (NP-1).
SYSTEM_TAINT_KEY = "CriticalAddonsOnly"
#: Label on every managed namespace.
MANAGED_LABEL = "oke-secure.io/managed"
#: Label naming a namespace's owning team.
TEAM_LABEL = "oke-secure.io/team"
TAINT_EFFECT = "NoSchedule"


def workload_taint(pool: str) -> str:
    """The kubelet ``--register-with-taints`` entry of a dedicated pool."""
    return f"{WORKLOAD_KEY}={pool}:{TAINT_EFFECT}"


def preemptible_taint() -> str:
    """The kubelet ``--register-with-taints`` entry of a preemptible pool."""
    return f"{PREEMPTIBLE_KEY}=true:{TAINT_EFFECT}"


def system_taint() -> str:
    """The kubelet ``--register-with-taints`` entry of a system pool: only cluster add-ons land there (NP-1)."""
    return f"{SYSTEM_TAINT_KEY}=true:{TAINT_EFFECT}"
