"""The ``oke-secure`` command line.

Exit codes: 0 = no mandatory violation, 1 = a mandatory violation, 2 = bad input (spec, config,
arguments or a program that cannot run), with one clear message per problem and no traceback. Bad
input is reported in the output format asked for: text on stderr always; with ``--format json`` also a
``{"error": {...}}`` document on stdout; with ``--format sarif`` a SARIF log whose invocation failed
and carries each problem as a notification, so a CI upload never gets an empty file.

``--out`` names a file for single-document outputs (``schema``, ``diagram``, ``preview --out
report.sarif|report.json``) and a directory for the set of preview files (``report.json``,
``report.sarif``, ``k8s.yaml``, ``plan.json``). Existing files are overwritten; a directory where a
file is expected (or the reverse) is bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from oke_secure import __version__
from oke_secure.spec.errors import Problem, ProgramError, SpecError

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
    pv.add_argument(
        "--out",
        type=Path,
        metavar="DIR|FILE",
        help="also write report.json, report.sarif, k8s.yaml and plan.json into DIR (created; files overwritten), "
        "or only the report to FILE ending in .sarif (--format sarif) or .json",
    )
    pv.add_argument("--policy-config", type=Path, help="JSON policy config as for pulumi --policy-config")
    pv.add_argument("--no-tree", action="store_true", help="text format: print only the report")
    pv.add_argument(
        "--framework",
        choices=["cis-oke"],
        help="keep only findings of policies mapped to this compliance framework (the exit code follows)",
    )
    pv.add_argument(
        "--min-severity",
        choices=["low", "medium", "high", "critical"],
        help="keep only findings of policies of this severity or higher (the exit code follows)",
    )
    pv.add_argument(
        "--require-decided",
        action="store_true",
        help="exit 1 also when a check is left to the update (a value unknown at this preview): for CI on a "
        "stack that already exists, where every check should be decidable",
    )

    sc = sub.add_parser("schema", help="write the JSON Schema of the stack spec (for editor completion)")
    sc.add_argument("--out", type=Path, help="file to write (default: stdout)")

    ct = sub.add_parser("controls", help="print the control catalogue, or a benchmark's coverage")
    ct.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    ct.add_argument(
        "--framework",
        choices=["cis-oke"],
        help="print every recommendation of this benchmark with its coverage instead of the catalogue",
    )

    au = sub.add_parser("audit", help="evaluate the policy pack on a deployed stack (`pulumi stack export` JSON)")
    au.add_argument("state", type=Path, metavar="STATE.json", help="the checkpoint `pulumi stack export` writes")
    au.add_argument("--format", choices=["text", "json", "sarif"], default="text")
    au.add_argument("--policy-config", type=Path, help="JSON of policy names to enforcement levels")
    au.add_argument("--no-tree", action="store_true", help="text: leave out the resource tree")
    pp = sub.add_parser("policy-pack", help="write the policy pack directory for pulumi --policy-pack (--install DIR)")
    pp.add_argument("--install", type=Path, metavar="DIR", help="write a self-contained pack with its venv into DIR")
    pp.add_argument("--no-venv", action="store_true", help="with --install: write the files only, no venv")

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

    fl = sub.add_parser(
        "flows", help="reachability over an offline preview: the flows OKE needs, and what the outside can reach"
    )
    fsrc = fl.add_mutually_exclusive_group()
    fsrc.add_argument("--stack", help="stack name: config from stacks/Pulumi.<stack>.yaml (default: dev)")
    fsrc.add_argument("--spec", type=Path, help="a bare YAML spec file")

    im = sub.add_parser(
        "images",
        help="the add-on images a stack's baseline runs (Calico, CSI driver) and the commands that mirror them",
    )
    isrc = im.add_mutually_exclusive_group()
    isrc.add_argument("--stack", help="stack name: config from stacks/Pulumi.<stack>.yaml (default: dev)")
    isrc.add_argument("--spec", type=Path, help="a bare YAML spec file, or a stack file")
    im.add_argument("--mirror", help="OCIR prefix to mirror into (default: the spec's registry.mirror)")

    tn = sub.add_parser(
        "tunnel",
        help="open a Bastion port-forwarding session to the private API endpoint and write a tunnel kubeconfig",
    )
    tn.add_argument("--bastion-id", required=True, help="the stack's Bastion (pulumi stack output bastion_id)")
    tn.add_argument(
        "--endpoint", required=True, help="private endpoint <ip>:6443 (pulumi stack output private_endpoint)"
    )
    tn.add_argument("--region", required=True, help="the stack's region (pulumi stack output region)")
    tn.add_argument("--kubeconfig", type=Path, required=True, help="the cluster's kubeconfig (stack output kubeconfig)")
    tn.add_argument("--public-key", type=Path, required=True, help="SSH public key the session accepts")
    tn.add_argument("--private-key", default="~/.ssh/id_ed25519", help="its private key, for the printed ssh command")
    tn.add_argument("--local-port", type=int, default=6443, help="local end of the tunnel (default 6443)")
    tn.add_argument("--out", type=Path, required=True, help="where to write the tunnel kubeconfig")
    tn.add_argument("--profile", default="DEFAULT", help="OCI config profile for the API call")
    tn.add_argument(
        "--ttl",
        type=int,
        default=1800,
        help="session length in seconds, at most the Bastion's access.bastion.session_ttl_seconds (default 1800)",
    )
    tn.add_argument("--print-only", action="store_true", help="create nothing: write the kubeconfig, print the steps")

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


class BadInput(Exception):
    """A user mistake found by the CLI itself (arguments, --out, --policy-config)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def _problems_of(exc: BaseException) -> list[Problem]:
    """Problems of a SpecError, BadInput or ProgramError (whose message may carry ``". Fix: "``)."""
    if isinstance(exc, SpecError | BadInput):
        return list(exc.problems)
    text = str(exc)
    message, _, fix = text.partition(". Fix: ")
    return [Problem("program" if isinstance(exc, ProgramError) else "input", message, fix or "see the message")]


