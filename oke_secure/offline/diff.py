"""``oke-secure diff``: what a spec change does to the resources, without a cloud or the Pulumi CLI.

Both sides run through the offline engine; resources are matched by URN (with the stack segment
ignored, so two stacks of one project compare). A resource is *added*, *removed*, or *changed* with the
input keys (camelCase, as the provider sees them) whose values differ; a changed ``protect`` option is
listed as ``(protect)``. A renamed logical name shows up as one removal plus one addition: exactly the
replace a real ``pulumi up`` would do without an alias.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oke_secure.offline.engine import Capture, CapturedResource, run_program
from oke_secure.spec import CONFIG_KEY, parse_spec
from oke_secure.spec.stackfile import find_project_root, load_spec_file, load_stack_config, stack_file


@dataclass
class Change:
    """A resource present on both sides whose inputs (or ``protect``) differ."""

    urn: str
    type: str
    name: str
    keys: list[str]


@dataclass
class Diff:
    """Resources added, removed and changed from ``old`` to ``new``; ``unchanged`` counts the rest."""

    added: list[CapturedResource] = field(default_factory=list)
    removed: list[CapturedResource] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        """True when both sides register the same resources with the same inputs."""
        return not (self.added or self.removed or self.changed)


def logical_urn(urn: str) -> str:
    """``urn`` without its stack segment: ``urn:pulumi:<stack>::<rest>`` -> ``<rest>``."""
    head, sep, rest = urn.partition("::")
    return rest if sep and head.startswith("urn:pulumi:") else urn


def changed_keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Top-level input keys whose values differ (added or removed keys included), sorted."""
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k) or (k in old) != (k in new))


def diff_captures(old: Capture, new: Capture) -> Diff:
    """Compare two captures resource by resource (matched by URN, stack segment ignored)."""
    before = {logical_urn(r.urn): r for r in old.resources}
    after = {logical_urn(r.urn): r for r in new.resources}
    out = Diff()
    for key, r in after.items():
        prev = before.get(key)
        if prev is None:
            out.added.append(r)
            continue
        keys = changed_keys(prev.inputs, r.inputs)
        if prev.protect != r.protect:
            keys.append("(protect)")
        if keys:
            out.changed.append(Change(r.urn, r.type, r.name, keys))
        else:
            out.unchanged += 1
    out.removed = [r for key, r in before.items() if key not in after]
    return out


def load_side(source: str | Path, *, is_stack: bool = False, root: Path | None = None) -> tuple[str, dict[str, Any]]:
    """``(stack_name, config)`` for one side: a stack name, a stack file, or a bare spec file.

    The spec is validated here (a bad spec raises :class:`~oke_secure.spec.errors.SpecError`).
    """
    other: dict[str, Any] = {}
    if is_stack:
        spec_data, other = load_stack_config(stack_file(str(source), root))
        if spec_data is None:
            return str(source), other
    else:
        path = Path(source)
        spec_data = load_spec_file(path)
        if path.name.startswith("Pulumi.") and path.suffix in (".yaml", ".yml"):
            _, other = load_stack_config(path)
    spec = parse_spec(spec_data)
    return spec.name, {**other, CONFIG_KEY: spec_data}


def capture_side(
    source: str | Path, *, is_stack: bool = False, program: Path | None = None, root: Path | None = None
) -> Capture:
    """Run one side through the offline engine (no policies: a diff only needs the resources)."""
    stack, config = load_side(source, is_stack=is_stack, root=root)
    base = root or find_project_root() or Path.cwd()
    spec = config.get(CONFIG_KEY) or {}
    region = spec.get("region", "eu-frankfurt-1") if isinstance(spec, dict) else "eu-frankfurt-1"
    main = program or base / "stacks"
    capture = run_program(main, stack=stack, config=config, region=region)
    if isinstance(spec, dict) and spec.get("kubernetes_stage", "separate") == "separate":
        from oke_secure.offline.preview import with_kubernetes_stage

        # The stage's stack file is named after the stack (prod-virtual), not after spec.name (prodv).
        given = Path(source).name
        stack_file_name = (
            f"Pulumi.{source}.yaml" if is_stack else given if given.startswith("Pulumi.") else f"Pulumi.{stack}.yaml"
        )
        capture = with_kubernetes_stage(capture, main, stack_file_name, spec, "preview")
    return capture


def _short(type_: str) -> str:
    return type_.split(":")[-1]


def format_diff(diff: Diff) -> str:
    """Plain text: one line per added (+), removed (-) and changed (~) resource, then a summary."""
    lines: list[str] = []
    for r in diff.added:
        lines.append(f"+ {_short(r.type)} {r.name}")
    for r in diff.removed:
        lines.append(f"- {_short(r.type)} {r.name}" + ("  (protected: the delete would fail)" if r.protect else ""))
    for c in diff.changed:
        lines.append(f"~ {_short(c.type)} {c.name}: {', '.join(c.keys)}")
    lines.append(
        f"{len(diff.added)} to add, {len(diff.changed)} to change, {len(diff.removed)} to remove, "
        f"{diff.unchanged} unchanged"
    )
    return "\n".join(lines)


def to_json(diff: Diff) -> dict[str, Any]:
    """The diff as JSON-ready data."""

    def res(r: CapturedResource) -> dict[str, Any]:
        return {"urn": r.urn, "type": r.type, "name": r.name}

    return {
        "added": [res(r) for r in diff.added],
        "removed": [res(r) for r in diff.removed],
        "changed": [{"urn": c.urn, "type": c.type, "name": c.name, "keys": c.keys} for c in diff.changed],
        "unchanged": diff.unchanged,
    }
