"""The component package contract (issue 8): the schema Pulumi's component provider publishes for
``components/`` (``PulumiPlugin.yaml``), built in-process exactly as ``component_provider_host`` builds
it when another language runs ``pulumi package add``.

Checked: every exported component analyzes (the analyzer's rules: an annotated ``args`` parameter,
top-level ``TypedDict`` args, ``pulumi.Output[T]`` class annotations for outputs); type tokens are
``oke-secure:index:<ClassName>`` and equal the tokens the components register at run time; every
input is described (attribute docstrings); required and optional inputs follow the ``TypedDict``;
every declared output is published.
"""

from __future__ import annotations

import inspect
import json
import typing
from typing import Any

import pulumi
import pytest
from pulumi.provider.experimental.component import ComponentProvider

from oke_secure.components.package import COMPONENTS, PACKAGE_NAME, PACKAGE_VERSION
from oke_secure.offline.preview import run_preview
from tests.conftest import ROOT

TOKEN = "oke-secure:index:{}"


def _analyzer_problems() -> list[str]:
    """One line per component the analyzer rejects, with the reason."""
    problems = []
    for cls in COMPONENTS:
        try:
            ComponentProvider([cls], PACKAGE_NAME, None, PACKAGE_VERSION)
        except Exception as exc:  # the analyzer raises plain exceptions of many kinds
            hint = ""
            args = inspect.get_annotations(cls.__init__).get("args")
            if isinstance(args, str):
                hint = (
                    " (its annotations are strings: the analyzer reads them with inspect.get_annotations and "
                    "does not evaluate them, so `from __future__ import annotations` breaks it)"
                )
            problems.append(f"{cls.__module__}.{cls.__name__}: {type(exc).__name__}: {exc}{hint}")
    return problems


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    problems = _analyzer_problems()
    assert problems == [], "the component analyzer rejects:\n" + "\n".join(problems)
    provider = ComponentProvider(COMPONENTS, PACKAGE_NAME, None, PACKAGE_VERSION)
    raw = provider.schema
    assert raw is not None
    doc: dict[str, Any] = raw if isinstance(raw, dict) else json.loads(raw)
    return doc


def test_every_component_is_accepted_by_the_pulumi_component_analyzer() -> None:
    problems = _analyzer_problems()
    assert problems == [], "the component analyzer rejects:\n" + "\n".join(problems)


def test_package_name_version_and_tokens(schema: dict[str, Any]) -> None:
    assert schema["name"] == PACKAGE_NAME and schema["version"] == PACKAGE_VERSION
    assert set(schema["resources"]) == {TOKEN.format(c.__name__) for c in COMPONENTS}
    for token, res in schema["resources"].items():
        assert res["isComponent"] is True, token
        assert res.get("description"), f"{token} has no description (class docstring)"


def test_every_input_is_described_and_required_inputs_follow_the_typeddict(schema: dict[str, Any]) -> None:
    for cls in COMPONENTS:
        res = schema["resources"][TOKEN.format(cls.__name__)]
        args = inspect.get_annotations(cls.__init__, eval_str=True)["args"]
        assert typing.is_typeddict(args), f"{cls.__name__}: args must be a TypedDict"
        inputs = res.get("inputProperties", {})
        keys = list(args.__annotations__)
        assert len(inputs) == len(keys), cls.__name__
        undescribed = [k for k, v in inputs.items() if not v.get("description")]
        assert undescribed == [], f"{cls.__name__}: inputs without a docstring: {undescribed}"
        required = set(res.get("requiredInputs", []))
        camel = {k: _camel(k) for k in keys}
        assert required == {camel[k] for k in args.__required_keys__}, cls.__name__


def test_every_declared_output_is_published(schema: dict[str, Any]) -> None:
    for cls in COMPONENTS:
        res = schema["resources"][TOKEN.format(cls.__name__)]
        declared = {_camel(k) for k in inspect.get_annotations(cls) if not k.startswith("_")}
        assert declared, f"{cls.__name__} declares no outputs"
        assert set(res.get("properties", {})) == declared, cls.__name__


def test_oke_stack_publishes_its_contract(schema: dict[str, Any]) -> None:
    res = schema["resources"][TOKEN.format("OkeStack")]
    assert res["requiredInputs"] == ["spec"]
    assert {"compartmentId", "vcnId", "clusterId", "kubeconfig", "bastionId", "nodePoolIds"} <= set(res["properties"])


def test_runtime_type_tokens_equal_the_schema_tokens() -> None:
    """Each exported class registers as oke-secure:index:<ClassName> when the prod (and prod-virtual, for
    VirtualNodePool and VaultSecrets) stack or the load-balancer program of the corpus runs, so the
    provider's construct (which looks components up by that name) finds it."""
    captures = [run_preview(stack=stack, root=ROOT).capture for stack in ("prod", "prod-virtual")]
    # HardenedLoadBalancerService: an application team's program on the cluster (tests/programs)
    captures.append(run_preview(program=ROOT / "tests" / "programs" / "oke-secure-app-loadbalancer").capture)
    registered = {r.type for cap in captures for r in cap.resources if not r.custom}
    expected = {TOKEN.format(c.__name__) for c in COMPONENTS}
    assert expected <= registered, f"never registered under its class name: {sorted(expected - registered)}"
    assert all(issubclass(c, pulumi.ComponentResource) for c in COMPONENTS)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)