def _print_problems(err: Console, problems: Sequence[Problem]) -> None:
    # Messages carry patterns such as ^[a-z][a-z0-9-]{0,29}$: escaped, so rich prints them literally.
    for problem in problems:
        err.print(f"[bold red]error[/] {escape(str(problem))}", highlight=False, soft_wrap=True)


def error_document(problems: Sequence[Problem]) -> dict[str, Any]:
    """The ``--format json`` document of a run that could not start: ``{"error": {...}}``."""
    return {
        "error": {
            "exit_code": EXIT_BAD_INPUT,
            "message": f"{len(problems)} problem(s) with the input; nothing was previewed",
            "problems": [{"field": p.field, "message": p.message, "fix": p.fix} for p in problems],
        }
    }


def _bad_input(
    err: Console, problems: Sequence[Problem], fmt: str = "text", out_path: Path | None = None, artifact: str = ""
) -> int:
    """Report bad input in every channel the user asked for, and return exit code 2."""
    _print_problems(err, problems)
    doc: dict[str, Any] | None = None
    if fmt == "json":
        doc = error_document(problems)
    elif fmt == "sarif":
        from oke_secure.offline.exporters import sarif

        doc = sarif.error_log(problems, artifact, __version__)
    if doc is not None:
        text = json.dumps(doc, indent=2) + "\n"
        sys.stdout.write(text)
        if out_path is not None and _SINGLE_DOCUMENT.get(out_path.suffix) == fmt and not out_path.is_dir():
            with contextlib.suppress(OSError):
                out_path.parent.mkdir(parents=True, exist_ok=True)
                out_path.write_text(text)
    return EXIT_BAD_INPUT


#: ``preview --out`` suffixes that name one document (the rest of --out values are directories).
_SINGLE_DOCUMENT = {".json": "json", ".sarif": "sarif"}


def _check_out_file(path: Path, flag: str = "--out") -> None:
    """``path`` may be written as a file: not a directory, and its parent is not a file."""
    if path.is_dir():
        raise BadInput(
            [Problem(flag, f"{path} is a directory, and this command writes one file", f"name a file, e.g. {path}/out")]
        )
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            raise BadInput([Problem(flag, f"{parent} is a file, not a directory", "choose another path")])


