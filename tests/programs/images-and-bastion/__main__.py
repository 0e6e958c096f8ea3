import pulumi
import pulumi_oci as oci

config = pulumi.Config()
compartment = config.require("compartment")
subnet = config.require("subnet")

images = oci.core.get_images(compartment_id=compartment, operating_system="Oracle Linux",
                             operating_system_version="9", shape="VM.Standard.E5.Flex",
                             sort_by="TIMECREATED", sort_order="DESC")
ad = oci.identity.get_availability_domain(compartment_id=compartment, ad_number=1)
shapes = oci.core.get_shapes(compartment_id=compartment, filters=[{"name": "name", "values": ["VM.Standard.E5.Flex"]}])

print("image:", images.images[0]["display_name"], "shape ocpus:", shapes.shapes[0].ocpus)

instance = oci.core.Instance("jumphost",
    availability_domain=ad.name,
    compartment_id=compartment,
    shape=shapes.shapes[0].name,
    shape_config={"ocpus": 1, "memory_in_gbs": 8},
    source_details={"source_type": "image", "source_id": images.images[0]["id"]},
    create_vnic_details={"subnet_id": subnet, "assign_public_ip": False},
    metadata={"user_data": ""})

bastion = oci.bastion.Bastion("jump-bastion",
    bastion_type="STANDARD",
    compartment_id=compartment,
    target_subnet_id=subnet,
    client_cidr_block_allow_lists=["0.0.0.0/0"])

pulumi.export("private_ip", instance.private_ip)
