"""Two pools, each tagged with its own value and matched by its own dynamic group (honours IAM-3)."""

import pulumi_oci as oci

TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"
COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
CLUSTER = "ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaexample"
SUBNET = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaworkers"

for name in ("log-archiver", "host-monitor"):
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
            "defined_tags": {"Workloads.workload": name},
        },
    )
    oci.identity.DynamicGroup(
        f"{name}-dg",
        compartment_id=TENANCY,
        name=name,
        description=f"instances of the {name} pool",
        matching_rule=f"ALL {{instance.compartment.id = '{COMP}', tag.Workloads.workload.value = '{name}'}}",
    )
