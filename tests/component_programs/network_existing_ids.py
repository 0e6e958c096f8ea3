"""The README's Way 2: ids of existing resources passed as Outputs (tests/test_newcomer.py)."""

import pulumi_oci as oci

from oke_secure.components.network import Network

mine = oci.identity.Compartment.get("mine", "ocid1.compartment.oc1..aaaaaaaaexamplemine")
vcn = oci.core.Vcn.get("existing", "ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexistingvcn")
Network(
    "edge",
    {
        "compartment_id": mine.id,
        "network": {
            # The README's Way 2 passes an Output here and the component accepts it, but the generated
            # NetworkSpecInput types vcn_id as str: the ignore goes (warn_unused_ignores) once it is Input[str].
            "vcn_id": vcn.id,  # type: ignore[typeddict-item]
            "vcn_cidr": "10.40.0.0/16",
            "subnets": {
                "api_endpoint": "10.40.0.0/28",
                "load_balancers": "10.40.2.0/24",
                "workers": "10.40.16.0/20",
                "pods": "10.40.128.0/17",
            },
        },
    },
)
