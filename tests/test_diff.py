"""``oke-secure diff`` (issue 8): growing a stack only adds resources; what holds data keeps its name.

Unit tests check the matching on hand-built captures; the rest run the prod example stack offline and
prove that adding a node pool (NP-1) or a namespace (WL-1) changes no input of any existing resource,
and that the vault, the keys (CL-4, CL-5, NP-3) and the cluster keep their URNs.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from oke_secure.cli import main
from oke_secure.offline.diff import Diff, capture_side, changed_keys, diff_captures, format_diff, logical_urn, to_json
from oke_secure.offline.engine import Capture, CapturedResource
from oke_secure.policies import types as T
from tests.conftest import ROOT, example_spec


def _res(name: str, stack: str = "dev", protect: bool = False, **inputs: Any) -> CapturedResource:
    return CapturedResource(
        urn=f"urn:pulumi:{stack}::p::test:x:X::{name}",
        type="test:x:X",
        name=name,
        id=name,
        custom=True,
        parent=None,
        provider=None,
        inputs=inputs,
        protect=protect,
    )


def _cap(*resources: CapturedResource) -> Capture:
    return Capture(project="p", stack="dev", resources=list(resources), outputs={})


# Matching ----------------------------------------------------------------------------------------


def test_added_removed_and_changed_keys() -> None:
    old = _cap(_res("keep", a=1, b={"x": 1}), _res("gone"), _res("edit", a=1, b=2, c=3))
    new = _cap(_res("keep", a=1, b={"x": 1}), _res("edit", a=1, b=5, d=4), _res("fresh"))
    d = diff_captures(old, new)
    assert [r.name for r in d.added] == ["fresh"]
    assert [r.name for r in d.removed] == ["gone"]
    assert [(c.name, c.keys) for c in d.changed] == [("edit", ["b", "c", "d"])]
    assert d.unchanged == 1 and not d.empty
    assert format_diff(d).splitlines() == [
        "+ X fresh",
        "- X gone",
        "~ X edit: b, c, d",
        "1 to add, 1 to change, 1 to remove, 1 unchanged",
    ]
    assert to_json(d)["changed"][0]["keys"] == ["b", "c", "d"]


def test_protect_change_is_listed_and_a_protected_removal_is_flagged() -> None:
    d = diff_captures(_cap(_res("vault", protect=True), _res("key", protect=True)), _cap(_res("vault")))
    assert [(c.name, c.keys) for c in d.changed] == [("vault", ["(protect)"])]
    assert "- X key  (protected: the delete would fail)" in format_diff(d)


def test_urns_match_across_stack_names() -> None:
    assert logical_urn("urn:pulumi:prod::p::a$b::n") == "p::a$b::n"
    d = diff_captures(_cap(_res("n", stack="dev", a=1)), _cap(_res("n", stack="prod", a=1)))
    assert d.empty and d.unchanged == 1


def test_changed_keys_sees_a_key_set_to_none() -> None:
    assert changed_keys({"a": None}, {}) == ["a"]
    assert changed_keys({"a": [1, 2]}, {"a": [1, 2]}) == []


def test_cli_needs_exactly_two_sides(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--stack", "prod"]) == 2
    assert "exactly two sides" in capsys.readouterr().err


def test_cli_reports_a_bad_spec_as_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({**example_spec("prod"), "node_pools": [{"name": "web"}]}))
    assert main(["diff", str(bad), str(bad)]) == 2
    assert "system: true" in capsys.readouterr().err


# The prod example stack --------------------------------------------------------------------------

NEW_POOL = {"name": "batch", "size": 2, "namespaces": ["batch"]}
NEW_NAMESPACE = {"name": "batch", "team": "data"}


def _write(path: Path, spec: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump({"config": {"oke-secure:spec": spec}}))
    return path


@pytest.fixture(scope="module")
def base() -> Capture:
    return capture_side("prod", is_stack=True, root=ROOT)


@pytest.fixture(scope="module")
def with_pool(tmp_path_factory: pytest.TempPathFactory) -> Capture:
    spec = copy.deepcopy(example_spec("prod"))
    spec["namespaces"].append(NEW_NAMESPACE)
    spec["node_pools"].insert(1, NEW_POOL)  # in the middle: list position must not matter
    return capture_side(_write(tmp_path_factory.mktemp("diff") / "Pulumi.prod.yaml", spec), root=ROOT)


def _no_existing_input_changed(d: Diff) -> None:
    assert d.removed == [], [f"{r.type} {r.name}" for r in d.removed]
    assert d.changed == [], [f"{c.type} {c.name}: {c.keys}" for c in d.changed]


def test_adding_a_node_pool_changes_no_existing_resource(base: Capture, with_pool: Capture) -> None:
    """NP-1: a new workload pool (and its namespace) only adds resources: nothing existing is updated."""
    d = diff_captures(base, with_pool)
    _no_existing_input_changed(d)
    added = {r.type for r in d.added}
    assert T.NODE_POOL in added and T.DYNAMIC_GROUP in added and T.K8S_NAMESPACE in added


def test_vault_keys_and_cluster_keep_their_urns(base: Capture, with_pool: Capture) -> None:
    """CL-4, CL-5, NP-3: the stateful resources keep their logical names, so no replace and no data loss."""
    for type_ in (T.VAULT, T.KEY, T.CLUSTER):
        before = {r.urn for r in base.by_type(type_)}
        assert before, type_
        assert before == {r.urn for r in with_pool.by_type(type_)}, type_


def test_cli_diff_of_an_added_namespace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """WL-1: a new team namespace adds its baseline objects and changes nothing else (--stack vs a file)."""
    spec = copy.deepcopy(example_spec("prod"))
    spec["namespaces"].insert(0, {"name": "payments", "team": "payments", "load_balancers": 1})
    new = _write(tmp_path / "Pulumi.prod.yaml", spec)
    assert main(["diff", "--stack", "prod", str(new), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["removed"] == [] and doc["changed"] == [], doc["changed"]
    added = [a for a in doc["added"] if a["type"] == T.K8S_NAMESPACE]
    assert len(added) == 1 and "payments" in added[0]["name"]
    assert doc["unchanged"] > 50
