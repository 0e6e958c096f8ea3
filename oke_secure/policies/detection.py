"""Policies on the detection layer: a Cloud Guard target on the compartment (DT-1)."""

from __future__ import annotations

from pulumi_policy import StackValidationArgs

from oke_secure.policies import types as T
from oke_secure.policies._base import ADVISORY, StackIndex, StackReport, get, stack_policy


@stack_policy(
    name="oke-cloud-guard-target",
    controls=["DT-1"],
    enforcement=ADVISORY,
    description="Cloud Guard watches the compartment of every cluster.",
    remediation="Add an oci.cloudguard.Target with target_resource_type='COMPARTMENT' on the cluster's compartment.",
)
def cloud_guard_target(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    watched = {
        get(t.props, "targetResourceId")
        for t in index.of_type(T.CLOUD_GUARD_TARGET)
        if str(get(t.props, "targetResourceType", "")).upper() == "COMPARTMENT"
    }
    for cluster in index.of_type(T.CLUSTER):
        compartment = get(cluster.props, "compartmentId")
        if compartment not in watched:
            report(f"no Cloud Guard target watches the compartment of cluster {cluster.name} (DT-1)", cluster.urn)
