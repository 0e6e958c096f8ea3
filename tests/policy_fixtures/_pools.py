"""A hand-written, fully hardened OKE managed node pool that the node-pool fixtures start from.

Each fixture takes these arguments, changes the one thing its policy is about (or nothing, for a
passing fixture), and creates the pool with ``oci.containerengine.NodePool`` as a user would, so the
difference between a failing and a passing program is the few lines in the fixture itself.
"""

import base64
from typing import Any

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
CLUSTER = "ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaexample"
SUBNET = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaworkers"
KEY = "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaabootvolume"
IMAGE = "ocid1.image.oc1.eu-frankfurt-1.aaaaaaaaoke"
# Drops pod traffic to IMDS (TCP 80) on FORWARD for any pod interface; DNS on port 53 stays reachable.
METADATA_BLOCK = (
    "iptables --insert FORWARD 1 --destination 169.254.169.254/32 --protocol tcp --destination-port 80 --jump DROP\n"
)


def cloud_init(*, metadata_block: bool = True, taint: str | None = "dedicated=web:NoSchedule") -> str:
    """OKE's init script over IMDS v2, the metadata block and the workload taint, base64-encoded."""
    script = "#!/bin/bash\n" + (METADATA_BLOCK if metadata_block else "")
    script += (
        'curl --fail -H "Authorization: Bearer Oracle" -L0 \\\n'
        "  http://169.254.169.254/opc/v2/instance/metadata/oke_init_script | base64 --decode "
        ">/var/run/oke-init.sh\n"
    )
    script += "bash /var/run/oke-init.sh"
    script += f' --kubelet-extra-args \\\n  "--register-with-taints={taint}"\n' if taint else "\n"
    return base64.b64encode(script.encode()).decode()


def hardened_pool_args() -> dict[str, Any]:
    """Keyword arguments of ``oci.containerengine.NodePool`` for a pool that honours NP-1 to NP-5 and NET-7."""
    return {
        "compartment_id": COMP,
        "cluster_id": CLUSTER,
        "kubernetes_version": "v1.33.1",
        "node_shape": "VM.Standard.E5.Flex",
        "node_source_details": {"source_type": "IMAGE", "image_id": IMAGE},
        "node_config_details": {
            "size": 3,
            "placement_configs": [{"availability_domain": "Uocm:EU-FRANKFURT-1-AD-1", "subnet_id": SUBNET}],
            "is_pv_encryption_in_transit_enabled": True,
            "kms_key_id": KEY,
        },
        "initial_node_labels": [{"key": "dedicated", "value": "web"}],
        "node_metadata": {"areLegacyImdsEndpointsDisabled": "true", "user_data": cloud_init()},
        "node_pool_cycling_details": {"is_node_cycling_enabled": True},
    }
