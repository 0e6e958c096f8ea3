"""A pool mixing preemptible and regular capacity, with no preemptible taint (breaks NP-6)."""

import base64

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
CLUSTER = "ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaexample"
SUBNET = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaworkers"
KEY = "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaabootvolume"
IMAGE = "ocid1.image.oc1.eu-frankfurt-1.aaaaaaaaoke"

PREEMPTIBLE = {"preemption_action": {"type": "TERMINATE", "is_preserve_boot_volume": False}}
CLOUD_INIT = """#!/bin/bash
iptables --insert FORWARD 1 --destination 169.254.169.254/32 --protocol tcp --destination-port 80 --jump DROP
curl --fail -H "Authorization: Bearer Oracle" -L0 \\
  http://169.254.169.254/opc/v2/instance/metadata/oke_init_script | base64 --decode >/var/run/oke-init.sh
bash /var/run/oke-init.sh --kubelet-extra-args \\
  "--register-with-taints=oke-secure.io/workload=web:NoSchedule"
"""

oci.containerengine.NodePool(
    "web",
    compartment_id=COMP,
    cluster_id=CLUSTER,
    kubernetes_version="v1.33.1",
    node_shape="VM.Standard.E5.Flex",
    node_source_details={"source_type": "IMAGE", "image_id": IMAGE},
    node_config_details={
        "size": 3,
        "placement_configs": [
            {
                "availability_domain": "Uocm:EU-FRANKFURT-1-AD-1",
                "subnet_id": SUBNET,
                "preemptible_node_config": PREEMPTIBLE,
            },
            {"availability_domain": "Uocm:EU-FRANKFURT-1-AD-2", "subnet_id": SUBNET},
        ],
        "is_pv_encryption_in_transit_enabled": True,
        "kms_key_id": KEY,
    },
    initial_node_labels=[{"key": "oke-secure.io/workload", "value": "web"}],
    node_metadata={
        "areLegacyImdsEndpointsDisabled": "true",
        "user_data": base64.b64encode(CLOUD_INIT.encode()).decode(),
    },
    node_pool_cycling_details={"is_node_cycling_enabled": True},
)
