"""OKE virtual node pools: what they carry, and which node controls do not apply to them (and why).

Pure data and builders, no Pulumi. ``components/virtual_node_pool.py`` builds a virtual pool from
these; ``oke_secure/policies/virtual_nodes.py`` checks any program's virtual pools with them.

Virtual nodes (Oracle, "Comparing Virtual Nodes with Managed Nodes") run in the Kubernetes Engine
tenancy, are fully managed by Oracle, exist only in enhanced clusters and support only VCN-native
pod networking. There is no compute instance of the user's: no instance metadata service, no
cloud-init, no boot volume, no SSH key, no instance principal. What still applies is built and
checked the same way as for managed pools: private worker and pod subnets with their NSGs (NET-2),
a workload label and taint so only that workload schedules there (NP-1, through the pool's own
``taints`` field), cycling for updates (NP-5), and per-workload identity through OKE workload
identity (IAM-4).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from oke_secure.builders import labels

#: Pod shapes of virtual node pools; pod CPU and memory come from each pod's requests and limits.
DEFAULT_POD_SHAPE = "Pod.Standard.E4.Flex"
#: Fault domains a virtual pool spreads over in each availability domain.
FAULT_DOMAINS = ("FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3")
#: Freeform tag on a virtual pool listing the controls that do not apply to it (for the auditor).
NOT_APPLICABLE_TAG = "oke-secure-not-applicable"
#: The CNI type virtual nodes require (CL-1, NET-2).
VCN_NATIVE = "OCI_VCN_IP_NATIVE"

#: Node-pool controls that do not apply to virtual nodes, with the reason. The managed-pool policies
#: for them (oke_secure/policies/node_pools.py) look at managed node pools only, on purpose.
NOT_APPLICABLE: dict[str, str] = {
    "NP-2": "no instance of yours, so no instance metadata service (IMDS) to lock down: virtual "
    "nodes run in Oracle's Kubernetes Engine tenancy",
    "NP-3": "no boot or block volume of yours: Oracle manages the virtual node's storage, so there is "
    "no boot volume key or in-transit encryption setting to give",
    "NP-4": "no SSH key can be installed: virtual nodes take no ssh_public_key and have no host login",
    "NP-6": "virtual pools offer no preemptible capacity",
    "NET-7": "no cloud-init runs on virtual nodes (no node_metadata user_data), so the node-level "
    "iptables metadata block cannot be installed; there is no instance principal to steal "
    "either, pods reach OCI only through workload identity (IAM-4); the namespace "
    "NetworkPolicy metadata block (WL-2) is still created",
    "IAM-3": "no instances to put in a dynamic group: the workload's OCI access is its namespace's "
    "workload identity (IAM-4), scoped to namespace, service account and cluster",
}

#: Which spec fields of a node pool do not apply to a virtual pool (the spec refuses them), and why.
REFUSED_FIELDS: dict[str, str] = {
    "ssh": NOT_APPLICABLE["NP-4"],
    "instance_principal": "virtual nodes have no instance principal; use namespaces[].workload_identity",
    "permissions": "virtual nodes have no instance principal; use namespaces[].workload_identity",
    "preemptible": NOT_APPLICABLE["NP-6"],
    "kubernetes_version": "a virtual pool always runs its cluster's version (no version input)",
}


def taints(pool_name: str) -> list[dict[str, str]]:
    """The virtual pool's own taints (NP-1): only the workload's pods tolerate them."""
    return [{"key": labels.WORKLOAD_KEY, "value": pool_name, "effect": labels.TAINT_EFFECT}]


def node_labels(pool_name: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Labels of the virtual nodes: the declared extras, then the workload label (NP-1)."""
    return {**(extra or {}), labels.WORKLOAD_KEY: pool_name}


def not_applicable_tag() -> dict[str, str]:
    """The freeform tag naming the controls that do not apply to a virtual pool."""
    return {NOT_APPLICABLE_TAG: ",".join(sorted(NOT_APPLICABLE))}


def placements(availability_domains: list[str], subnet_id: Any) -> list[dict[str, Any]]:
    """One placement per availability domain, over every fault domain, in the private worker subnet."""
    return [
        {"availability_domain": ad, "fault_domains": list(FAULT_DOMAINS), "subnet_id": subnet_id}
        for ad in availability_domains
    ]


def has_taint(taint_list: Any, key: str, value: str) -> bool:
    """Whether a ``taints`` input (list of {key, value, effect}) holds ``key=value`` with a scheduling effect."""
    if not isinstance(taint_list, Sequence) or isinstance(taint_list, str):
        return False
    for t in taint_list:
        if not isinstance(t, Mapping):
            continue
        if t.get("key") == key and t.get("value") == value and t.get("effect") in ("NoSchedule", "NoExecute"):
            return True
    return False
