"""Read stack configs (``stacks/Pulumi.<stack>.yaml``) and bare spec files; apply ``--set`` overrides."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from oke_secure.spec import CONFIG_KEY
from oke_secure.spec.errors import Problem, SpecError


def find_project_root(start: Path | None = None) -> Path | None:
    """The nearest directory at or above ``start`` (default: cwd) holding a ``Pulumi.yaml``."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "Pulumi.yaml").is_file():
            return d
    return None


def _read_yaml(path: Path, field: str) -> Any:
    if not path.is_file():
        raise SpecError([Problem(field, f"{path} does not exist", "check the path or the stack name")])
    try:
        return yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SpecError([Problem(field, f"{path} is not valid YAML{where}", "fix the YAML syntax")]) from None


def project_settings(root: Path) -> tuple[str, Path]:
    """``(project name, stack config directory)`` from ``root/Pulumi.yaml``, as the Pulumi CLI reads them.

    Without a ``Pulumi.yaml`` the name is ``oke-secure`` and configs live in ``root/stacks``.
    """
    meta = root / "Pulumi.yaml"
    if not meta.is_file():
        return "oke-secure", root / "stacks"
    data = _read_yaml(meta, "Pulumi.yaml") or {}
    name = str(data.get("name") or "oke-secure")
    config_dir = data.get("stackConfigDir")
    return name, (root / str(config_dir)) if config_dir else root


def stack_file(stack: str, root: Path | None = None) -> Path:
    """Path of ``Pulumi.<stack>.yaml`` in the project's stack config directory (``stackConfigDir``)."""
    base = root or find_project_root() or Path.cwd()
    return project_settings(base)[1] / f"Pulumi.{stack}.yaml"


def load_stack_config(path: Path) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """``(spec, other_config)`` of a Pulumi stack file; ``spec`` is None when the file has no spec key."""
    data = _read_yaml(path, "--stack")
    config = (data or {}).get("config") or {}
    if not isinstance(config, dict):
        raise SpecError([Problem("config", f"{path}: 'config' is not a mapping", "write config: as YAML keys")])
    rest = {k: v for k, v in config.items() if k != CONFIG_KEY}
    spec = config.get(CONFIG_KEY)
    if spec is not None and not isinstance(spec, dict):
        raise SpecError([Problem(CONFIG_KEY, f"{path}: the spec is not a mapping", "write the spec as YAML keys")])
    return spec, rest


def load_spec_file(path: Path) -> dict[str, Any]:
    """A bare YAML spec file, or a stack file (its ``oke-secure:spec`` key is used)."""
    data = _read_yaml(path, "--spec")
    if isinstance(data, dict) and "config" in data and CONFIG_KEY in (data["config"] or {}):
        data = data["config"][CONFIG_KEY]
    if not isinstance(data, dict):
        raise SpecError([Problem("spec", f"{path} does not hold a mapping", "write the spec as YAML keys")])
    return data


def apply_overrides(spec: dict[str, Any], assignments: list[str]) -> dict[str, Any]:
    """Apply ``PATH=VALUE`` overrides (dotted path, list indices as numbers, YAML values) to a copy."""
    out = copy.deepcopy(spec)
    problems: list[Problem] = []
    for item in assignments:
        path, sep, raw = item.partition("=")
        if not sep or not path:
            problems.append(Problem(f"--set {item}", "expected PATH=VALUE", "e.g. --set network.vcn_cidr=10.30.0.0/16"))
            continue
        try:
            value = yaml.safe_load(raw) if raw else ""
        except yaml.YAMLError:
            value = raw
        parts = path.split(".")
        cur: Any = out
        try:
            for part in parts[:-1]:
                cur = cur[int(part)] if isinstance(cur, list) else cur.setdefault(part, {})
            last = parts[-1]
            if isinstance(cur, list):
                cur[int(last)] = value
            elif isinstance(cur, dict):
                cur[last] = value
            else:
                raise TypeError
        except (ValueError, IndexError, TypeError, AttributeError):
            problems.append(
                Problem(
                    path,
                    f"--set cannot reach {path!r} in the spec",
                    "use a dotted path of existing keys; list items by index, e.g. node_pools.0.size",
                )
            )
    if problems:
        raise SpecError(problems)
    return out
