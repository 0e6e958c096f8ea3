import pulumi
import pulumi_oci as oci

c = pulumi.Config()
version = c.require("k8s_version")
compartment = c.require("compartment_id")

option = oci.containerengine.get_node_pool_option_output(node_pool_option_id="all", compartment_id=compartment,
                                                         node_pool_k8s_version=version)
image = option.sources.apply(lambda sources: next(
    s.image_id for s in sources if f"OKE-{version.lstrip('v')}" in s.source_name and "aarch64" not in s.source_name))
ads = oci.identity.get_availability_domains_output(compartment_id=compartment)

oci.containerengine.NodePool("workers",
    cluster_id=c.require("cluster_id"),
    compartment_id=compartment,
    kubernetes_version=version,
    name="workers",
    node_shape="VM.Standard.E5.Flex",
    node_shape_config={"ocpus": 2, "memory_in_gbs": 24},
    node_source_details={"source_type": "IMAGE", "image_id": image},
    node_config_details={
        "size": 3,
        "placement_configs": ads.availability_domains.apply(
            lambda items: [{"availability_domain": ad.name, "subnet_id": c.require("subnet_id")} for ad in items]),
    })
pulumi.export("image", image)
