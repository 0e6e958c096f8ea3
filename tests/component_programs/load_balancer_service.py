"""HardenedLoadBalancerService ``web`` behind NSGs the program creates (tests/test_cis_controls.py, NET-10).

Config: ``overrides``, arguments added to or replacing the internal HTTPS service's (default none).
"""

import pulumi
import pulumi_oci as oci

from oke_secure.components.load_balancer_service import HardenedLoadBalancerService, HardenedLoadBalancerServiceArgs

VCN = "ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample"
COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"
lb_nsg = oci.core.NetworkSecurityGroup("lb", compartment_id=COMPARTMENT, vcn_id=VCN)
workers = oci.core.NetworkSecurityGroup("workers", compartment_id=COMPARTMENT, vcn_id=VCN)
args: HardenedLoadBalancerServiceArgs = {
    "namespace": "shop",
    "selector": {"app": "web"},
    "ports": [{"port": 443, "target_port": 8443}],
    "certificates": {"443": "ocid1.certificate.oc1.eu-frankfurt-1.aaaaaaaaexample"},
    "lb_nsg_id": lb_nsg.id,
    "backend_nsg_id": workers.id,
}
args.update(pulumi.Config().get_object("overrides", {}))
HardenedLoadBalancerService("web", args)
