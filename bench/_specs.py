"""Generated specs and programs for the scale measurements (all valid under oke_secure.spec)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def prod_spec() -> dict[str, Any]:
    """The prod example stack's spec (stacks/Pulumi.prod.yaml)."""
    data = yaml.safe_load((ROOT / "stacks" / "Pulumi.prod.yaml").read_text())
    spec: dict[str, Any] = data["config"]["oke-secure:spec"]
    return spec


def with_pools(n: int) -> dict[str, Any]:
    """Prod with ``n`` node pools: the prod pools plus plain workload pools sharing the worker subnet."""
    spec = copy.deepcopy(prod_spec())
    pools = spec["node_pools"]
    for i in range(n - len(pools)):
        pools.append({"name": f"pool-{i:04d}", "size": 1})
    spec["node_pools"] = pools[:n]
    return spec


def with_namespaces(n: int) -> dict[str, Any]:
    """Prod with ``n`` namespaces: the prod ones plus team namespaces with one group binding each."""
    spec = copy.deepcopy(prod_spec())
    ns = spec["namespaces"]
    for i in range(n - len(ns)):
        ns.append(
            {
                "name": f"team-{i:04d}",
                "team": f"team-{i % 17}",
                "groups": [{"id": "ocid1.group.oc1..aaaaaaaaexampleteam", "role": "deploy"}],
            }
        )
    spec["namespaces"] = ns[:n]
    return spec


def clusters(n: int) -> list[dict[str, Any]]:
    """``n`` prod-like stacks with distinct names, for one program that builds them all."""
    out = []
    for i in range(n):
        spec = copy.deepcopy(prod_spec())
        spec["name"] = f"prod{i:02d}"
        out.append(spec)
    return out


MULTI_CLUSTER_PROGRAM = '''\
"""Builds one OkeStack per spec in the config key oke-secure:specs."""
import pulumi

from oke_secure.components.stack import OkeStack

for spec in pulumi.Config("oke-secure").require_object("specs"):
    OkeStack(spec["name"], {"spec": spec})
'''
