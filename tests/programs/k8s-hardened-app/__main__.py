import pulumi
import pulumi_kubernetes as k8s

from admission import guard_rails
from app import IMAGE, HardenedNamespace, lock_default

config = pulumi.Config()
guard_rails()
shop = HardenedNamespace("shop")

sa = k8s.core.v1.ServiceAccount("shop-sa", metadata={"namespace": shop.name, "name": "shop"},
    automount_service_account_token=False)

labels = {"app": "shop"}
k8s.apps.v1.Deployment("shop",
    metadata={"namespace": shop.name},
    spec={
        "replicas": config.get_int("replicas"),
        "selector": {"match_labels": labels},
        "template": {
            "metadata": {"labels": labels},
            "spec": {
                "service_account_name": sa.metadata.name,
                "automount_service_account_token": False,
                "security_context": {"run_as_non_root": True, "seccomp_profile": {"type": "RuntimeDefault"}},
                "containers": [{
                    "name": "shop", "image": IMAGE,
                    "security_context": {"allow_privilege_escalation": False, "read_only_root_filesystem": True,
                                         "capabilities": {"drop": ["ALL"]}},
                    "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}},
                }],
            },
        },
    })

# TLS ends at an internal layer-7 load balancer with a certificate from OCI Certificates, in our LB NSG.
certs = k8s.core.v1.ConfigMap("shop-lb-certs", metadata={"namespace": shop.name, "name": "shop-lb-certs"},
    data={"443": '["ocid1.certificate.oc1.eu-frankfurt-1.aaaaaaaashopcert"]'})
svc = k8s.core.v1.Service("shop", metadata={
        "namespace": shop.name,
        "annotations": {
            "oci.oraclecloud.com/load-balancer-type": "lb",
            "service.beta.kubernetes.io/oci-load-balancer-internal": "true",
            "oci.oraclecloud.com/oci-network-security-groups": config.require("lb_nsg"),
            "oci.oraclecloud.com/security-rule-management-mode": "NSG",
            "oci.oraclecloud.com/oci-backend-network-security-group": config.require("workers_nsg"),
            "service.beta.kubernetes.io/oci-load-balancer-ssl-ports": "443",
            "oci-load-balancer.oraclecloud.com/tls-certificate-map": certs.metadata.name,
            "oci.oraclecloud.com/oci-load-balancer-listener-ssl-config":
                '{"CipherSuiteName":"oci-default-http2-tls-12-13-ssl-cipher-suite-v1","Protocols":["TLSv1.2","TLSv1.3"]}',
        },
    },
    spec={"type": "LoadBalancer", "selector": labels, "ports": [{"port": 443, "target_port": 8443}]})

lock_default()

pulumi.export("service", svc.metadata.apply(lambda m: f"{m.namespace}/{m.name}"))
