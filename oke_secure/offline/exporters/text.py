"""The human report of ``oke-secure preview``: a resource tree and the policy report by control (rich)."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.markup import escape
from rich.text import Text
from rich.tree import Tree

from oke_secure.offline.critical_path import critical_path, format_path
from oke_secure.offline.engine.capture import Capture
from oke_secure.offline.evaluate import Report
from oke_secure.spec.controls import BY_ID


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


def report_tree(report: Report) -> Tree:
    """The policy report grouped by control: violations (mandatory first), then waivers with their reasons."""
    tree = Tree("[bold]Policy report[/] (by control)")
    by_control: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for v in report.violations:
        rank, style = (0, "bold red") if v.enforcement == "mandatory" else (1, "yellow")
        line = f"[{style}]{v.enforcement}[/] {v.policy} on {v.name or 'stack'}: {escape(v.message)}"
        by_control[v.controls[0] if v.controls else "-"].append((rank, line))
    for v in report.waived:
        reason = escape(v.waived or "")
        line = f"[blue]waived[/] {v.policy} on {v.name or 'stack'}: {escape(v.message)} [dim](reason: {reason})[/]"
        by_control[v.controls[0] if v.controls else "-"].append((2, line))
    for v in report.not_applicable:
        line = f"[dim]not applicable[/] {v.policy} on {v.name or 'stack'}: {escape(v.message)}"
        by_control[v.controls[0] if v.controls else "-"].append((3, line))
    for d in report.deferred:
        line = f"[cyan]{d.label}[/] {d.policy} on {d.name or 'stack'}: {escape(d.reason)}"
        by_control[d.controls[0] if d.controls else "-"].append((4, line))
    order = list(BY_ID)
    for cid in sorted(by_control, key=lambda c: order.index(c) if c in order else len(order)):
        title = BY_ID[cid].title if cid in BY_ID else ""
        branch = tree.add(f"[bold]{cid}[/] {escape(title)}")
        for _, line in sorted(by_control[cid]):
            branch.add(line)
    return tree


def summary_line(capture: Capture, report: Report) -> str:
    """One line: counts and verdict."""
    controls = sorted({c for v in report.mandatory for c in v.controls}, key=lambda c: list(BY_ID).index(c))
    verdict = "[bold green]PASSED[/]" if not report.mandatory else f"[bold red]FAILED[/] ({', '.join(controls)})"
    return (
        f"{verdict}: {len(capture.resources)} resources, {len(report.policies)} policies, "
        f"{len(report.mandatory)} mandatory, {len(report.advisory)} advisory, {len(report.waived)} waived"
        + (f", {len(report.not_applicable)} not applicable" if report.not_applicable else "")
        + (f", {len(report.deferred)} decided at update" if report.deferred else "")
    )


def render(console: Console, capture: Capture, report: Report, show_tree: bool = True) -> None:
    """Print the resource tree (optional), the report by control, the summary and the critical path."""
    parts: list[Tree | Text | str] = []
    if show_tree:
        parts.append(resource_tree(capture))
    if report.violations or report.waived or report.not_applicable or report.deferred:
        parts.append(report_tree(report))
    parts.append(summary_line(capture, report))
    parts.append(Text(format_path(critical_path(capture))))
    console.print(Group(*parts))
    render_program(console, capture)


def render_program(console: Console, capture: Capture) -> None:
    """After the report: the engine's notes (invokes without a real answer, opaque charts) and what
    the program itself printed, each under its own heading so it never mixes with the report."""
    notes = [
        f"invoke {i['token']} "
        + (
            "answered with placeholder values from the SDK's result type"
            if i["answer"] == "placeholder"
            else "not answered (empty result)"
        )
        for i in capture.unanswered_invokes
    ] + list(capture.notes)
    if notes:
        console.print("[bold]Engine notes[/]")
        for n in notes:
            console.print(f"  [yellow]note[/] {escape(n)}", highlight=False, soft_wrap=True)
    for title, text in (("stdout", capture.stdout), ("stderr", capture.stderr)):
        if text:
            console.print(f"[bold]Program {title}[/]")
            console.print(Text(text.rstrip("\n")), highlight=False, soft_wrap=True)
