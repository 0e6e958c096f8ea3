"""Policies on the detection layer: a Cloud Guard target on the compartment (DT-1)."""

from __future__ import annotations

from pulumi_policy import StackValidationArgs

from oke_secure.policies import types as T
from oke_secure.policies._base import ADVISORY, StackIndex, StackReport, deciding, get, is_unknown, peek, stack_policy


@stack_policy(
    name="oke-cloud-guard-target",
    controls=["DT-1"],
    enforcement=ADVISORY,
    description="Cloud Guard watches the compartment of every cluster.",
    remediation="Add an oci.cloudguard.Target with target_resource_type='COMPARTMENT' on the cluster's compartment.",
)
def cloud_guard_target(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    targets = [
        t
        for t in index.of_type(T.CLOUD_GUARD_TARGET)
        if str(peek(t.props, "targetResourceType", "")).upper() == "COMPARTMENT"
    ]
    # A compartment created by the program has an unknown id at a first preview: match it by dependency.
    watched = {peek(t.props, "targetResourceId") for t in targets}
    watched_urns = {c.urn for t in targets for c in index.refs(t, "targetResourceId", T.COMPARTMENT)}
    for cluster in index.of_type(T.CLUSTER):
        with deciding(cluster):
            compartment = peek(cluster.props, "compartmentId")
            if not is_unknown(compartment) and compartment in watched:
                continue
            if {c.urn for c in index.refs(cluster, "compartmentId", T.COMPARTMENT)} & watched_urns:
                continue
            if is_unknown(compartment) and not (cluster.property_dependencies or {}).get("compartmentId"):
                get(cluster.props, "compartmentId")  # unknown and unattributable: decided after the update
            report(f"no Cloud Guard target watches the compartment of cluster {cluster.name} (DT-1)", cluster.urn)
