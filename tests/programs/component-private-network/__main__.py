import ipaddress

import pulumi

from network import NetworkArgs, PrivateNetwork

conf = pulumi.Config()
cidr = ipaddress.ip_network(conf.require("cidr"))
blocks = list(cidr.subnets(new_prefix=24))

net = PrivateNetwork("platform", NetworkArgs(
    compartment_id=conf.require("compartment"),
    cidr=str(cidr),
    subnets={"app": str(blocks[1]), "data": str(blocks[2])},
))

pulumi.export("vcn_id", net.vcn.id)
pulumi.export("subnets", net.subnet_ids)
