"""Keys: vault and keys protected (CL-4, DS-1), service policies that name their key (IAM-5)."""

from __future__ import annotations

from typing import Any

import pytest

from oke_secure.builders.key_policies import parse_key_grant, service_statements, unscoped_key_grants
from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.evaluate import Report, evaluate
from oke_secure.policies import types as T
from oke_secure.spec.errors import SpecError
from tests.conftest import COMPONENT_PROGRAMS as PROGRAMS

C = "ocid1.compartment.oc1..aaaaaaaaexample"
MY_POLICIES = {"oke-keys-protected", "oke-key-policies-name-the-key", "oke-not-in-tenancy-root"}


def _run(args: dict[str, Any]) -> tuple[Capture, Report]:
    cap = run_program(PROGRAMS / "keys_args.py", config={"args": args})
    return cap, evaluate(cap.resources)


def test_iam5_every_rendered_statement_names_its_key() -> None:
    statements = service_statements(C, "ocid1.key.oc1..s", "ocid1.key.oc1..b", "ocid1.key.oc1..r")
    assert unscoped_key_grants(statements) == []
    assert all(parse_key_grant(s) is not None for s in statements)
    assert any("key-delegates" in s and "'nodepool'" in s and "ocid1.key.oc1..b" in s for s in statements)
    assert any("service blockstorage to use keys" in s and "ocid1.key.oc1..b" in s for s in statements)
    assert any("'cluster'" in s and "ocid1.key.oc1..r" in s for s in statements)


def test_iam5_unscoped_and_any_conditions_are_caught() -> None:
    bad = [
        f"Allow service oke to use keys in compartment id {C}",
        "Allow any-user to use key-delegates in tenancy where ANY {request.principal.type = 'nodepool', "
        "target.key.id = 'ocid1.key.oc1..x'}",
        "allow group ops to manage key-family in compartment prod where request.region = 'fra'",
    ]
    ok = [f"Allow group ops to use clusters in compartment id {C}", "not a statement at all"]
    assert [g.statement for g in unscoped_key_grants(bad + ok)] == bad


def test_default_creates_protected_vault_and_three_hsm_keys() -> None:
    """CL-4/DS-1: vault and keys exist and are protected; IAM-5: the service policy names each key."""
    cap, report = _run({"compartment_id": C, "name_prefix": "demo"})
    vaults, keys = cap.by_type(T.VAULT), cap.by_type(T.KEY)
    assert len(vaults) == 1 and vaults[0].protect and vaults[0].inputs["vaultType"] == "DEFAULT"
    shapes = {k.name: (k.inputs["keyShape"]["algorithm"], k.inputs["keyShape"]["length"]) for k in keys}
    assert shapes == {
        "k-secrets-key": ("AES", 32),
        "k-boot-volumes-key": ("AES", 32),
        "k-image-signing-key": ("RSA", 512),
    }
    assert all(k.protect and k.inputs["protectionMode"] == "HSM" for k in keys)
    assert not any(k.inputs.get("isAutoRotationEnabled") for k in keys)  # shared vaults cannot auto-rotate
    (policy,) = cap.by_type(T.IAM_POLICY)
    key_ids = {k.id for k in keys}
    named = {kid for s in policy.inputs["statements"] for kid in key_ids if kid in s}
    assert named == key_ids
    assert cap.outputs["ids"].value[0] == vaults[0].id
    assert [v for v in report.violations if v.policy in MY_POLICIES] == []


def test_private_vault_rotates_aes_keys_only() -> None:
    cap, _ = _run({"compartment_id": C, "vault_type": "VIRTUAL_PRIVATE"})
    rotating = {k.name for k in cap.by_type(T.KEY) if k.inputs.get("isAutoRotationEnabled")}
    assert rotating == {"k-secrets-key", "k-boot-volumes-key"}
    key = next(k for k in cap.by_type(T.KEY) if k.name == "k-secrets-key")
    assert 60 <= key.inputs["autoKeyRotationDetails"]["rotationIntervalInDays"] <= 365


def test_existing_keys_are_used_and_only_the_policy_is_created() -> None:
    ids = {
        "secrets_key_id": "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaasecret",
        "boot_volume_key_id": "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaabootvol",
        "image_signing_key_id": "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaasigning",
    }
    cap, report = _run({"compartment_id": C, "keys": ids})
    assert cap.by_type(T.VAULT) == [] and cap.by_type(T.KEY) == []
    (policy,) = cap.by_type(T.IAM_POLICY)
    assert all(any(i in s for s in policy.inputs["statements"]) for i in ids.values())
    assert cap.outputs["ids"].value[1:] == list(ids.values())
    # DEP-1 is judged where the home-region provider is given (the stack); this program has none.
    assert [v for v in report.violations if v.policy != "oke-iam-home-region-provider"] == []


def test_existing_vault_gets_new_keys() -> None:
    spec = {
        "vault_id": "ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaavault",
        "management_endpoint": "https://abc-management.kms.eu-frankfurt-1.oraclecloud.com",
    }
    cap, _ = _run({"compartment_id": C, "keys": spec})
    assert cap.by_type(T.VAULT) == []
    keys = cap.by_type(T.KEY)
    assert len(keys) == 3 and all(k.inputs["managementEndpoint"] == spec["management_endpoint"] for k in keys)
    assert cap.outputs["ids"].value[0] == spec["vault_id"]


def test_partial_key_ids_fail_before_any_resource() -> None:
    with pytest.raises(SpecError) as err:
        partial = {"secrets_key_id": "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaasecret"}
        _run({"compartment_id": C, "keys": partial})
    assert any(p.field.startswith("keys") for p in err.value.problems)
