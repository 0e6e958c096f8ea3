"""One dynamic group matching the nodes of two pools that share a tag value (breaks IAM-3)."""

import pulumi_oci as oci

TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"
COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
CLUSTER = "ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaexample"
SUBNET = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaworkers"

for name in ("api", "worker"):
    oci.containerengine.NodePool(
        name,
        compartment_id=COMP,
        cluster_id=CLUSTER,
        kubernetes_version="v1.33.1",
        node_shape="VM.Standard.E5.Flex",
        name=name,
        node_config_details={
            "size": 3,
            "placement_configs": [{"availability_domain": "Uocm:EU-FRANKFURT-1-AD-1", "subnet_id": SUBNET}],
            "defined_tags": {"Ops.tier": "backend"},
        },
    )

oci.identity.DynamicGroup(
    "backend",
    compartment_id=TENANCY,
    name="backend-nodes",
    description="backend nodes",
    matching_rule=f"ALL {{instance.compartment.id = '{COMP}', tag.Ops.tier.value = 'backend'}}",
)
