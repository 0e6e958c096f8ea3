"""DEP-2: a group that may use the cluster (reached through the Bastion) can open a session: it needs
`use bastion` (CreateSession on the bastion) and `manage bastion-session` (Oracle, "Bastion IAM Policies";
"Managing Sessions in Bastion"), or `manage bastion-family`, which holds both."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import violations_of

POLICY = "oke-prerequisites-precede"
GROUP = "ocid1.group.oc1..aaaaaaaaplatform"
PROGRAM = """
import pulumi_oci as oci

oci.bastion.Bastion("ops", bastion_type="STANDARD", compartment_id="ocid1.compartment.oc1..aaaaaaaac",
    target_subnet_id="ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaapi", client_cidr_block_allow_lists=["192.0.2.0/24"])
oci.identity.Policy("people", compartment_id="ocid1.compartment.oc1..aaaaaaaac", description="cluster users",
    name="cluster-users", statements={statements!r})
"""


@pytest.mark.parametrize(
    ("grants", "violates"),
    [
        (["manage bastion-session"], True),  # sessions without the bastion: CreateSession is refused
        (["use bastion"], True),
        (["use bastion", "manage bastion-session"], False),
        (["manage bastion-family"], False),
    ],
)
def test_session_rights_need_the_bastion_and_its_sessions(run_src: Any, grants: list[str], violates: bool) -> None:
    statements = [f"Allow group id {GROUP} to use clusters in compartment id ocid1.compartment.oc1..aaaaaaaac"]
    statements += [f"Allow group id {GROUP} to {g} in compartment id ocid1.compartment.oc1..aaaaaaaac" for g in grants]
    _, report = run_src(PROGRAM.format(statements=statements))
    found = [m for m in violations_of(report, POLICY) if "Bastion session rights" in m]
    assert bool(found) == violates, found
