"""The Mermaid diagram of a stack (issue 10): pure rendering, determinism, the CLI and the docs drift."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

from oke_secure.cli import main
from oke_secure.offline.diagram import END, START, build, escape, safe_id, to_mermaid, update_readme_diagram
from oke_secure.offline.engine import Capture, CapturedResource
from oke_secure.policies import types as T
from tests.conftest import POLICY_FIXTURES, ROOT

DOC = ROOT / "docs" / "prod-diagram.md"
MERMAID_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _res(
    type_: str,
    name: str,
    inputs: dict[str, Any] | None = None,
    *,
    parent: str | None = None,
    deps: dict[str, list[str]] | None = None,
) -> CapturedResource:
    return CapturedResource(
        urn=f"urn:pulumi:t::p::{type_}::{name}",
        type=type_,
        name=name,
        id=f"ocid1.{name}.mock",
        custom=True,
        parent=parent,
        provider=None,
        inputs=inputs or {},
        property_dependencies=deps or {},
    )


def _urn(type_: str, name: str) -> str:
    return f"urn:pulumi:t::p::{type_}::{name}"


def small_stack() -> list[CapturedResource]:
    """A VCN, a subnet routed to a service gateway, keys, a cluster, a pool with its identity, a bastion."""
    pool_parent = "urn:pulumi:t::p::oke-secure:index:NodePool::web"
    return [
        _res(T.VCN, "vcn", {"cidrBlocks": ["10.0.0.0/16"], "displayName": "net"}),
        _res(T.SERVICE_GATEWAY, "sgw", deps={"vcnId": [_urn(T.VCN, "vcn")]}),
        _res(T.ROUTE_TABLE, "rt", deps={"routeRules": [_urn(T.SERVICE_GATEWAY, "sgw")]}),
        _res(
            T.SUBNET,
            "api",
            {"cidrBlock": "10.0.0.0/28", "prohibitPublicIpOnVnic": True, "freeformTags": {"oke-secure-role": "api"}},
            deps={"routeTableId": [_urn(T.ROUTE_TABLE, "rt")], "vcnId": [_urn(T.VCN, "vcn")]},
        ),
        _res(T.VAULT, "vault"),
        _res(T.KEY, "secrets", {"keyShape": {"algorithm": "AES", "length": 32.0}}),
        _res(
            T.CLUSTER,
            "oke",
            {"kubernetesVersion": "v1.33.1", "endpointConfig": {"isPublicIpEnabled": False}},
            deps={"endpointConfig": [_urn(T.SUBNET, "api")], "kmsKeyId": [_urn(T.KEY, "secrets")]},
        ),
        _res(
            T.NODE_POOL,
            "web-pool",
            {"nodeShape": "VM.Standard.E5.Flex", "nodeConfigDetails": {"size": 3.0}},
            parent=pool_parent,
            deps={"clusterId": [_urn(T.CLUSTER, "oke")]},
        ),
        _res(T.DYNAMIC_GROUP, "web-dg", parent=pool_parent),
        _res(
            T.IAM_POLICY, "web-policy", {"statements": ["Allow dynamic-group web to read objects"]}, parent=pool_parent
        ),
        _res(T.BASTION, "bastion", {"targetSubnetId": "ocid1.api.mock", "clientCidrBlockAllowLists": ["192.0.2.0/24"]}),
        _res(
            T.K8S_NAMESPACE,
            "web-ns",
            {"metadata": {"name": "web", "labels": {"pod-security.kubernetes.io/enforce": "restricted"}}},
        ),
        _res(T.NSG, "not-drawn"),
    ]


def test_safe_id_and_escape_make_mermaid_safe_text() -> None:
    assert safe_id("prod-pool-web.v2/x") == "prod_pool_web_v2_x"
    assert safe_id("1st") == "n_1st"
    assert MERMAID_ID.match(safe_id("a b:c-d"))
    assert escape('say "hi" <b>') == "say #quot;hi#quot; #lt;b#gt;"


def test_groups_labels_and_edges_of_a_small_stack() -> None:
    """Subnets sit in the network, the cluster's private endpoint (NET-1) and its key (CL-4) are shown."""
    text = to_mermaid(Capture("p", "t", small_stack(), {}), "test")
    assert text.startswith("---\ntitle: test\n---\nflowchart TB\n")
    network = text[text.index('subgraph network["Network"]') : text.index("subgraph keys[")]
    assert "subnet_api" in network and "sgw_sgw" in network and "vcn_vcn" in network
    assert "10.0.0.0/28 · private · api" in text
    assert "private endpoint" in text and "AES-256" in text
    assert "not-drawn" not in text and "not_drawn" not in text  # NSGs are not drawn
    edges = {line.strip() for line in text.splitlines() if "-->" in line}
    assert "cluster_oke -->|API endpoint| subnet_api" in edges
    assert "cluster_oke -->|encrypts secrets| key_secrets" in edges
    assert "subnet_api -->|routes| sgw_sgw" in edges  # through the (undrawn) route table
    assert "pool_web_pool -->|joins| cluster_oke" in edges
    assert "dg_web_dg -->|matches nodes of| pool_web_pool" in edges  # IAM-3: one group per pool
    assert "policy_web_policy -->|grants| dg_web_dg" in edges
    assert "bastion_bastion -->|sessions| subnet_api" in edges  # AC-1, found by OCID value
    assert "cluster_oke -->|runs| namespaces" in edges
    assert not any("vcnId" in e or "vcn_vcn" in e for e in edges)  # containment is the subgraph