def _write(path: Path, text: str, flag: str = "--out") -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    except OSError as exc:
        raise BadInput(
            [Problem(flag, f"cannot write {path}: {exc.strerror or exc}", "choose a writable path")]
        ) from None


def _preview_out(args: argparse.Namespace) -> tuple[Path | None, Path | None]:
    """``(directory, single file)`` of ``preview --out``; checked before anything runs."""
    path: Path | None = args.out
    if path is None:
        return None, None
    kind = _SINGLE_DOCUMENT.get(path.suffix)
    if kind is not None and not path.is_dir():
        if kind != args.format and not (kind == "json" and args.format == "text"):
            raise BadInput(
                [
                    Problem(
                        "--out",
                        f"{path} names a {kind} file but --format is {args.format}",
                        f"use --format {kind}, or --out DIR for report.json, report.sarif, k8s.yaml and plan.json",
                    )
                ]
            )
        _check_out_file(path)
        return None, path
    if path.exists() and not path.is_dir():
        raise BadInput(
            [
                Problem(
                    "--out",
                    f"{path} is an existing file; --out DIR writes report.json, report.sarif, k8s.yaml and plan.json",
                    "name a directory, or a file ending in .json or .sarif for that single document",
                )
            ]
        )
    _check_out_file(path / "report.json")
    return path, None


def cmd_preview(args: argparse.Namespace, out: Console, err: Console) -> int:
    from oke_secure.offline.exporters import json_report, k8s_yaml, plan_json, sarif, text
    from oke_secure.offline.preview import load_policy_config, run_preview
    from oke_secure.offline.selection import filter_report
    from oke_secure.policies import POLICIES

    stack = args.stack if (args.stack or args.spec or args.program) else "dev"
    artifact = str(args.spec or args.program or f"stacks/Pulumi.{stack}.yaml")
    try:
        out_dir, out_file = _preview_out(args)
        result = run_preview(
            stack=stack,
            spec_file=args.spec,
            program=args.program,
            overrides=args.overrides,
            policy_config=load_policy_config(args.policy_config),
            mode=args.preview_mode,
        )
    except (SpecError, ProgramError, BadInput) as exc:
        return _bad_input(err, _problems_of(exc), args.format, args.out, artifact)
    cap = result.capture
    report, policies = filter_report(result.report, POLICIES, args.framework, args.min_severity)
    doc = json_report.to_json(cap, report)
    sarif_doc = sarif.to_sarif(report, policies, result.artifact, __version__)
    if args.format == "json":
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
    elif args.format == "sarif":
        sys.stdout.write(json.dumps(sarif_doc, indent=2) + "\n")
    else:
        text.render(out, cap, report, show_tree=not args.no_tree)
    try:
        if out_file is not None:
            single = sarif_doc if out_file.suffix == ".sarif" else doc
            _write(out_file, json.dumps(single, indent=2) + "\n")
        if out_dir is not None:
            _write(out_dir / "report.json", json.dumps(doc, indent=2) + "\n")
            _write(out_dir / "report.sarif", json.dumps(sarif_doc, indent=2) + "\n")
            concrete = _update_capture(args, cap, err)
            _write(out_dir / "k8s.yaml", k8s_yaml.to_yaml(concrete))
            _write(out_dir / "plan.json", json.dumps(plan_json.to_plan(concrete), indent=2) + "\n")
    except BadInput as exc:
        _print_problems(err, exc.problems)
        return EXIT_BAD_INPUT
    if args.require_decided and report.deferred:
        err.print(
            f"[red]error[/] --require-decided: {len(report.deferred)} check(s) left to the update "
            "(listed under 'decided at update')",
            highlight=False,
        )
        return EXIT_VIOLATION
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
        err.print(
            f"[yellow]note[/] k8s.yaml and plan.json from the preview (unknowns kept): {escape(str(exc))}",
            highlight=False,
        )
        return cap


