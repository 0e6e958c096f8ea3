"""Access: the OCI Bastion service with an allow-list and short sessions (AC-1)."""

from __future__ import annotations

import pytest

from oke_secure.components import access
from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.evaluate import Report, evaluate
from oke_secure.policies import types as T
from oke_secure.spec.errors import SpecError
from tests.conftest import COMPONENT_PROGRAMS as PROGRAMS

C = "ocid1.compartment.oc1..aaaaaaaaexample"
SUBNET = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaapi"


def _run(bastion: dict[str, object]) -> tuple[Capture, Report]:
    config = {"compartment_id": C, "target_subnet_id": SUBNET, "bastion": bastion}
    cap = run_program(PROGRAMS / "access_bastion.py", config=config)
    return cap, evaluate(cap.resources)


def test_ac1_bastion_targets_the_api_subnet_with_allow_list_and_ttl() -> None:
    cap, report = _run({"client_cidrs": ["192.0.2.0/24", "198.51.100.0/24"], "session_ttl_seconds": 7200})
    (b,) = cap.by_type(T.BASTION)
    assert b.inputs["bastionType"] == "STANDARD" and b.inputs["targetSubnetId"] == SUBNET
    assert b.inputs["clientCidrBlockAllowLists"] == ["192.0.2.0/24", "198.51.100.0/24"]
    assert b.inputs["maxSessionTtlInSeconds"] == 7200
    assert b.inputs["name"].isalnum()
    assert cap.outputs["bastion_id"].value == b.id
    assert [r.type for r in cap.resources if r.custom] == [T.BASTION]  # no VM, no extra NSG rule
    assert report.violations == []


def test_ac1_disabled_bastion_creates_nothing() -> None:
    cap, _ = _run({"enabled": False})
    assert [r for r in cap.resources if r.custom] == []
    assert cap.outputs["bastion_id"].value is None


@pytest.mark.parametrize(
    "bastion,field",
    [
        ({"client_cidrs": ["0.0.0.0/0"]}, "bastion.client_cidrs[0]"),
        ({"client_cidrs": []}, "bastion.client_cidrs"),
        ({"client_cidrs": ["192.0.2.0/24"], "session_ttl_seconds": 14400}, "bastion.session_ttl_seconds"),
    ],
)
def test_ac1_open_or_long_access_fails_before_any_resource(bastion: dict[str, object], field: str) -> None:
    with pytest.raises(SpecError) as err:
        _run(bastion)
    assert [p.field for p in err.value.problems] == [field]


def test_ac1_module_documents_port_forwarding_and_kubectl() -> None:
    doc = access.__doc__ or ""
    assert "oci bastion session create-port-forwarding" in doc and "--target-port 6443" in doc
    assert "kubectl" in doc
