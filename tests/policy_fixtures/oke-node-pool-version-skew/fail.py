"""Node pools ahead of their cluster and four minors behind it (breaks CL-6)."""

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


def pool(name: str, cluster_id, version: str):
    return oci.containerengine.NodePool(
        name,
        cluster_id=cluster_id,
        compartment_id=COMPARTMENT,
        kubernetes_version=version,
        name=name,
        node_shape="VM.Standard.E5.Flex",
        node_shape_config={"ocpus": 2, "memory_in_gbs": 16},
        node_config_details={
            "size": 3,
            "placement_configs": [
                {
                    "availability_domain": "Uocm:EU-FRANKFURT-1-AD-1",
                    "subnet_id": "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaworkers",
                }
            ],
        },
        node_source_details={"source_type": "IMAGE", "image_id": "ocid1.image.oc1.eu-frankfurt-1.aaaaaaaaimage"},
    )


c = cluster("cp", kubernetes_version="v1.34.1")
pool("ahead", c.id, "v1.35.0")
pool("stale", c.id, "v1.30.10")
