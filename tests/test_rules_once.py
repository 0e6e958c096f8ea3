"""Each rule of the spec exists once (issue 18): the bad-input corpus walked through the whole stack
and through each component used alone gives the same problem (field and message).

Components validate their arguments with the spec's own section models and value types
(``components/_validate.py``) and hold no rule of their own. For every corpus file and every
component whose section the file gives, the component is constructed alone; reaching
``ComponentResource.__init__`` means its validation passed (it raises there, so nothing is ever
registered). Its problems, placed where the section sits in a stack, must be exactly the stack's
problems on that section. The only exception is a rule that reads two sections the component does
not both receive (``oke_secure/spec/stack.py``): the stack reports it, a component alone cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml
from pydantic import ValidationError

from oke_secure.components.access import Access
from oke_secure.components.baseline import KubernetesBaseline
from oke_secure.components.baseline_namespace import NamespaceBaseline
from oke_secure.components.cluster import Cluster
from oke_secure.components.compartment import Compartment
from oke_secure.components.detection import Detection
from oke_secure.components.human_access import HumanAccess
from oke_secure.components.keys import Keys
from oke_secure.components.network import Network
from oke_secure.components.node_pool import NodePool
from oke_secure.components.registry import Registry
from oke_secure.components.vault_secrets import VaultSecrets
from oke_secure.components.virtual_node_pool import VirtualNodePool
from oke_secure.components.workload_identity import WorkloadIdentity
from oke_secure.spec import StackSpec, parse_spec
from oke_secure.spec.errors import Problem, SpecError
from oke_secure.spec.types import join

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
FILES = sorted(CORPUS.glob("*.yaml"))
C = "ocid1.compartment.oc1..aaaaaaaaexample"
T = "ocid1.tenancy.oc1..aaaaaaaaexample"
S = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaexample"
K = "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaaexample"
VERSION = "v1.33.1"

#: A rule on a field of the stack itself (not of a section): a baseline alone may have no pool.
STACK_FIELD_RULES = {"no-node-pools": "StackSpec.node_pools has at least one pool"}


class _Reached(Exception):
    """The component reached registration: its arguments passed validation."""


@dataclass
class Application:
    """One component used alone on one section of a corpus file."""

    label: str
    build: Callable[[], object]
    to_stack: Callable[[str], str]
    in_scope: Callable[[str], bool]


def _under(prefix: str) -> Callable[[str], bool]:
    return lambda f: f == prefix or f.startswith((f"{prefix}.", f"{prefix}["))


def _moved(component_prefix: str, stack_prefix: str) -> Callable[[str], str]:
    def to_stack(field: str) -> str:
        if component_prefix and not _under(component_prefix)(field):
            return f"<component argument {field}>"  # never a stack field: the test then fails
        return join(stack_prefix, field[len(component_prefix) :].lstrip("."))

    return to_stack


def _section(label: str, build: Callable[[], object], component: str, stack: str) -> Application:
    return Application(label, build, _moved(component, stack), _under(stack))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def applications(data: dict[str, Any]) -> Iterator[Application]:
    """Every component that takes a section this file gives, with the section's place in a stack."""
    a: Any = {}  # component arguments (plain data, as another language's program would pass them)
    net = _dict(data.get("network"))
    cni = net.get("cni") if net.get("cni") in ("flannel", "vcn-native") else "vcn-native"
    if "network" in data:
        a = {"compartment_id": C, "network": data["network"]}
        yield _section("Network", partial(Network, "n", a), "network", "network")
    if "compartment" in data:
        a = {"compartment": data["compartment"]}
        yield _section("Compartment", partial(Compartment, "c", a), "compartment", "compartment")
    if "cluster" in data:
        a = {"compartment_id": C, "cluster": data["cluster"]}
        yield _section("Cluster", partial(Cluster, "k", a), "cluster", "cluster")
    for key, cls in (("keys", Keys), ("detection", Detection), ("registry", Registry)):
        if key in data:
            a = {"compartment_id": C, key: data[key]}
            yield _section(cls.__name__, partial(cls, "x", a), key, key)
    access = _dict(data.get("access"))
    if "bastion" in access:
        a = {"compartment_id": C, "target_subnet_id": S, "bastion": access["bastion"]}
        yield _section("Access", partial(Access, "a", a), "bastion", "access.bastion")
    if "cluster_user_groups" in access:
        a = {"compartment_id": C, "tenancy_id": T, "cluster_user_groups": access["cluster_user_groups"]}
        yield _section("HumanAccess", partial(HumanAccess, "h", a), "cluster_user_groups", "access.cluster_user_groups")
    for i, pool in enumerate(_list(data.get("node_pools"))):
        where = f"node_pools[{i}]"
        wiring = {"compartment_id": C, "tenancy_id": T, "cluster_id": C, "worker_subnet_id": S, "pod_subnet_id": S}
        if isinstance(pool, dict) and pool.get("virtual") is not None:
            a = {**wiring, "pool": pool, "cni": cni}
            yield _section(f"VirtualNodePool {where}", partial(VirtualNodePool, "v", a), "pool", where)
        else:
            version = (pool.get("kubernetes_version") if isinstance(pool, dict) else None) or VERSION
            a = {**wiring, "pool": pool, "cni": cni, "kubernetes_version": version, "boot_volume_key_id": K}
            a |= {"tag_namespace": "oke", "tag_key": "workload"}
            yield _section(f"NodePool {where}", partial(NodePool, "p", a), "pool", where)
    for i, ns in enumerate(_list(data.get("namespaces"))):
        where = f"namespaces[{i}]"
        a = {"namespace": ns, "kubernetes_version": VERSION}
        yield _section(f"NamespaceBaseline {where}", partial(NamespaceBaseline, "b", a), "namespace", where)
        for k, wi in enumerate(_list(_dict(ns).get("workload_identity"))):
            a = {"compartment_id": C, "cluster_id": C, "namespace": "team-a", **_dict(wi)}
            place = f"{where}.workload_identity[{k}]"
            yield Application(
                f"WorkloadIdentity {place}", partial(WorkloadIdentity, "w", a), _moved("", place), _under(place)
            )
        for k, vs in enumerate(_list(_dict(ns).get("vault_secrets"))):
            a = {"compartment_id": C, "cluster_id": C, "namespace": "team-a", "vault_secrets": vs}
            place = f"{where}.vault_secrets[{k}]"
            yield _section(f"VaultSecrets {place}", partial(VaultSecrets, "s", a), "vault_secrets", place)
    if "namespaces" in data or "node_pools" in data:
        registries = _list(_dict(data.get("registry")).get("allowed_registries")) or [
            "eu-frankfurt-1.ocir.io/examplens"
        ]
        a = {
            "kubeconfig": "apiVersion: v1",
            "namespaces": _list(data.get("namespaces")),
            "node_pools": _list(data.get("node_pools")),
            "kubernetes_version": VERSION,
            "allowed_registries": registries,
            "region": "eu-frankfurt-1",
            "cni": cni,
        }
        if "break_glass_group" in access:
            a["break_glass_group"] = access["break_glass_group"]
        moved = {"allowed_registries": "registry.allowed_registries", "break_glass_group": "access.break_glass_group"}

        def to_stack(field: str) -> str:
            for arg, place in moved.items():
                if _under(arg)(field):
                    return place + field[len(arg) :]
            return field

        def in_scope(field: str) -> bool:
            places = ("namespaces", "node_pools", *moved.values())
            return any(_under(p)(field) for p in places)

        yield Application("KubernetesBaseline", partial(KubernetesBaseline, "k8s", a), to_stack, in_scope)


