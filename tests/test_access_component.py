"""Access: the OCI Bastion service with an allow-list and short sessions (AC-1)."""

from __future__ import annotations

import pytest

from oke_secure.components import access
from oke_secure.policies import types as T
from oke_secure.spec.errors import SpecError

C = "ocid1.compartment.oc1..aaaaaaaaexample"
SUBNET = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaapi"


def _prog(bastion: dict[str, object]) -> str:
    return f"""
import pulumi
from oke_secure.components.access import Access
a = Access("ops", {{"compartment_id": "{C}", "target_subnet_id": "{SUBNET}", "bastion": {bastion!r},
                   "name_prefix": "prod-eu"}})
pulumi.export("bastion_id", a.bastion_id)
"""


def test_ac1_bastion_targets_the_api_subnet_with_allow_list_and_ttl(run_src) -> None:  # type: ignore[no-untyped-def]
    cap, report = run_src(_prog({"client_cidrs": ["192.0.2.0/24", "198.51.100.0/24"], "session_ttl_seconds": 7200}))
    (b,) = cap.by_type(T.BASTION)
    assert b.inputs["bastionType"] == "STANDARD" and b.inputs["targetSubnetId"] == SUBNET
    assert b.inputs["clientCidrBlockAllowLists"] == ["192.0.2.0/24", "198.51.100.0/24"]
    assert b.inputs["maxSessionTtlInSeconds"] == 7200
    assert b.inputs["name"].isalnum()
    assert cap.outputs["bastion_id"].value == b.id
    assert [r.type for r in cap.resources if r.custom] == [T.BASTION]  # no VM, no extra NSG rule
    assert report.violations == []


def test_ac1_disabled_bastion_creates_nothing(run_src) -> None:  # type: ignore[no-untyped-def]
    cap, _ = run_src(_prog({"enabled": False}))
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
def test_ac1_open_or_long_access_fails_before_any_resource(  # type: ignore[no-untyped-def]
    run_src, bastion: dict[str, object], field: str
) -> None:
    with pytest.raises(SpecError) as err:
        run_src(_prog(bastion))
    assert [p.field for p in err.value.problems] == [field]


def test_ac1_module_documents_port_forwarding_and_kubectl() -> None:
    doc = access.__doc__ or ""
    assert "oci bastion session create-port-forwarding" in doc and "--target-port 6443" in doc
    assert "kubectl" in doc
