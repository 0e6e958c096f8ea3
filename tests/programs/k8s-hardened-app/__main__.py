import pulumi
import pulumi_kubernetes as k8s

from admission import guard_rails
from app import IMAGE, HardenedNamespace

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

svc = k8s.core.v1.Service("shop", metadata={
        "namespace": shop.name,
        "annotations": {"oci.oraclecloud.com/load-balancer-type": "nlb",
                        "oci-network-load-balancer.oraclecloud.com/internal": "true"},
    },
    spec={"type": "LoadBalancer", "selector": labels, "ports": [{"port": 443, "target_port": 8443}]})

pulumi.export("service", svc.metadata.apply(lambda m: f"{m.namespace}/{m.name}"))
