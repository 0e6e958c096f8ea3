"""The arguments the Cluster programs share (data only: importing this module creates nothing)."""

from oke_secure.components.cluster import ClusterArgs

COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"


def base() -> ClusterArgs:
    """A fresh copy of the Cluster arguments around existing network and keys."""
    return {
        "compartment_id": COMPARTMENT,
        "vcn_id": "ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaavcn",
        "api_subnet_id": "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaapi",
        "api_nsg_ids": ["ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaaapi"],
        "lb_subnet_ids": ["ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaalb"],
        "secrets_key_id": "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaasecrets",
        "image_signing_key_id": "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaarsa",
    }
