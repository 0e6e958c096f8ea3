"""The ``oke-secure`` command line.

Exit codes: 0 = no mandatory violation, 1 = a mandatory violation, 2 = bad input (spec, config or
program), with one clear message per problem and no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from oke_secure import __version__
from oke_secure.spec.errors import ProgramError, SpecError

if TYPE_CHECKING:
    from oke_secure.offline.engine.capture import Capture

EXIT_OK, EXIT_VIOLATION, EXIT_BAD_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="oke-secure", description="Hardened OKE stacks: offline, policy-tested previews.")
    p.add_argument("--version", action="version", version=f"oke-secure {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    pv = sub.add_parser("preview", help="run a Pulumi program offline under mocks and evaluate the policy pack")
    src = pv.add_mutually_exclusive_group()
    src.add_argument("--stack", help="stack name: config from stacks/Pulumi.<stack>.yaml (default: dev)")
    src.add_argument("--spec", type=Path, help="a bare YAML spec file")
    pv.add_argument("--program", type=Path, help="Pulumi program: a directory with __main__.py or a .py file")
    pv.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override one spec field, e.g. network.vcn_cidr=10.30.0.0/16 (repeatable)",
    )
    pv.add_argument("--format", choices=["text", "json", "sarif"], default="text")
    pv.add_argument(
        "--preview-mode",
        choices=["preview", "first", "update"],
        default="preview",
        help="engine semantics: preview (an existing stack: ids known, computed outputs unknown), first "
        "(a new stack's first preview: ids and computed outputs unknown too) or update (concrete values "
        "everywhere); k8s.yaml and plan.json under --out always come from an update-mode run",
    )
    pv.add_argument("--out", type=Path, help="also write report, k8s.yaml and plan.json to this directory")
    pv.add_argument("--policy-config", type=Path, help="JSON policy config as for pulumi --policy-config")
    pv.add_argument("--no-tree", action="store_true", help="text format: print only the report")

    sc = sub.add_parser("schema", help="write the JSON Schema of the stack spec (for editor completion)")
    sc.add_argument("--out", type=Path, help="file to write (default: stdout)")

    ct = sub.add_parser("controls", help="print the control catalogue")
    ct.add_argument("--format", choices=["text", "markdown", "json"], default="text")

    sub.add_parser("policy-pack", help="print the directory of the policy pack for pulumi --policy-pack")

    dg = sub.add_parser("diagram", help="draw the stack of an offline preview as a Mermaid flowchart")
    dsrc = dg.add_mutually_exclusive_group()
    dsrc.add_argument("--stack", help="stack name: config from stacks/Pulumi.<stack>.yaml (default: dev)")
    dsrc.add_argument("--spec", type=Path, help="a bare YAML spec file")
    dg.add_argument("--program", type=Path, help="Pulumi program: a directory with __main__.py or a .py file")
    dg.add_argument("--out", type=Path, help="file to write (default: stdout); a .md file gets a mermaid block")
    dg.add_argument(
        "--format",
        choices=["mermaid", "markdown"],
        help="mermaid text or a Markdown page (default: markdown for --out *.md, else mermaid)",
    )

    df = sub.add_parser("diff", help="run two specs offline and list resources added, changed or removed")
    df.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="SPEC",
        help="OLD and NEW: spec files or stack files (Pulumi.<stack>.yaml)",
    )
    df.add_argument(
        "--stack",
        dest="stacks",
        action="append",
        default=[],
        metavar="STACK",
        help="a stack name instead of a file; give it twice (OLD then NEW), or once with one file",
    )
    df.add_argument("--program", type=Path, help="Pulumi program: a directory with __main__.py or a .py file")
    df.add_argument("--format", choices=["text", "json"], default="text")
    return p


def _bad_input(console: Console, problems: Sequence[object]) -> int:
    for problem in problems:
        console.print(f"[bold red]error[/] {problem}", highlight=False, soft_wrap=True)
    return EXIT_BAD_INPUT


def cmd_preview(args: argparse.Namespace, out: Console, err: Console) -> int:
    from oke_secure.offline.exporters import json_report, k8s_yaml, plan_json, sarif, text
    from oke_secure.offline.preview import load_policy_config, run_preview
    from oke_secure.policies import POLICIES

    stack = args.stack if (args.stack or args.spec or args.program) else "dev"
    try:
        result = run_preview(
            stack=stack,
            spec_file=args.spec,
            program=args.program,
            overrides=args.overrides,
            policy_config=load_policy_config(args.policy_config),
            mode=args.preview_mode,
        )
    except SpecError as exc:
        return _bad_input(err, exc.problems)
    except ProgramError as exc:
        return _bad_input(err, [exc])
    cap, report = result.capture, result.report
    doc = json_report.to_json(cap, report)
    sarif_doc = sarif.to_sarif(report, POLICIES, result.artifact, __version__)
    if args.format == "json":
        out.print_json(data=doc) if out.is_terminal else sys.stdout.write(json.dumps(doc, indent=2) + "\n")
    elif args.format == "sarif":
        sys.stdout.write(json.dumps(sarif_doc, indent=2) + "\n")
    else:
        text.render(out, cap, report, show_tree=not args.no_tree)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "report.json").write_text(json.dumps(doc, indent=2) + "\n")
        (args.out / "report.sarif").write_text(json.dumps(sarif_doc, indent=2) + "\n")
        concrete = _update_capture(args, cap, err)
        (args.out / "k8s.yaml").write_text(k8s_yaml.to_yaml(concrete))
        (args.out / "plan.json").write_text(json.dumps(plan_json.to_plan(concrete), indent=2) + "\n")
    return EXIT_VIOLATION if report.mandatory else EXIT_OK


def _update_capture(args: argparse.Namespace, cap: Capture, err: Console) -> Capture:
    """The capture artefacts are written from: an update-mode run (concrete values), else ``cap``."""
    from oke_secure.offline.preview import run_preview

    if cap.mode == "update":
        return cap
    stack = args.stack if (args.stack or args.spec or args.program) else "dev"
    try:
        return run_preview(
            stack=stack, spec_file=args.spec, program=args.program, overrides=args.overrides, mode="update"
        ).capture
    except (SpecError, ProgramError) as exc:
        err.print(f"[yellow]note[/] k8s.yaml and plan.json from the preview (unknowns kept): {exc}", highlight=False)
        return cap


def cmd_schema(args: argparse.Namespace, out: Console) -> int:
    from oke_secure.spec import StackSpec

    schema = StackSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "oke-secure stack spec (config key oke-secure:spec)"
    text = json.dumps(schema, indent=2) + "\n"
    if args.out:
        args.out.write_text(text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_controls(args: argparse.Namespace, out: Console) -> int:
    from oke_secure.offline.docs import controls_markdown
    from oke_secure.spec.controls import CONTROLS

    if args.format == "markdown":
        sys.stdout.write(controls_markdown())
    elif args.format == "json":
        sys.stdout.write(json.dumps([c.__dict__ for c in CONTROLS], indent=2) + "\n")
    else:
        from oke_secure.policies import CONTROLS_OF

        table = Table(title="oke-secure controls")
        for col in ("id", "control", "built by", "checked by (policies)"):
            table.add_column(col)
        for c in CONTROLS:
            policies = ", ".join(n for n, ids in CONTROLS_OF.items() if c.id in ids) or c.checked_by
            table.add_row(c.id, c.title, c.built_by, policies)
        out.print(table)
    return EXIT_OK


def cmd_policy_pack(out: Console) -> int:
    sys.stdout.write(str(Path(__file__).resolve().parent / "policypack") + "\n")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace, out: Console, err: Console) -> int:
    from oke_secure.offline.diff import capture_side, diff_captures, format_diff, to_json

    sides: list[tuple[str | Path, bool]] = [(s, True) for s in args.stacks] + [(f, False) for f in args.files]
    if len(sides) != 2:
        return _bad_input(
            err,
            [
                "diff needs exactly two sides (OLD and NEW): two spec or stack files, "
                "--stack A --stack B, or one --stack and one file"
            ],
        )
    try:
        old, new = (capture_side(src, is_stack=is_stack, program=args.program) for src, is_stack in sides)
    except SpecError as exc:
        return _bad_input(err, exc.problems)
    except ProgramError as exc:
        return _bad_input(err, [exc])
    result = diff_captures(old, new)
    if args.format == "json":
        sys.stdout.write(json.dumps(to_json(result), indent=2) + "\n")
    else:
        sys.stdout.write(format_diff(result) + "\n")
    return EXIT_OK


def cmd_diagram(args: argparse.Namespace, err: Console) -> int:
    from oke_secure.offline.diagram import to_markdown, to_mermaid
    from oke_secure.offline.preview import run_preview

    stack = args.stack if (args.stack or args.spec or args.program) else "dev"
    try:
        result = run_preview(stack=stack, spec_file=args.spec, program=args.program)
    except SpecError as exc:
        return _bad_input(err, exc.problems)
    except ProgramError as exc:
        return _bad_input(err, [exc])
    source = f"stacks/Pulumi.{stack}.yaml" if stack else str(args.spec or args.program)
    text = to_mermaid(result.capture, f"oke-secure stack {result.spec.name if result.spec else source}")
    markdown = args.format == "markdown" or (args.format is None and args.out and args.out.suffix == ".md")
    if markdown:
        command = " ".join(
            [
                "oke-secure diagram",
                *(
                    f"--{k} {v}"
                    for k, v in (("stack", args.stack), ("spec", args.spec), ("program", args.program))
                    if v
                ),
            ]
        )
        text = to_markdown(
            text,
            f"Diagram of {source}",
            f"Generated by `{command}` from the offline preview (`make diagram`); do not edit by hand.",
        )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``oke-secure`` console script."""
    args = _parser().parse_args(argv)
    out, err = Console(), Console(stderr=True)
    if args.command == "preview":
        return cmd_preview(args, out, err)
    if args.command == "schema":
        return cmd_schema(args, out)
    if args.command == "controls":
        return cmd_controls(args, out)
    if args.command == "diagram":
        return cmd_diagram(args, err)
    if args.command == "diff":
        return cmd_diff(args, out, err)
    return cmd_policy_pack(out)


if __name__ == "__main__":
    sys.exit(main())
