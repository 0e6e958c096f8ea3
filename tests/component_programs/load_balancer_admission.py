"""AdmissionPolicies taking the load-balancer and worker NSG ids as Outputs, beside the HardenedLoadBalancerService
``web`` that uses those NSGs and a plain LoadBalancer Service ``plain`` (tests/test_admission_cel.py, NET-10)."""

import pulumi_kubernetes as k8s
import pulumi_oci as oci

from oke_secure.components.baseline_admission import AdmissionPolicies
from oke_secure.components.load_balancer_service import HardenedLoadBalancerService

VCN = "ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample"
COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"
lb_nsg = oci.core.NetworkSecurityGroup("lb", compartment_id=COMPARTMENT, vcn_id=VCN)
workers = oci.core.NetworkSecurityGroup("workers", compartment_id=COMPARTMENT, vcn_id=VCN)
AdmissionPolicies(
    "admission",
    {
        "allowed_registries": ["eu-frankfurt-1.ocir.io/acme"],
        "lb_nsg_ids": [lb_nsg.id],
        "backend_nsg_ids": [workers.id],
    },
)
HardenedLoadBalancerService(
    "web",
    {
        "namespace": "shop",
        "selector": {"app": "web"},
        "ports": [{"port": 443, "target_port": 8443}],
        "certificates": {"443": "ocid1.certificate.oc1.eu-frankfurt-1.aaaaaaaaexample"},
        "lb_nsg_id": lb_nsg.id,
        "backend_nsg_id": workers.id,
    },
)
k8s.core.v1.Service(
    "plain",
    metadata={"name": "plain", "namespace": "shop"},
    spec={"type": "LoadBalancer", "ports": [{"port": 80}], "selector": {"app": "web"}},
)