def cmd_schema(args: argparse.Namespace, out: Console) -> int:
    from oke_secure.spec import StackSpec

    schema = StackSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "oke-secure stack spec (config key oke-secure:spec)"
    text = json.dumps(schema, indent=2) + "\n"
    if args.out:
        _check_out_file(args.out)
        _write(args.out, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def controls_json() -> list[dict[str, Any]]:
    """The catalogue as data: each control with the ids of the policies that check it."""
    from oke_secure.policies import CONTROLS_OF
    from oke_secure.spec.controls import CONTROLS

    rows = []
    for c in CONTROLS:
        row = dict(c.__dict__)
        row["policies"] = sorted(n for n, ids in CONTROLS_OF.items() if c.id in ids)
        rows.append(row)
    return rows


def cmd_controls(args: argparse.Namespace, out: Console) -> int:
    from oke_secure.offline.docs import controls_markdown

    if getattr(args, "framework", None) == "cis-oke":
        return _cis_controls(args, out)

    if args.format == "markdown":
        sys.stdout.write(controls_markdown())
    elif args.format == "json":
        sys.stdout.write(json.dumps(controls_json(), indent=2) + "\n")
    else:
        rows = controls_json()
        widest = max(len(name) for row in rows for name in row["policies"])
        table = Table(title="oke-secure controls", show_lines=True)
        table.add_column("id", no_wrap=True)
        table.add_column("control", ratio=3)
        table.add_column("built by", ratio=1)
        # Policy names are identifiers a user copies into --policy-config: never cut or wrapped mid-name.
        table.add_column("checked by (policies)", no_wrap=True, min_width=widest)
        for row in rows:
            checked = "\n".join(row["policies"]) or row["checked_by"]
            table.add_row(row["id"], escape(row["title"]), escape(row["built_by"]), escape(checked))
        out.print(table)
    return EXIT_OK


def _cis_controls(args: argparse.Namespace, out: Console) -> int:
    from dataclasses import asdict

    from oke_secure.offline.docs import cis_markdown
    from oke_secure.spec import cis

    if args.format == "markdown":
        sys.stdout.write(cis_markdown())
    elif args.format == "json":
        doc = {
            "framework": cis.FRAMEWORK,
            "name": cis.NAME,
            "version": cis.VERSION,
            "source": cis.SOURCE,
            "counts": cis.counts(),
            "recommendations": [asdict(r) for r in cis.RECOMMENDATIONS],
        }
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
    else:
        counts = ", ".join(f"{n} {s}" for s, n in cis.counts().items())
        widest = max(len(p) for r in cis.RECOMMENDATIONS for p in r.policies)
        table = Table(
            title=f"{cis.NAME} v{cis.VERSION}: {len(cis.RECOMMENDATIONS)} recommendations ({counts})",
            show_lines=True,
        )
        table.add_column("CIS", no_wrap=True)
        table.add_column("recommendation (assessment; controls; why not covered)", ratio=1)
        table.add_column("status", no_wrap=True)
        # Policy names are identifiers a user copies into --policy-config: never cut or wrapped mid-name.
        table.add_column("checked by (policies)", no_wrap=True, min_width=widest)
        for r in cis.RECOMMENDATIONS:
            detail = "; ".join(
                x for x in (r.assessment, ", ".join(r.controls), r.note if r.status != "covered" else "") if x
            )
            table.add_row(r.id, escape(f"{r.title} ({detail})"), r.status, "\n".join(r.policies))
        out.print(table)
    return EXIT_OK


def cmd_audit(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``oke-secure audit STATE.json``: the pack on a deployed stack; exit 0 clean, 1 mandatory, 2 bad input."""
    from oke_secure.offline.audit import run_audit
    from oke_secure.offline.exporters import json_report, sarif, text
    from oke_secure.offline.preview import load_policy_config
    from oke_secure.policies import POLICIES

    try:
        cap, report = run_audit(args.state, load_policy_config(args.policy_config))
    except ProgramError as exc:
        return _bad_input(err, _problems_of(exc), args.format, artifact=str(args.state))
    if args.format == "json":
        sys.stdout.write(json.dumps(json_report.to_json(cap, report), indent=2) + "\n")
    elif args.format == "sarif":
        sys.stdout.write(json.dumps(sarif.to_sarif(report, POLICIES, str(args.state), __version__), indent=2) + "\n")
    else:
        text.render(out, cap, report, show_tree=not args.no_tree)
    return EXIT_VIOLATION if report.mandatory else EXIT_OK


def cmd_policy_pack(args: argparse.Namespace, err: Console) -> int:
    """Without --install: print the pack's template directory; with it: write a usable pack, print its path."""
    if args.install is None:
        sys.stdout.write(str(Path(__file__).resolve().parent / "policypack") + "\n")
        return EXIT_OK
    from oke_secure.pack import write_pack

    try:
        pack = write_pack(args.install, make_venv=not args.no_venv, log=lambda line: err.print(line, highlight=False))
    except ProgramError as exc:
        return _bad_input(err, _problems_of(exc))
    sys.stdout.write(f"{pack}\n")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace, out: Console, err: Console) -> int:
    from oke_secure.offline.diff import capture_side, diff_captures, format_diff, to_json

    sides: list[tuple[str | Path, bool]] = [(s, True) for s in args.stacks] + [(f, False) for f in args.files]
    if len(sides) != 2:
        problem = Problem(
            "diff",
            f"diff needs exactly two sides (OLD and NEW), got {len(sides)}",
            "give two spec or stack files, --stack A --stack B, or one --stack and one file",
        )
        return _bad_input(err, [problem], args.format)
    try:
        old, new = (capture_side(src, is_stack=is_stack, program=args.program) for src, is_stack in sides)
    except (SpecError, ProgramError) as exc:
        return _bad_input(err, _problems_of(exc), args.format)
    result = diff_captures(old, new)
    if args.format == "json":
        sys.stdout.write(json.dumps(to_json(result), indent=2) + "\n")
    else:
        sys.stdout.write(format_diff(result) + "\n")
    return EXIT_OK


def cmd_flows(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Exit 0 when every required flow is allowed and nothing undeclared is open from outside; else 1."""
    from oke_secure.offline.flows import analyse_preview, render
    from oke_secure.offline.preview import run_preview

    stack = args.stack if (args.stack or args.spec) else "dev"
    try:
        result = run_preview(stack=stack if not args.spec else None, spec_file=args.spec)
    except (SpecError, ProgramError, BadInput) as exc:
        return _bad_input(err, _problems_of(exc))
    if result.spec is None:
        return _bad_input(err, [Problem("--stack", "the program has no oke-secure spec", "pass --stack or --spec")])
    analysis = analyse_preview(result.capture, result.spec)
    for line in render(analysis):
        out.print(line, markup=False, highlight=False)
    return 0 if analysis.ok else 1


def cmd_images(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Print each add-on image, then (with a mirror) one ``skopeo copy`` per image: the mirroring step.
    A ``--mirror`` is validated as the spec's ``registry.mirror`` would be (OCIR in the stack's region)."""
    from oke_secure.builders import image_mirror
    from oke_secure.spec import parse_spec
    from oke_secure.spec.stackfile import load_spec_file, stack_file

    try:
        raw = load_spec_file(args.spec or stack_file(args.stack or "dev"))
        if args.mirror:
            raw = {**raw, "registry": {**(raw.get("registry") or {}), "mirror": args.mirror}}
        spec = parse_spec(raw)
    except SpecError as exc:
        renamed = {"registry.mirror": "--mirror"} if args.mirror else {}
        if not args.spec:
            renamed["--spec"] = "--stack"
        return _bad_input(err, [Problem(renamed.get(p.field, p.field), p.message, p.fix) for p in exc.problems])
    images = spec.addon_images  # the rule the stack's mirror repositories come from too
    lines = [f"# add-on images of stack {spec.name} ({spec.network.cni})", *images]
    mirror = spec.registry.mirror
    if mirror:
        if spec.mirror_repositories:
            lines.append(
                "# run after stage 1 (make up-oci): it creates these private mirror repositories (create-on-push "
                f"is off, SC-1) and the image-signing key: {', '.join(spec.mirror_repositories)}"
            )
        lines.append(f"# copy into {mirror} (after: skopeo login {mirror.split('/')[0]})")
        lines += image_mirror.copy_commands(images, mirror)
        lines.append(
            "# sign each copy with the stack's image-signing key: the cluster admits only OCIR images signed "
            "with it (CL-5). KEY: `pulumi stack output image_signing_key_id` (a stage-1 output); KEY_VERSION: "
            "its current version "
            "(`oci kms management key get --key-id $KEY --endpoint <vault management endpoint>`); "
            "COMPARTMENT: the mirror repositories' compartment"
        )
        lines += image_mirror.sign_commands(images, mirror, "$KEY", "$KEY_VERSION", "$COMPARTMENT")
    for line in lines:  # one line each, never wrapped: they are commands to paste
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    return EXIT_OK


def cmd_tunnel(args: argparse.Namespace, out: Console, err: Console, client: object | None = None) -> int:
    """Write the tunnel kubeconfig; create the session (unless --print-only) and print the ssh command (DEP-3)."""
    from oke_secure import tunnel

    if not 1800 <= args.ttl <= 10800:
        return _bad_input(
            err, [Problem("--ttl", f"{args.ttl} is outside a Bastion's 1800-10800 s", "give 1800 to 10800 seconds")]
        )
    try:
        endpoint = tunnel.Endpoint.parse(args.endpoint)
        text = tunnel.tunnel_kubeconfig(args.kubeconfig.read_text(), endpoint, args.local_port)
        public_key = args.public_key.read_text()
    except (OSError, ValueError) as exc:
        return _bad_input(err, [Problem("tunnel", str(exc), "pass the stack's outputs and readable files")])
    args.out.write_text(text)
    out.print(f"wrote {args.out}: server https://127.0.0.1:{args.local_port}, tls-server-name {endpoint.ip}")
    if args.print_only:
        out.print(
            f"create the session: oci bastion session create-port-forwarding --bastion-id {args.bastion_id} "
            f"--target-private-ip {endpoint.ip} --target-port {endpoint.port} "
            f"--ssh-public-key-file {args.public_key}",
            markup=False,
        )
        out.print("then: ssh -i <private key> -N -L ... (the session's ssh command)", markup=False)
        return 0
    if client is None:
        client = tunnel.bastion_client(args.profile, args.region)
    try:
        session = tunnel.open_session(client, args.bastion_id, endpoint, public_key, ttl=args.ttl)
    except Exception as exc:  # the SDK's ServiceError, timeouts: shown as a message, not a traceback
        return _bad_input(
            err, [Problem("bastion session", str(exc), "check the Bastion id and your IAM rights (DEP-2)")]
        )
    out.print(f"session {session.id} is ACTIVE; keep this running, then use KUBECONFIG={args.out}:", markup=False)
    out.print(tunnel.ssh_command(session.id, args.region, endpoint, args.local_port, args.private_key), markup=False)
    return 0


def cmd_diagram(args: argparse.Namespace, err: Console) -> int:
    from oke_secure.offline.diagram import to_markdown, to_mermaid
    from oke_secure.offline.preview import run_preview

    stack = args.stack if (args.stack or args.spec or args.program) else "dev"
    try:
        if args.out:
            _check_out_file(args.out)
        result = run_preview(stack=stack, spec_file=args.spec, program=args.program)
    except (SpecError, ProgramError, BadInput) as exc:
        return _bad_input(err, _problems_of(exc))
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
        _write(args.out, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _dispatch(args: argparse.Namespace, out: Console, err: Console) -> int:
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
    if args.command == "flows":
        return cmd_flows(args, out, err)
    if args.command == "tunnel":
        return cmd_tunnel(args, out, err)
    if args.command == "images":
        return cmd_images(args, out, err)
    if args.command == "audit":
        return cmd_audit(args, out, err)
    return cmd_policy_pack(args, err)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``oke-secure`` console script."""
    args = _parser().parse_args(argv)
    out, err = Console(), Console(stderr=True)
    try:
        return _dispatch(args, out, err)
    except BadInput as exc:
        return _bad_input(err, exc.problems, getattr(args, "format", "text") or "text")


if __name__ == "__main__":
    sys.exit(main())
