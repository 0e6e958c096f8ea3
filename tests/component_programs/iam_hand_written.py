"""IAM written by hand, the insecure way: one dynamic group for every instance, an ANY rule, a group shared
by two pools, a tenancy-wide grant, workload grants without their conditions (tests/test_iam_components.py,
IAM-3, IAM-4)."""

from typing import Any

import pulumi_oci as oci

TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"
COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
CLUSTER = "ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaexample"
SUBNET = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaworkers"
# Any: mypy matching the literal against the SDK's unions of TypedDicts is slow (see k8s_workload_kinds.py).
NODES: Any = {"size": 1, "placement_configs": [{"availability_domain": "AD-1", "subnet_id": SUBNET}]}
for name in ("a", "b"):
    oci.containerengine.NodePool(
        name,
        compartment_id=COMP,
        cluster_id=CLUSTER,
        node_shape="VM.Standard.E5.Flex",
        name=name,
        node_config_details=NODES,
    )
oci.identity.DynamicGroup(
    "nodes",
    compartment_id=TENANCY,
    name="nodes",
    description="all nodes",
    matching_rule=f"instance.compartment.id = '{COMP}'",
)
oci.identity.DynamicGroup(
    "any",
    compartment_id=TENANCY,
    name="any",
    description="either",
    matching_rule=f"ANY {{instance.compartment.id = '{COMP}', tag.ns.workload.value = 'a'}}",
)
oci.identity.Policy(
    "p",
    compartment_id=COMP,
    name="p",
    description="broad",
    statements=[
        "Allow any-user to read objects in compartment oke",
        "Allow any-user to read objects in compartment oke where any {request.principal.type = 'workload', "
        "request.principal.namespace = 'a', request.principal.service_account = 'b', "
        "request.principal.cluster_id = 'c'}",
        "Allow dynamic-group nodes to use log-content in tenancy",
    ],
)
