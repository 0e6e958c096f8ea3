"""NP-7: workloads of different trust never share a cluster; the spec refuses it and points to a second stack."""

from __future__ import annotations

from typing import Any

import pytest

from oke_secure.spec import parse_spec
from oke_secure.spec.errors import SpecError


def _spec(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "dev",
        "tenancy_id": "ocid1.tenancy.oc1..aaaaaaaaexample",
        "compartment": {"id": "ocid1.compartment.oc1..aaaaaaaaexample"},
        "region": "eu-frankfurt-1",
        "access": {"bastion": {"client_cidrs": ["192.0.2.0/24"]}},
        "registry": {"namespace": "examplens"},
    }
    base.update(extra)
    return base


def test_pool_of_other_trust_is_refused_np7() -> None:
    pools = [{"name": "system", "system": True}, {"name": "sandbox", "trust": "dev"}]
    with pytest.raises(SpecError) as err:
        parse_spec(_spec(node_pools=pools))
    (problem,) = [p for p in err.value.problems if "NP-7" in p.message]
    assert problem.field == "node_pools[1].trust"
    assert "'sandbox'" in problem.message and "'prod'" in problem.message
    assert "Pulumi.dev.yaml" in problem.fix


def test_namespace_of_other_trust_is_refused_np7() -> None:
    with pytest.raises(SpecError) as err:
        parse_spec(_spec(trust="prod", namespaces=[{"name": "customer-code", "team": "x", "trust": "untrusted"}]))
    assert any(p.field == "namespaces[0].trust" and "NP-7" in p.message for p in err.value.problems)


def test_same_trust_everywhere_is_accepted_np7() -> None:
    spec = parse_spec(
        _spec(trust="dev", node_pools=[{"name": "system", "system": True, "trust": "dev"}, {"name": "web"}])
    )
    assert [p.name for p in spec.node_pools] == ["system", "web"]
