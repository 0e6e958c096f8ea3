"""HumanAccess (IAM-2) and WorkloadIdentity (IAM-4) under the offline engine, and the IAM policies on
hand-written programs (IAM-2, IAM-3, IAM-4)."""

from __future__ import annotations

from typing import Any

import pytest

from oke_secure.builders import iam_statements as iam
from oke_secure.policies import types as T
from oke_secure.spec.errors import SpecError

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"

PROGRAM = """
import pulumi
import pulumi_oci as oci
from oke_secure.components.human_access import HumanAccess
from oke_secure.components.workload_identity import WorkloadIdentity

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"
cluster = oci.containerengine.Cluster("cluster", compartment_id=COMP, kubernetes_version="v1.33.1",
                                      vcn_id="ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample")
users = HumanAccess("users", {"compartment_id": COMP, "tenancy_id": TENANCY, "name_prefix": "prod",
                              "cluster_user_groups": ["ocid1.group.oc1..aaaaaaaadevs", "ocid1.group.oc1..aaaaaaaaops"]})
nobody = HumanAccess("nobody", {"compartment_id": COMP, "tenancy_id": TENANCY})
wi = WorkloadIdentity("shipper", {
    "compartment_id": COMP, "cluster_id": cluster.id, "namespace": "logging", "service_account": "shipper",
    "name_prefix": "prod",
    "permissions": [{"verb": "use", "resource": "stream-push"},
                    {"verb": "manage", "resource": "objects", "where": "target.bucket.name = 'logs'"}]})
pulumi.export("users_policy", users.policy_id)
pulumi.export("nobody_policy", nobody.policy_id)
pulumi.export("wi_policy", wi.policy_id)
"""


def test_humans_get_use_clusters_only_iam2(run_src: Any) -> None:
    cap, report = run_src(PROGRAM)
    policies = {p.name: p for p in cap.by_type(T.IAM_POLICY)}
    users = policies["users-policy"]
    assert users.inputs["compartmentId"] == COMP and users.inputs["name"] == "prod-cluster-users"
    assert users.inputs["statements"] == [
        f"Allow group id ocid1.group.oc1..aaaaaaaadevs to use clusters in compartment id {COMP}",
        f"Allow group id ocid1.group.oc1..aaaaaaaaops to use clusters in compartment id {COMP}",
    ]
    assert "nobody-policy" not in policies and cap.outputs["nobody_policy"].value is None
    assert cap.outputs["users_policy"].value == users.id
    # workload identity: all four conditions on every statement, the declared condition inside the same all {}
    cluster = cap.by_type(T.CLUSTER)[0].id
    shipper = policies["shipper-policy"]
    assert shipper.inputs["name"] == "prod-logging-shipper"
    for text in shipper.inputs["statements"]:
        stmt = iam.parse_statement(text)
        assert stmt is not None and iam.missing_workload_conditions(stmt) == []
        assert stmt.where is not None and stmt.where.values("request.principal.cluster_id") == [cluster]
    assert shipper.inputs["statements"][1].endswith("target.bucket.name = 'logs'}")
    mine = {"oke-iam-no-broad-grants", "oke-workload-identity-conditions"}
    assert [v for v in report.violations if v.policy in mine] == []


def test_workload_identity_rejects_bad_names_iam4(run_src: Any) -> None:
    bad = PROGRAM.replace('"namespace": "logging"', '"namespace": "Logging_NS"')
    with pytest.raises(SpecError) as err:
        run_src(bad)
    (problem,) = err.value.problems
    assert problem.field == "namespace" and "should match pattern" in problem.message and problem.fix


HAND_WRITTEN = """
import pulumi_oci as oci

TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"
COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
CLUSTER = "ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaexample"
SUBNET = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaworkers"
for name in ("a", "b"):
    oci.containerengine.NodePool(name, compartment_id=COMP, cluster_id=CLUSTER, node_shape="VM.Standard.E5.Flex",
        name=name, node_config_details={"size": 1, "placement_configs": [
            {"availability_domain": "AD-1", "subnet_id": SUBNET}]})
oci.identity.DynamicGroup("nodes", compartment_id=TENANCY, name="nodes", description="all nodes",
    matching_rule=f"instance.compartment.id = '{COMP}'")
oci.identity.DynamicGroup("any", compartment_id=TENANCY, name="any", description="either",
    matching_rule=f"ANY {{instance.compartment.id = '{COMP}', tag.ns.workload.value = 'a'}}")
oci.identity.Policy("p", compartment_id=COMP, name="p", description="broad", statements=[
    "Allow any-user to read objects in compartment oke",
    "Allow any-user to read objects in compartment oke where any {request.principal.type = 'workload', "
    "request.principal.namespace = 'a', request.principal.service_account = 'b', request.principal.cluster_id = 'c'}",
    "Allow dynamic-group nodes to use log-content in tenancy",
])
"""


def test_iam_policies_catch_a_hand_written_program_iam3_iam4(run_src: Any) -> None:
    _, report = run_src(HAND_WRITTEN)
    by_policy: dict[str, list[str]] = {}
    for v in report.violations:
        by_policy.setdefault(v.policy, []).append(f"{v.name}: {v.message}")
    scoped = by_policy["oke-dynamic-group-scoped"]
    assert any(m.startswith("nodes:") and "every instance in the compartment" in m and "(IAM-3)" in m for m in scoped)
    assert any(m.startswith("any:") and "ANY" in m for m in scoped)
    (shared,) = by_policy["oke-dynamic-group-not-shared"]
    assert "2 node pools (a, b)" in shared and "(IAM-3)" in shared
    (tenancy,) = by_policy["oke-iam-no-broad-grants"]
    assert "in the whole tenancy" in tenancy and "(IAM-3)" in tenancy
    wi = by_policy["oke-workload-identity-conditions"]
    assert len(wi) == 2 and all("(IAM-4)" in m for m in wi)
    assert any("every principal" in m for m in wi)
