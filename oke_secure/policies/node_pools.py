"""Policies on OKE managed node pools: NP-1 to NP-6 and NET-7 (the node-level metadata block).

Each control has its own policy, so that a recorded exception for one control (``oke-secure-exception-NP-4``
for an SSH key, ``oke-secure-exception-NET-7`` for a declared instance-principal pool) waives that control
only. The pool's cloud-init is read from ``node_metadata["user_data"]`` (base64).
"""

from __future__ import annotations

from typing import Any

from pulumi_policy import ResourceValidationArgs

from oke_secure.builders import cloud_init, labels
from oke_secure.builders.virtual_nodes import NOT_APPLICABLE
from oke_secure.policies import types as T
from oke_secure.policies._base import ADVISORY, Report, get, present, resource_policy

_EFFECTS = (":NoSchedule", ":NoExecute")


def _labels(props: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in get(props, "initialNodeLabels", []) or []:
        key, value = get(item, "key"), get(item, "value")
        if isinstance(key, str):
            out[key] = value if isinstance(value, str) else ""
    return out


def _taints(props: Any) -> list[str]:
    return cloud_init.registered_taints(cloud_init.user_data_of(get(props, "nodeMetadata")))


def _has_taint(taints: list[str], key: str, value: str) -> bool:
    return any(t in (f"{key}={value}{e}" for e in _EFFECTS) for t in taints)


def _placements(props: Any) -> list[Any]:
    return list(get(props, "nodeConfigDetails.placementConfigs", []) or [])


def dedicated_by(node_labels: dict[str, str], taints: list[str]) -> str | None:
    """The ``key=value`` node label that a registered NoSchedule/NoExecute taint of the same key and value
    matches, or the system taint; ``None`` when the pool is not dedicated (NP-1).

    Any key qualifies: NP-1 asks for a dedicated label with the matching kubelet taint, not for this
    project's ``oke-secure.io/workload`` key (Oracle's examples use e.g. ``dedicated=<team>``).
    """
    for key, value in sorted(node_labels.items()):
        if _has_taint(taints, key, value):
            return f"{key}={value}"
    for taint in taints:
        if taint.split("=", 1)[0].split(":", 1)[0] == labels.SYSTEM_TAINT_KEY and taint.endswith(_EFFECTS):
            return taint
    return None


@resource_policy(
    name="oke-pool-workload-label",
    controls=["NP-1"],
    types=[T.NODE_POOL],
    description="Every node pool is dedicated: a node label plus the matching NoSchedule taint registered by the "
    "kubelet (--register-with-taints in cloud-init), or the CriticalAddonsOnly taint of a system pool.",
    remediation="Label the pool's nodes (initial_node_labels, e.g. dedicated=<workload>) and register the same "
    "key=value as a NoSchedule taint in its cloud-init: --kubelet-extra-args "
    '"--register-with-taints=dedicated=<workload>:NoSchedule"; a pool for cluster add-ons registers '
    f"{labels.system_taint()}.",
)
def pool_workload_label(args: ResourceValidationArgs, report: Report) -> None:
    node_labels = _labels(args.props)
    taints = _taints(args.props)
    if dedicated_by(node_labels, taints):
        return
    if not node_labels:
        report(
            "the node pool has no node label and no taint matching one, so any pod can schedule there: it is "
            "not dedicated to one workload (NP-1)"
        )
        return
    shown = ", ".join(f"{k}={v}" for k, v in sorted(node_labels.items()))
    report(
        f"the pool is labelled {shown} but its cloud-init registers no matching NoSchedule taint "
        f"(--register-with-taints; registered: {', '.join(taints) or 'none'}), so any pod can schedule there (NP-1)"
    )


@resource_policy(
    name="oke-pool-imds-v1-disabled",
    controls=["NP-2"],
    types=[T.NODE_POOL],
    not_applicable_to={T.VIRTUAL_NODE_POOL: NOT_APPLICABLE["NP-2"]},
    description="Legacy IMDS v1 endpoints are disabled on every node.",
    remediation='Set node_metadata["areLegacyImdsEndpointsDisabled"] = "true".',
)
def pool_imds_v1(args: ResourceValidationArgs, report: Report) -> None:
    value = get(args.props, "nodeMetadata.areLegacyImdsEndpointsDisabled")
    if str(value).lower() != "true":
        report(
            'legacy IMDS v1 endpoints are not disabled (node_metadata["areLegacyImdsEndpointsDisabled"] '
            'is not "true") (NP-2)'
        )


@resource_policy(
    name="oke-pool-volume-encryption",
    controls=["NP-3"],
    types=[T.NODE_POOL],
    not_applicable_to={T.VIRTUAL_NODE_POOL: NOT_APPLICABLE["NP-3"]},
    description="Boot and block volumes are encrypted in transit; boot volumes with a customer-managed key.",
    remediation="Set node_config_details.is_pv_encryption_in_transit_enabled=true and "
    "node_config_details.kms_key_id to a Vault key.",
)
def pool_volume_encryption(args: ResourceValidationArgs, report: Report) -> None:
    details = get(args.props, "nodeConfigDetails", {})
    if get(details, "isPvEncryptionInTransitEnabled") is not True:
        report("volume in-transit encryption is off (node_config_details.is_pv_encryption_in_transit_enabled) (NP-3)")
    if not present(details, "kmsKeyId"):  # a key of the same stack has an unknown id at a first preview
        report("boot volumes are not encrypted with a customer-managed key (node_config_details.kms_key_id) (NP-3)")


@resource_policy(
    name="oke-pool-no-ssh-key",
    controls=["NP-4"],
    types=[T.NODE_POOL],
    not_applicable_to={T.VIRTUAL_NODE_POOL: NOT_APPLICABLE["NP-4"]},
    description="Nodes carry no SSH key unless an exception with a reason is recorded.",
    remediation="Remove ssh_public_key and reach nodes through the Bastion service; or record the exception "
    "tag oke-secure-exception-NP-4 with a reason.",
)
def pool_no_ssh(args: ResourceValidationArgs, report: Report) -> None:
    if present(args.props, "sshPublicKey"):
        report("the node pool installs an SSH key (ssh_public_key) without a recorded exception (NP-4)")


@resource_policy(
    name="oke-pool-node-cycling",
    controls=["NP-5"],
    types=[T.NODE_POOL],
    enforcement=ADVISORY,
    description="Node cycling is on, so image and version updates roll the nodes (patching).",
    remediation="Set node_pool_cycling_details.is_node_cycling_enabled=true.",
)
def pool_cycling(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "nodePoolCyclingDetails.isNodeCyclingEnabled") is not True:
        report(
            "node cycling is off (node_pool_cycling_details.is_node_cycling_enabled), so updates do not "
            "roll the nodes (NP-5)"
        )


@resource_policy(
    name="oke-preemptible-pool-dedicated",
    controls=["NP-6"],
    types=[T.NODE_POOL],
    not_applicable_to={T.VIRTUAL_NODE_POOL: NOT_APPLICABLE["NP-6"]},
    description="Preemptible capacity lives only in pools of its own, tainted so only opted-in pods land there.",
    remediation="Make every placement of the pool preemptible (or none), and register the taint "
    f"{labels.preemptible_taint()} through cloud-init.",
)
def preemptible_dedicated(args: ResourceValidationArgs, report: Report) -> None:
    placements = _placements(args.props)
    preemptible = [p for p in placements if get(p, "preemptibleNodeConfig")]
    if not preemptible:
        return
    if len(preemptible) != len(placements):
        report("the pool mixes preemptible and regular placements; preemptible capacity needs a pool of its own (NP-6)")
    if not _has_taint(_taints(args.props), labels.PREEMPTIBLE_KEY, "true"):
        report(
            f"the preemptible pool does not register the taint {labels.preemptible_taint()}, so any pod "
            "can land on nodes that disappear (NP-6)"
        )


@resource_policy(
    name="oke-pool-metadata-blocked",
    controls=["NET-7"],
    types=[T.NODE_POOL],
    not_applicable_to={T.VIRTUAL_NODE_POOL: NOT_APPLICABLE["NET-7"]},
    description="Each pool's cloud-init effectively drops pod traffic to IMDS (169.254.169.254 TCP 80) on the "
    "FORWARD chain for every pod interface, without cutting pods off the VCN resolver (port 53); only a pool "
    "that records a declared instance-principal exception is exempt.",
    remediation=f"Run `{cloud_init.BLOCK_COMMAND}` from the pool's cloud-init at every boot (not commented out, "
    "no --in-interface restriction, port 80 only); only a pool whose workload needs instance principals may "
    "record the exception tag oke-secure-exception-NET-7.",
)
def pool_metadata_blocked(args: ResourceValidationArgs, report: Report) -> None:
    script = cloud_init.user_data_of(get(args.props, "nodeMetadata"))
    if script is None:
        report(
            "the pool has no cloud-init (node_metadata user_data), so containers can reach instance "
            "metadata at 169.254.169.254 (NET-7)"
        )
        return
    rule = cloud_init.metadata_rule(script)
    if rule.problem:
        report(f"the pool's cloud-init does not block IMDS as NET-7 needs: {rule.problem} (NET-7)")