def test_every_node_id_is_mermaid_safe_and_unique() -> None:
    diagram = build(Capture("p", "t", [*small_stack(), _res(T.SUBNET, "api.x"), _res(T.SUBNET, "api-x")], {}))
    ids = [n.id for n in diagram.nodes]
    assert len(ids) == len(set(ids))
    assert all(MERMAID_ID.match(i) for i in ids)
    assert all(MERMAID_ID.match(a) and MERMAID_ID.match(b) for a, b in diagram.edges)


def test_output_is_deterministic_whatever_the_registration_order() -> None:
    resources = small_stack()
    expected = to_mermaid(Capture("p", "t", resources, {}))
    rng = random.Random(7)
    for _ in range(5):
        shuffled = resources[:]
        rng.shuffle(shuffled)
        assert to_mermaid(Capture("p", "t", shuffled, {})) == expected


def test_public_endpoint_and_public_subnet_are_visible_net1() -> None:
    """A diagram must not hide a public API endpoint (NET-1) or a public subnet (NET-2)."""
    cap = Capture(
        "p",
        "t",
        [
            _res(T.CLUSTER, "oke", {"endpointConfig": {"isPublicIpEnabled": True}}),
            _res(T.SUBNET, "open", {"cidrBlock": "10.0.9.0/24", "prohibitPublicIpOnVnic": False}),
        ],
        {},
    )
    text = to_mermaid(cap)
    assert "public endpoint" in text and "PUBLIC" in text


def test_existing_vcn_is_drawn_from_the_subnets() -> None:
    cap = Capture("p", "t", [_res(T.SUBNET, "api", {"vcnId": "ocid1.vcn.oc1..existing"})], {})
    text = to_mermaid(cap)
    assert 'vcn_existing["existing VCN<br/>ocid1.vcn.oc1..existing"]' in text


def test_update_readme_diagram_rewrites_only_the_marked_block(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# title\n\nintro\n{START}old\n{END}\n\nrest\n")
    assert update_readme_diagram(str(readme), mermaid="flowchart TB\n  a --> b\n") is True
    text = readme.read_text()
    assert text == f"# title\n\nintro\n{START}```mermaid\nflowchart TB\n  a --> b\n```\n{END}\n\nrest\n"
    assert update_readme_diagram(str(readme), mermaid="flowchart TB\n  a --> b\n") is False
    readme.write_text("no markers\n")
    with pytest.raises(ValueError, match="diagram:start"):
        update_readme_diagram(str(readme), mermaid="flowchart TB\n")


def test_cli_diagram_of_a_hand_written_program(capsys: pytest.CaptureFixture[str]) -> None:
    """`oke-secure diagram --program` draws any program, here one with a public endpoint (NET-1)."""
    code = main(["diagram", "--program", str(POLICY_FIXTURES / "oke-private-api-endpoint" / "fail.py")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("---\n") and "flowchart TB" in out and "public endpoint" in out


def test_cli_diagram_bad_input_exits_2(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["diagram", "--stack", "nosuchstack"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_prod_diagram_doc_is_up_to_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/prod-diagram.md is exactly what `oke-secure diagram --stack prod` writes today."""
    monkeypatch.chdir(ROOT)
    fresh = tmp_path / "prod-diagram.md"
    assert main(["diagram", "--stack", "prod", "--out", str(fresh)]) == 0
    text = fresh.read_text()
    assert "```mermaid\n" in text and "subgraph pools" in text and "subgraph identity" in text
    assert DOC.is_file() and DOC.read_text() == text, (
        "docs/prod-diagram.md is out of date with the prod stack: run `make diagram`"
    )
    readme = tmp_path / "README.md"
    readme.write_text((ROOT / "README.md").read_text())
    mermaid = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert not update_readme_diagram(str(readme), mermaid), "the README's diagram is stale: run `make diagram`"
