"""The human report of ``oke-secure preview``: a resource tree and the policy report by control (rich)."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..controls import BY_ID
from ..critical_path import critical_path, format_path
from ..engine.capture import Capture
from ..policies.evaluate import Report, Violation


def resource_tree(capture: Capture) -> Tree:
    """Resources nested under their parents (components are branches)."""
    root = Tree(f"[bold]stack[/] {capture.project}/{capture.stack}")
    nodes = {}
    children = defaultdict(list)
    for r in capture.resources:
        children[r.parent].append(r)
    known = {r.urn for r in capture.resources}

    def add(tree: Tree, parent: str | None) -> None:
        for r in children.get(parent, []):
            short = r.type.split(":")[-1]
            style = "cyan" if not r.custom else "white"
            label = f"[{style}]{short}[/] {r.name}" + (" [yellow](protected)[/]" if r.protect else "")
            nodes[r.urn] = tree.add(label)
            add(nodes[r.urn], r.urn)

    for top in [p for p in children if p is None or p not in known]:
        add(root, top)
    return root


def _row(v: Violation) -> tuple[str, str, str, str]:
    return (", ".join(v.controls), v.policy, v.name or "stack", v.message)


def report_table(report: Report) -> Table:
    """Violations (mandatory first), then waivers, each row citing its controls."""
    table = Table(title="Policy report", show_lines=False, expand=True)
    table.add_column("level", no_wrap=True)
    table.add_column("controls", no_wrap=True)
    table.add_column("policy", no_wrap=True)
    table.add_column("resource")
    table.add_column("message", ratio=1)
    ordered = sorted(report.violations, key=lambda v: (v.enforcement != "mandatory", v.controls, v.policy))
    for v in ordered:
        style = "bold red" if v.enforcement == "mandatory" else "yellow"
        table.add_row(f"[{style}]{v.enforcement}[/]", *_row(v))
    for v in report.waived:
        table.add_row("[blue]waived[/]", *_row(v)[:3], f"{v.message} — waived: {v.waived}")
    return table


def summary_line(capture: Capture, report: Report) -> str:
    """One line: counts and verdict."""
    controls = sorted({c for v in report.mandatory for c in v.controls}, key=lambda c: list(BY_ID).index(c))
    verdict = "[bold green]PASSED[/]" if not report.mandatory else f"[bold red]FAILED[/] ({', '.join(controls)})"
    return (f"{verdict}: {len(capture.resources)} resources, {len(report.policies)} policies, "
            f"{len(report.mandatory)} mandatory, {len(report.advisory)} advisory, {len(report.waived)} waived")


def render(console: Console, capture: Capture, report: Report, show_tree: bool = True) -> None:
    """Print the tree (optional), the report table and the summary line."""
    parts: list[Tree | Table | Text | str] = []
    if show_tree:
        parts.append(resource_tree(capture))
    if report.violations or report.waived:
        parts.append(report_table(report))
    parts.append(summary_line(capture, report))
    parts.append(Text(format_path(critical_path(capture))))
    console.print(Group(*parts))
