"""A subnet with a VCN flow log into a log group (honours NET-9)."""

import pulumi_oci as oci

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
workers = oci.core.Subnet(
    "workers",
    compartment_id=COMP,
    vcn_id=vcn.id,
    cidr_block="10.0.16.0/20",
    prohibit_public_ip_on_vnic=True,
    prohibit_internet_ingress=True,
)
group = oci.logging.LogGroup("flow-logs", compartment_id=COMP, display_name="flow-logs")
oci.logging.Log(
    "workers-flow-log",
    display_name="workers-flow-log",
    log_group_id=group.id,
    log_type="SERVICE",
    configuration={
        "source": {"category": "all", "resource": workers.id, "service": "flowlogs", "source_type": "OCISERVICE"}
    },
)
