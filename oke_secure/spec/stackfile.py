"""Read stack configs (``stacks/Pulumi.<stack>.yaml``) and bare spec files; apply ``--set`` overrides."""

from __future__ import annotations

import copy
import datetime as _dt
import re
from dataclasses import dataclass, field
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


def dates_as_text(value: Any) -> Any:
    """YAML dates and timestamps (``expires: 2027-01-31``) as the text the user wrote (ISO 8601).

    The Pulumi CLI reads stack files with gopkg.in/yaml.v2 (pulumi/pulumi
    sdk/go/common/encoding/marshal.go), which decodes timestamp-looking scalars into ``interface{}``
    as plain strings (yaml.v2 decode.go, "for backward compatibility reasons we set it as a string"),
    so the program receives ``"2027-01-31"``; PyYAML would give a ``datetime.date``, which cannot
    travel as JSON config. Converting here keeps both engines' views equal.
    """
    if isinstance(value, dict):
        return {k: dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [dates_as_text(v) for v in value]
    if isinstance(value, _dt.date):  # datetime.datetime is a date too
        return value.isoformat()
    return value


def _read_yaml(path: Path, field: str) -> Any:
    if not path.is_file():
        what = "is a directory, not a file" if path.is_dir() else "does not exist"
        raise SpecError([Problem(field, f"{path} {what}", "check the path or the stack name")])
    try:
        return dates_as_text(yaml.safe_load(path.read_text()))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        reason = " ".join(str(getattr(exc, a) or "") for a in ("context", "problem") if getattr(exc, a, None))
        raise SpecError(
            [
                Problem(
                    field,
                    f"{path}{where} is not valid YAML: {reason or exc}",
                    "fix the YAML syntax at that line (indentation, an unclosed bracket or quote, a missing ': ')",
                )
            ]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError([Problem(field, f"cannot read {path}: {exc}", "check the file and its permissions")]) from None


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
    """Apply ``PATH=VALUE`` overrides to a copy.

    PATH is dotted, list items by index either as ``node_pools.0.size`` or as the errors print it,
    ``node_pools[0].size``; VALUE is YAML (``[a, b]``, ``true``, ``3``)."""
    out = copy.deepcopy(spec)
    problems: list[Problem] = []
    for item in assignments:
        path, sep, raw = item.partition("=")
        if not sep or not path:
            problems.append(Problem(f"--set {item}", "expected PATH=VALUE", "e.g. --set network.vcn_cidr=10.30.0.0/16"))
            continue
        try:
            value = dates_as_text(yaml.safe_load(raw)) if raw else ""
        except yaml.YAMLError:
            value = raw
        # Error messages write list items as namespaces[0].name; accept that form as well as namespaces.0.name.
        parts = re.sub(r"\[(\d+)\]", r".\1", path).split(".")
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


# A Pulumi project, as the Pulumi CLI reads it ------------------------------------------------------
# Source: the project file reference (pulumi.com/docs/iac/concepts/projects/project-file/): `name`,
# `main` (the program, relative to Pulumi.yaml; a directory holds __main__.py), `stackConfigDir`,
# `runtime` (a name or `{name, options}`), and project-level `config` (v3.44+), where a key is either a
# plain default value or a declaration `{type, description, default, secret, items}`; a declared key
# without a default must be set by every stack. Keys without a namespace belong to the project.
_CONFIG_TYPES = {"string": str, "integer": int, "boolean": bool, "array": list, "object": dict}


@dataclass
class Project:
    """A Pulumi project: where it lives and what its ``Pulumi.yaml`` declares.

    Attributes:
        root: The folder holding ``Pulumi.yaml`` (the program's working directory).
        name: The project name (``name``).
        main: The program to run (``main`` resolved, or the path the user gave).
        stack_dir: Where the ``Pulumi.<stack>.yaml`` files live (``stackConfigDir``).
        config: Project-level config declarations by full key (``<namespace>:<key>``).
        runtime_options: ``runtime.options`` (e.g. ``virtualenv``), as written.
        file: The ``Pulumi.yaml`` path (None for a bare program without one).
    """

    root: Path
    name: str
    main: Path
    stack_dir: Path
    config: dict[str, dict[str, Any]] = field(default_factory=dict)
    runtime_options: dict[str, Any] = field(default_factory=dict)
    file: Path | None = None


def _full_key(project: str, key: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def load_project(program: Path) -> Project:
    """The project a ``--program`` belongs to.

    A directory with a ``Pulumi.yaml`` is its own project; a directory without one belongs to the
    nearest folder above that has one (as the CLI finds it); a ``.py`` file belongs to the project
    of its own folder, else it is a bare program (project ``oke-secure``, run in its folder).
    """
    program = program.resolve()
    if program.is_dir():
        root = program if (program / "Pulumi.yaml").is_file() else find_project_root(program)
    else:
        root = program.parent if (program.parent / "Pulumi.yaml").is_file() else None
    if root is None:
        folder = program if program.is_dir() else program.parent
        return Project(root=folder, name="oke-secure", main=program, stack_dir=folder)
    meta = root / "Pulumi.yaml"
    data = _read_yaml(meta, "Pulumi.yaml") or {}
    if not isinstance(data, dict):
        raise SpecError([Problem("Pulumi.yaml", f"{meta} is not a mapping", "write the project file as YAML keys")])
    name = str(data.get("name") or "oke-secure")
    main = program
    if program == root and data.get("main"):
        main = (root / str(data["main"])).resolve()
    stack_dir = root / str(data["stackConfigDir"]) if data.get("stackConfigDir") else root
    runtime = data.get("runtime")
    options = dict(runtime.get("options") or {}) if isinstance(runtime, dict) else {}
    decls: dict[str, dict[str, Any]] = {}
    raw = data.get("config") or {}
    if not isinstance(raw, dict):
        raise SpecError([Problem("config", f"{meta}: 'config' is not a mapping", "write config: as YAML keys")])
    for key, value in raw.items():
        full = _full_key(name, str(key))
        if isinstance(value, dict) and ({"type", "default", "description", "secret", "items"} & set(value)):
            decl = dict(value)
            kind = decl.get("type")
            if kind is not None and kind not in _CONFIG_TYPES:
                raise SpecError(
                    [
                        Problem(
                            f"config.{key}.type",
                            f"{meta}: unknown config type {kind!r}",
                            f"use one of {', '.join(_CONFIG_TYPES)}",
                        )
                    ]
                )
            decls[full] = decl
        else:
            decls[full] = {"default": value}
    return Project(root, name, main, stack_dir, decls, options, meta)


def project_stack_files(project: Project) -> list[Path]:
    """The project's ``Pulumi.<stack>.yaml`` files, sorted by name."""
    if not project.stack_dir.is_dir():
        return []
    return sorted(p for p in project.stack_dir.glob("Pulumi.*.y*ml") if p.name.count(".") >= 2)


def select_stack(project: Project, stack: str | None) -> tuple[str, Path | None]:
    """``(stack name, stack file)``: the one named, else the only one present, else ``dev``'s.

    A project with several stack files and none named ``dev`` needs ``--stack`` (exit 2), as the
    Pulumi CLI needs a selected stack.
    """
    if stack is not None:
        path = project.stack_dir / f"Pulumi.{stack}.yaml"
        if not path.is_file() and project.file is not None and project_stack_files(project):
            names = ", ".join(p.name.split(".", 1)[1].rsplit(".", 1)[0] for p in project_stack_files(project))
            raise SpecError([Problem("--stack", f"{path} does not exist", f"use one of the stacks: {names}")])
        return stack, path if path.is_file() else None
    files = project_stack_files(project) if project.file is not None else []
    if len(files) == 1:
        return files[0].name.split(".", 1)[1].rsplit(".", 1)[0], files[0]
    dev = project.stack_dir / "Pulumi.dev.yaml"
    if dev.is_file():
        return "dev", dev
    if files:
        names = ", ".join(p.name.split(".", 1)[1].rsplit(".", 1)[0] for p in files)
        raise SpecError(
            [Problem("--stack", f"{project.stack_dir} holds several stacks ({names})", "pass --stack NAME")]
        )
    return "dev", None


@dataclass
class StackConfig:
    """The config a program sees: values by full key, which keys are secret, where each came from."""

    values: dict[str, Any]
    secret_keys: set[str]
    source: dict[str, str]


def stack_config(project: Project, stack_path: Path | None) -> StackConfig:
    """Project defaults overlaid by the stack file, as the CLI builds a stack's config.

    ``secure:`` values cannot be decrypted offline: they become a placeholder string and are marked
    secret, so ``Config.require_secret`` and ``get_secret`` return secret outputs as at ``pulumi up``.

    Raises:
        SpecError: A required key is missing (naming the key and the stack file), or a value does not
            have its declared ``type``.
    """
    values: dict[str, Any] = {}
    secret: set[str] = set()
    source: dict[str, str] = {}
    where = str(project.file or "Pulumi.yaml")
    for key, decl in project.config.items():
        if "default" in decl:
            values[key] = decl["default"]
            source[key] = where
        if decl.get("secret"):
            secret.add(key)
    stack_file_name = str(stack_path) if stack_path else f"Pulumi.<stack>.yaml in {project.stack_dir}"
    if stack_path is not None:
        data = _read_yaml(stack_path, "--stack") or {}
        raw = (data.get("config") if isinstance(data, dict) else None) or {}
        if not isinstance(raw, dict):
            raise SpecError(
                [Problem("config", f"{stack_path}: 'config' is not a mapping", "write config: as YAML keys")]
            )
        for key, value in raw.items():
            full = _full_key(project.name, str(key))
            if isinstance(value, dict) and set(value) == {"secure"}:
                values[full] = "offline-secret-placeholder"
                secret.add(full)
            else:
                values[full] = value
            source[full] = str(stack_path)
    problems: list[Problem] = []
    for key, decl in project.config.items():
        short = key.split(":", 1)[1] if key.startswith(project.name + ":") else key
        if key not in values:
            problems.append(
                Problem(
                    key,
                    f"required config {key!r} (declared without a default in {where}) is not set in {stack_file_name}",
                    f"add it under config: in {stack_file_name}, e.g. `pulumi config set {short} VALUE`",
                )
            )
            continue
        kind = decl.get("type")
        if kind and key not in secret and not _has_type(values[key], kind):
            problems.append(
                Problem(
                    key,
                    f"{values[key]!r} in {source.get(key, where)} is not of the declared type {kind}",
                    f"write a {kind} value",
                )
            )
    if problems:
        raise SpecError(problems)
    return StackConfig(values, secret, source)


def _has_type(value: Any, kind: str) -> bool:
    if kind == "integer":
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return True
        return isinstance(value, str) and value.strip().lstrip("-").isdigit()
    if kind == "boolean":
        return isinstance(value, bool) or (isinstance(value, str) and value.lower() in ("true", "false"))
    if kind == "string":
        return isinstance(value, str | int | float) and not isinstance(value, bool)
    return isinstance(value, _CONFIG_TYPES[kind])
