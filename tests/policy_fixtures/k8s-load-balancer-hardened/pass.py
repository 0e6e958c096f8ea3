"""A load balancer written from Oracle's documentation (honours NET-10): NSG attached with NSG rule
management and a backend NSG, TLS 1.2/1.3 on every port with a certificate from OCI Certificates (a
ConfigMap maps the port to the certificate OCID), public only from listed source ranges. NSG ids are
outputs of the program's own NSGs (unknown at a first preview)."""

import pulumi_kubernetes as k8s
import pulumi_oci as oci

VCN = "ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample"
COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"
lb_nsg = oci.core.NetworkSecurityGroup("lb", compartment_id=COMPARTMENT, vcn_id=VCN)
workers_nsg = oci.core.NetworkSecurityGroup("workers", compartment_id=COMPARTMENT, vcn_id=VCN)

k8s.core.v1.ConfigMap(
    "web-certs",
    metadata={"name": "web-certs", "namespace": "shop"},
    data={"443": '["ocid1.certificate.oc1.eu-frankfurt-1.aaaaaaaaexample"]'},
)
k8s.core.v1.Service(
    "web",
    metadata={
        "name": "web",
        "namespace": "shop",
        "annotations": {
            "oci.oraclecloud.com/load-balancer-type": "lb",
            "oci.oraclecloud.com/oci-network-security-groups": lb_nsg.id,
            "oci.oraclecloud.com/security-rule-management-mode": "NSG",
            "oci.oraclecloud.com/oci-backend-network-security-group": workers_nsg.id,
            "service.beta.kubernetes.io/oci-load-balancer-ssl-ports": "443",
            "oci-load-balancer.oraclecloud.com/tls-certificate-map": "web-certs",
            "oci.oraclecloud.com/oci-load-balancer-listener-ssl-config": (
                '{"CipherSuiteName":"oci-default-http2-tls-12-13-ssl-cipher-suite-v1","Protocols":["TLSv1.2","TLSv1.3"]}'
            ),
        },
    },
    spec={
        "type": "LoadBalancer",
        "selector": {"app": "web"},
        "ports": [{"port": 443, "targetPort": 8443}],
        "loadBalancerSourceRanges": ["203.0.113.0/24"],
    },
)
k8s.core.v1.Service(
    "db", metadata={"name": "db", "namespace": "shop"}, spec={"selector": {"app": "db"}, "ports": [{"port": 5432}]}
)
