"""KubernetesBaseline with two team namespaces, two pools and a break-glass group (tests/test_baseline_component.py).

Config: ``break_glass_group``, the OCI group bound to cluster-admin (WL-4).
"""

import pulumi

from oke_secure.components.baseline import KubernetesBaseline

config = pulumi.Config()
baseline = KubernetesBaseline(
    "bl",
    {
        "kubeconfig": "apiVersion: v1\nkind: Config\nusers: []",
        "kubernetes_version": "v1.33.1",
        "allowed_registries": ["eu-frankfurt-1.ocir.io/acme"],
        "break_glass_group": config.require("break_glass_group"),
        "cni": "flannel",
        "name_prefix": "oke",
        "node_pools": [
            {"name": "system", "system": True},
            {"name": "batch", "preemptible": True, "namespaces": ["team-b"]},
        ],
        "namespaces": [
            {
                "name": "team-a",
                "team": "a",
                "load_balancers": 1,
                "groups": [
                    {"id": "ocid1.group.oc1..aaaaaaaadevs", "role": "edit"},
                    {"id": "ocid1.user.oc1..aaaaaaaaalice", "role": "view"},
                ],
                "service_accounts": [
                    {"name": "app"},
                    {"name": "ctl", "automount_token": True, "automount_reason": "the controller watches ConfigMaps"},
                ],
            },
            {
                "name": "team-b",
                "team": "b",
                "pod_security": "baseline",
                "pod_security_reason": "vendor image runs as root",
                "tolerate_preemptible": True,
            },
        ],
    },
)
pulumi.export("namespaces", baseline.namespace_names)
