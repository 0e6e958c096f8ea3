import pulumi
import pulumi_oci as oci

cfg = pulumi.Config()
compartment_id = cfg.require("compartment_id")
k8s_version = cfg.require("kubernetes_version")
node_count = cfg.require_int("node_count")

vcn = oci.core.Vcn("oke-vcn", compartment_id=compartment_id, cidr_blocks=["10.0.0.0/16"], dns_label="oke")
igw = oci.core.InternetGateway("oke-igw", compartment_id=compartment_id, vcn_id=vcn.id)
public_rt = oci.core.RouteTable("oke-public-rt", compartment_id=compartment_id, vcn_id=vcn.id,
    route_rules=[{"destination": "0.0.0.0/0", "network_entity_id": igw.id}])

api_subnet = oci.core.Subnet("oke-api-subnet", compartment_id=compartment_id, vcn_id=vcn.id,
    cidr_block="10.0.0.0/28", route_table_id=public_rt.id, prohibit_public_ip_on_vnic=False)
node_subnet = oci.core.Subnet("oke-node-subnet", compartment_id=compartment_id, vcn_id=vcn.id,
    cidr_block="10.0.10.0/24", route_table_id=public_rt.id, prohibit_public_ip_on_vnic=False)

cluster = oci.containerengine.Cluster("oke-cluster",
    compartment_id=compartment_id,
    kubernetes_version=k8s_version,
    name="quickstart",
    vcn_id=vcn.id,
    endpoint_config={"is_public_ip_enabled": True, "subnet_id": api_subnet.id},
    options={"service_lb_subnet_ids": [node_subnet.id]})

options = oci.containerengine.get_node_pool_option(node_pool_option_id="all", compartment_id=compartment_id)
image_id = [s.image_id for s in options.sources
            if k8s_version.lstrip("v") in s.source_name and "aarch64" not in s.source_name][0]
ads = oci.identity.get_availability_domains(compartment_id=compartment_id).availability_domains

pool = oci.containerengine.NodePool("oke-pool",
    cluster_id=cluster.id,
    compartment_id=compartment_id,
    kubernetes_version=k8s_version,
    name="pool1",
    node_shape="VM.Standard.E4.Flex",
    node_shape_config={"ocpus": 2, "memory_in_gbs": 16},
    node_source_details={"image_id": image_id, "source_type": "IMAGE"},
    ssh_public_key=cfg.get("ssh_public_key"),
    node_config_details={
        "size": node_count,
        "placement_configs": [{"availability_domain": ad.name, "subnet_id": node_subnet.id} for ad in ads],
    })

pulumi.export("cluster_endpoint", cluster.endpoints.apply(lambda e: e[0].public_endpoint if e else None))