def _problems(call: Callable[[], object]) -> list[Problem] | None:
    """The problems ``call`` raises, or None when it reached registration (validation passed)."""
    try:
        call()
    except SpecError as exc:
        return exc.problems
    except _Reached:
        return None
    raise AssertionError("the component neither refused nor reached registration")


def _pairs(problems: list[Problem]) -> set[tuple[str, str]]:
    return {(p.field, p.message) for p in problems}


@pytest.fixture
def no_registration(monkeypatch: pytest.MonkeyPatch) -> None:
    def reached(*args: Any, **kwargs: Any) -> None:
        raise _Reached

    monkeypatch.setattr(pulumi.ComponentResource, "__init__", reached)


def _stack_problems(data: dict[str, Any]) -> tuple[list[Problem], set[tuple[str, str]]]:
    """The stack's problems, and those of them raised by the cross-section rules (``spec/stack.py``).

    Pydantic runs ``StackSpec``'s own validator (the cross-section rules) only when every section
    validated, and reports its error at the stack itself (an empty location).
    """
    with pytest.raises(SpecError) as info:
        parse_spec(data)
    try:
        StackSpec.model_validate(data)
    except ValidationError as exc:
        cross = {
            (p.field, p.message) for e in exc.errors() if e["loc"] == () for p in problems_from_validation_error_of(e)
        }
    return info.value.problems, cross


def problems_from_validation_error_of(error: Any) -> list[Problem]:
    inner = (error.get("ctx") or {}).get("error")
    return list(inner.problems) if isinstance(inner, SpecError) else []


@pytest.mark.usefixtures("no_registration")
def test_each_rule_once_the_stack_and_each_component_alone_give_the_same_problem() -> None:
    reproduced: set[str] = set()
    cross_only: set[str] = set()
    for path in FILES:
        try:
            data = yaml.safe_load(path.read_text())
        except yaml.YAMLError:
            continue
        if not isinstance(data, dict):
            continue
        stack, cross = _stack_problems(data)
        if cross:
            cross_only.add(path.stem)
        apps = list(applications(data))
        found: set[tuple[str, str]] = set()
        for app in apps:
            alone = _problems(app.build)
            mine = {(app.to_stack(p.field), p.message) for p in alone or []}
            expected = {(p.field, p.message) for p in stack if app.in_scope(p.field)}
            context = f"{path.name}, {app.label}: alone {sorted(mine)}, in the stack {sorted(expected)}"
            assert mine <= expected, f"a component rule the stack does not have: {context}"
            found |= mine
        sections = {(p.field, p.message) for p in stack if any(app.in_scope(p.field) for app in apps)}
        if path.stem not in STACK_FIELD_RULES:
            missing = sections - found - cross
            assert not missing, f"{path.name}: stack problems no component alone reports: {sorted(missing)}"
        if found:
            reproduced.add(path.stem)
    # Most of the corpus breaks a rule of one section, which some component alone reproduces; the
    # rest breaks a rule across sections (spec/stack.py).
    assert len(reproduced) >= 60, sorted(reproduced)
    assert len(cross_only) >= 8, sorted(cross_only)
    assert {"compartment-is-tenancy", "no-way-in", "pool-version-skew"} <= cross_only - reproduced
