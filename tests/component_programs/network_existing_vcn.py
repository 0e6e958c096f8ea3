"""Network in an existing VCN, in a compartment the program creates (tests/test_network_component.py).

Config: ``vcn_id``, the existing VCN's OCID.
"""

import pulumi
import pulumi_oci as oci

from oke_secure.components.network import Network

comp = oci.identity.Compartment(
    "team", compartment_id="ocid1.compartment.oc1..aaaaaaaaparent", name="team", description="team"
)
net = Network("net", {"compartment_id": comp.id, "network": {"vcn_id": pulumi.Config().require("vcn_id")}})
pulumi.export("vcn", net.vcn_id)
