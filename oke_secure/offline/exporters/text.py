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
    """Resources nested under their parents (components are branches); siblings sorted by URN."""
    root = Tree(f"[bold]stack[/] {escape(capture.project)}/{escape(capture.stack)}")
    nodes = {}
    children = defaultdict(list)
    for r in sorted(capture.resources, key=lambda r: r.urn):
        children[r.parent].append(r)
    known = {r.urn for r in capture.resources}

    def add(tree: Tree, parent: str | None) -> None:
        for r in children.get(parent, []):
            short = r.type.split(":")[-1]
            style = "cyan" if not r.custom else "white"
            label = f"[{style}]{escape(short)}[/] {escape(r.name)}" + (" [yellow](protected)[/]" if r.protect else "")
            nodes[r.urn] = tree.add(label)
            add(nodes[r.urn], r.urn)

    for top in sorted((p for p in children if p is None or p not in known), key=lambda p: p or ""):
        add(root, top)
    return root


def _remediations() -> dict[str, str]:
    from oke_secure.policies import POLICIES

    return {p.name: p.remediation_steps or p.description for p in POLICIES}


def report_tree(report: Report) -> Tree:
    """The policy report grouped by control: violations (mandatory first), then waivers with their reasons.

    Under each finding's policy comes its fix (the policy's remediation, the same text as SARIF's
    ``help``), once per policy and control."""
    fixes = _remediations()
    tree = Tree("[bold]Policy report[/] (by control)")
    by_control: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)

    def where(name: str | None) -> str:
        return escape(name or "stack")

    for v in report.violations:
        rank, style = (0, "bold red") if v.enforcement == "mandatory" else (1, "yellow")
        line = f"[{style}]{v.enforcement}[/] {v.policy} on {where(v.name)}: {escape(v.message)}"
        by_control[v.controls[0] if v.controls else "-"].append((rank, v.policy, v.urn or "", line))
    for v in report.waived:
        reason = escape(v.waived or "")
        line = f"[blue]waived[/] {v.policy} on {where(v.name)}: {escape(v.message)} [dim](reason: {reason})[/]"
        by_control[v.controls[0] if v.controls else "-"].append((2, v.policy, v.urn or "", line))
    for v in report.not_applicable:
        line = f"[dim]not applicable[/] {v.policy} on {where(v.name)}: {escape(v.message)}"
        by_control[v.controls[0] if v.controls else "-"].append((3, v.policy, v.urn or "", line))
    for d in report.deferred:
        line = f"[cyan]{escape(d.label)}[/] {d.policy} on {where(d.name)}: {escape(d.reason)}"
        by_control[d.controls[0] if d.controls else "-"].append((4, d.policy, d.urn or "", line))
    order = list(BY_ID)
    for cid in sorted(by_control, key=lambda c: (order.index(c) if c in order else len(order), c)):
        title = BY_ID[cid].title if cid in BY_ID else ""
        branch = tree.add(f"[bold]{cid}[/] {escape(title)}")
        fixed: set[str] = set()
        for rank, policy, _, line in sorted(by_control[cid]):
            branch.add(line)
            if rank < 2 and policy not in fixed and policy in fixes:
                fixed.add(policy)
                branch.add(f"[green]fix[/] ({policy}): {escape(fixes[policy])}")
    return tree


def summary_line(capture: Capture, report: Report) -> str:
    """One line: counts and verdict."""
    order = list(BY_ID)
    controls = sorted(
        {c for v in report.mandatory for c in v.controls}, key=lambda c: (order.index(c) if c in order else 0, c)
    )
    if report.mandatory:
        verdict = f"[bold red]FAILED[/] ({', '.join(controls)})"
    elif not report.policies:
        # Nothing ran (e.g. --policy-config {"all": "disabled"}): that is not a pass.
        verdict = "[bold yellow]NOT CHECKED[/] (every policy is disabled by the policy config)"
    else:
        verdict = "[bold green]PASSED[/]"
    return (
        f"{verdict}: {len(capture.resources)} resources, {len(report.policies)} policies, "
        f"{len(report.mandatory)} mandatory, {len(report.advisory)} advisory, {len(report.waived)} waived"
        + (f", {len(report.not_applicable)} not applicable" if report.not_applicable else "")
        + (f", {len(report.deferred)} decided at update" if report.deferred else "")
    )


#: What the critical-path line means; printed under it, since it is an estimate and not a finding.
CRITICAL_PATH_NOTE = (
    "  (not a finding: the longest chain of resources a real `pulumi up` creates one after another, "
    "with estimated OCI create times; see oke_secure/offline/critical_path.py)"
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
    parts.append(Text(CRITICAL_PATH_NOTE, style="dim"))
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
