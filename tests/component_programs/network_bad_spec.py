"""Network with a bad spec; the program catches the SpecError and exports the fields it names
(tests/test_network_component.py: nothing may exist before the refusal)."""

import pulumi

from oke_secure.components.network import Network
from oke_secure.spec.errors import SpecError

try:
    Network(
        "net",
        {
            "compartment_id": "ocid1.compartment.oc1..aaaaaaaaexample",
            "network": {"admin_cidrs": ["0.0.0.0/0"], "subnets": {"workers": "10.0.0.0/20"}, "cni": "calico"},
        },
    )
except SpecError as exc:
    pulumi.export("fields", [p.field for p in exc.problems])
