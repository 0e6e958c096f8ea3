"""A cluster without a KMS key for its secrets (breaks CL-4)."""

import pulumi_oci as oci

COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaexample"


def cluster(name: str, **overrides):
    args = dict(
        compartment_id=COMPARTMENT,
        kubernetes_version="v1.33.1",
        vcn_id="ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample",
        type="ENHANCED_CLUSTER",
        endpoint_config={
            "is_public_ip_enabled": False,
            "subnet_id": "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaapi",
            "nsg_ids": ["ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaaapi"],
        },
        kms_key_id="ocid1.key.oc1.eu-frankfurt-1.aaaaaaaasecrets",
        image_policy_config={
            "is_policy_enabled": True,
            "key_details": [{"kms_key_id": "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaarsa"}],
        },
        options={
            "add_ons": {"is_kubernetes_dashboard_enabled": False, "is_tiller_enabled": False},
            "admission_controller_options": {"is_pod_security_policy_enabled": False},
        },
    )
    args.update(overrides)
    return oci.containerengine.Cluster(name, **args)


cluster("no-kms", kms_key_id=None)
