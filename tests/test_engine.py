"""The offline engine captures what a real engine would see: types, names, parents, options, secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from oke_secure.offline.engine import run_program
from oke_secure.spec.errors import ProgramError
from tests.conftest import run_source

PROGRAM = """
import pulumi, pulumi_oci as oci

class Box(pulumi.ComponentResource):
    def __init__(self, name, opts=None):
        super().__init__("test:index:Box", name, None, opts)
        self.vcn = oci.core.Vcn(f"{name}-vcn", compartment_id=pulumi.Config().require("cid"),
                                cidr_blocks=["10.0.0.0/16"], opts=pulumi.ResourceOptions(parent=self, protect=True))
        self.subnet = oci.core.Subnet(f"{name}-subnet", compartment_id="c", vcn_id=self.vcn.id,
                                      cidr_block="10.0.1.0/24", opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({})

box = Box("box")
ads = oci.identity.get_availability_domains_output(compartment_id="c")
pulumi.export("ads", ads.availability_domains.apply(lambda a: [x.name for x in a]))
pulumi.export("token", pulumi.Output.secret("s3cr3t"))
"""


def test_captures_parents_options_dependencies_and_invokes(tmp_path: Path) -> None:
    cap = run_source(tmp_path, PROGRAM, {"cid": "ocid1.compartment.oc1..aaaaaaaatest"})
    by_name = {r.name: r for r in cap.resources}
    box, vcn, subnet = by_name["box"], by_name["box-vcn"], by_name["box-subnet"]
    assert not box.custom and box.type == "test:index:Box"
    assert vcn.parent == box.urn and subnet.parent == box.urn
    assert vcn.protect and not subnet.protect
    assert vcn.inputs["compartmentId"] == "ocid1.compartment.oc1..aaaaaaaatest"
    assert vcn.inputs["cidrBlocks"] == ["10.0.0.0/16"]
    assert vcn.urn in subnet.dependencies
    assert subnet.property_dependencies["vcnId"] == [vcn.urn]
    assert subnet.inputs["vcnId"] == vcn.id and vcn.id and vcn.id.startswith("ocid1.vcn.")
    assert cap.outputs["ads"].value == [f"Uocm:EU-FRANKFURT-1-AD-{i}" for i in (1, 2, 3)]
    assert cap.outputs["token"].secret and not cap.outputs["ads"].secret


def test_runs_are_isolated_and_ids_stable(tmp_path: Path) -> None:
    first = run_source(tmp_path, PROGRAM, {"cid": "ocid1.compartment.oc1..aaaaaaaaone"})
    second = run_source(tmp_path, PROGRAM, {"cid": "ocid1.compartment.oc1..aaaaaaaatwo"})
    assert len(first.resources) == len(second.resources) == 3
    assert [r.id for r in first.resources] == [r.id for r in second.resources]
    assert {r.inputs.get("compartmentId") for r in second.resources if r.name == "box-vcn"} == {
        "ocid1.compartment.oc1..aaaaaaaatwo"
    }


def test_program_errors_are_reported_not_raised_raw(tmp_path: Path) -> None:
    with pytest.raises(ProgramError, match="ZeroDivisionError"):
        run_source(tmp_path, "x = 1 / 0\n")
    with pytest.raises(ProgramError, match="no such program"):
        run_program(tmp_path / "missing")
    (tmp_path / "emptydir").mkdir()
    with pytest.raises(ProgramError, match=r"no __main__\.py"):
        run_program(tmp_path / "emptydir")
