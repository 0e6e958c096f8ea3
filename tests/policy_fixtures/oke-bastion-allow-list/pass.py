"""A Bastion limited to an office CIDR and one-hour sessions (honours AC-1)."""

import pulumi_oci as oci

COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"

oci.bastion.Bastion(
    "bastion",
    bastion_type="STANDARD",
    compartment_id=COMPARTMENT,
    target_subnet_id="ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaapi",
    client_cidr_block_allow_lists=["192.0.2.0/24"],
    max_session_ttl_in_seconds=3600,
)
