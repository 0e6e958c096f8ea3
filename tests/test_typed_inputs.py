"""Typed nested arguments (issue 18): the components' spec sections are TypedDicts generated from the
pydantic models, published in camelCase by Pulumi's component analyzer and mapped back to snake_case.

Checked with the real mechanism: ``pulumi.provider.experimental.ComponentProvider`` analyzes the
components, and its ``map_inputs`` (what ``construct`` runs before calling a component for another
language) turns camelCase nested inputs into the snake_case keys the models validate.
"""

import ast
import inspect
import json
import typing
from pathlib import Path
from typing import Any

import pytest
from pulumi.provider.experimental.component import ComponentProvider
from pydantic import BaseModel

from oke_secure.components.package import COMPONENTS, PACKAGE_NAME, PACKAGE_VERSION
from oke_secure.spec import NetworkSpec, NodePoolSpec, StackSpec, inputs
from oke_secure.spec._inputs_source import _models, input_name, render
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def provider() -> ComponentProvider:
    return ComponentProvider(COMPONENTS, PACKAGE_NAME, None, PACKAGE_VERSION)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def test_inputs_module_equals_what_the_models_render() -> None:
    """``oke_secure/spec/inputs.py`` is generated from the models; regenerate with ``make inputs``."""
    assert Path(inputs.__file__).read_text() == render()


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_each_typeddict_has_the_fields_and_requiredness_of_its_model(model: type[BaseModel]) -> None:
    typed = getattr(inputs, input_name(model))
    assert typing.is_typeddict(typed)
    assert list(typed.__annotations__) == list(model.model_fields)
    required = {k for k, f in model.model_fields.items() if f.is_required()}
    assert set(typed.__required_keys__) == required


def test_the_package_schema_publishes_each_section_in_camel_case(provider: ComponentProvider) -> None:
    schema: Any = provider.schema
    doc = schema if isinstance(schema, dict) else json.loads(schema)
    types = doc["types"]
    for model in _models():
        token = f"{PACKAGE_NAME}:index:{input_name(model)}"
        if token not in types:
            continue  # a section no published component takes (e.g. policy exceptions outside OkeStack)
        published = types[token]
        assert set(published["properties"]) == {_camel(k) for k in model.model_fields}, token
        required = {_camel(k) for k, f in model.model_fields.items() if f.is_required()}
        assert set(published.get("required", [])) == required, token
    network = doc["resources"][f"{PACKAGE_NAME}:index:Network"]["inputProperties"]["network"]
    assert network["$ref"].endswith(f"{PACKAGE_NAME}:index:NetworkSpecInput")


def test_camel_case_nested_inputs_reach_the_component_as_the_models_keys(provider: ComponentProvider) -> None:
    """What another language writes (camelCase, nested) is what a Python program writes (snake_case)."""
    camel = {
        "compartmentId": "ocid1.compartment.oc1..aaaaaaaaexample",
        "network": {
            "vcnCidr": "10.20.0.0/16",
            "cni": "flannel",
            "subnets": {"apiEndpoint": "10.20.0.0/28", "loadBalancers": "10.20.2.0/24", "workers": "10.20.16.0/20"},
            "adminCidrs": ["192.0.2.0/24"],
            "publicLoadBalancer": {
                "cidr": "10.20.3.0/24",
                "allowedCidrs": ["198.51.100.0/24"],
                "ports": [443],
                "reason": "the public storefront",
            },
        },
    }
    mapped = provider.map_inputs(camel, provider._component_defs["Network"])
    snake = {
        "vcn_cidr": "10.20.0.0/16",
        "cni": "flannel",
        "subnets": {"api_endpoint": "10.20.0.0/28", "load_balancers": "10.20.2.0/24", "workers": "10.20.16.0/20"},
        "admin_cidrs": ["192.0.2.0/24"],
        "public_load_balancer": {
            "cidr": "10.20.3.0/24",
            "allowed_cidrs": ["198.51.100.0/24"],
            "ports": [443],
            "reason": "the public storefront",
        },
    }
    assert mapped["network"] == snake
    assert NetworkSpec.model_validate(mapped["network"]) == NetworkSpec.model_validate(snake)
    pool = provider.map_inputs(
        {
            "compartmentId": "c",
            "tenancyId": "t",
            "clusterId": "k",
            "kubernetesVersion": "v1.33.1",
            "workerSubnetId": "s",
            "bootVolumeKeyId": "b",
            "tagNamespace": "n",
            "tagKey": "w",
            "pool": {
                "name": "batch",
                "memoryGbs": 64,
                "permissions": [{"verb": "read", "resource": "objects"}],
                "instancePrincipal": {"reason": "a legacy agent reads instance metadata"},
            },
        },
        provider._component_defs["NodePool"],
    )["pool"]
    assert pool == {
        "name": "batch",
        "memory_gbs": 64,
        "permissions": [{"verb": "read", "resource": "objects"}],
        "instance_principal": {"reason": "a legacy agent reads instance metadata"},
    }
    assert NodePoolSpec.model_validate(pool).instance_principal is not None


def test_a_stack_spec_round_trips_through_its_typeddict() -> None:
    """``as_input`` gives the TypedDict's plain data; validating it again gives the same model."""
    from tests.conftest import example_spec

    for stack in ("dev", "prod", "prod-virtual"):
        spec = StackSpec.model_validate(example_spec(stack))
        assert StackSpec.model_validate(inputs.as_input(spec)) == spec
    pool = NodePoolSpec(name="gpu")
    assert "virtual" not in inputs.as_input(pool)  # fields left at None are left out


def test_args_classes_are_total_typeddicts_with_every_field_marked() -> None:
    """One style: ``class XArgs(TypedDict)`` and every field ``Required[...]`` or ``NotRequired[...]``."""
    bad: list[str] = []
    for path in sorted((ROOT / "components").glob("*.py")):
        for node in ast.parse(path.read_text()).body:
            if not (isinstance(node, ast.ClassDef) and node.name.endswith("Args")):
                continue
            if node.keywords:
                bad.append(f"{path.name}:{node.name}: {[k.arg for k in node.keywords]}")
            for stmt in node.body:
                if isinstance(stmt, ast.AnnAssign):
                    ann = ast.unparse(stmt.annotation)
                    if not ann.startswith(("Required[", "NotRequired[")):
                        bad.append(f"{path.name}:{node.name}.{ast.unparse(stmt.target)}: {ann}")
    assert bad == []


def test_one_name_prefix_rule() -> None:
    """Every component takes its display-name prefix from ``_common.name_prefix`` (default: its name)."""
    offenders = [
        p.name
        for p in (ROOT / "components").glob("*.py")
        # KubernetesBaseline names nothing after it: it records a given prefix as a namespace label only.
        if p.name not in ("_common.py", "baseline.py") and 'args.get("name_prefix"' in p.read_text()
    ]
    assert offenders == []
    from oke_secure.components._common import name_prefix

    assert name_prefix({}, "edge") == "edge" and name_prefix({"name_prefix": "prod"}, "edge") == "prod"
    for cls in COMPONENTS:
        args = inspect.get_annotations(cls.__init__, eval_str=True)["args"]
        if "name_prefix" in args.__annotations__:
            assert "name_prefix" in args.__optional_keys__, cls.__name__
