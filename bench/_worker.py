"""One measurement in a fresh interpreter: ``python -m bench._worker KIND [ARG] [OUT]``; prints one JSON line.

Every kind imports the SDK modules first (``oke_secure.components.stack`` pulls in every pulumi-oci and
pulumi-kubernetes module the stack uses), so import time is excluded from the timed part; imports are
measured on their own by the ``imports`` step of the orchestrator. Times are CPU seconds of this process
(robust on a shared machine) with wall seconds alongside; memory is the growth of the peak RSS over the
post-import baseline.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _clock() -> tuple[float, float]:
    return time.process_time(), time.perf_counter()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    cpu, wall = _clock()
    return cpu - start[0], wall - start[1]


def sdk_module(type_: str) -> tuple[str, str] | None:
    """``(module, class)`` of the SDK class registering ``type_``, e.g. ``("pulumi_oci.core", "Vcn")``."""
    parts = type_.split(":")
    if len(parts) != 3:
        return None
    pkg, mod, cls = parts
    if pkg == "pulumi" and mod == "providers":
        return {"kubernetes": ("pulumi_kubernetes", "Provider"), "oci": ("pulumi_oci", "Provider")}.get(cls)
    if pkg == "oci":
        return f"pulumi_oci.{mod.split('/')[0].lower()}", cls
    if pkg == "kubernetes":
        group, _, version = mod.partition("/")
        return f"pulumi_kubernetes.{group.split('.')[0]}.{version}", cls
    return None


def _preimport(dump: str | None) -> None:
    """Import our packages and, through an attribute access (pulumi-oci loads service modules lazily),
    every SDK module whose classes the dumped resources use."""
    import importlib

    if not dump:
        return
    for item in json.loads(Path(dump).read_text()):
        found = sdk_module(item["type"])
        if found:
            getattr(importlib.import_module(found[0]), found[1])


def prod(dump: str | None) -> dict[str, Any]:
    """The offline preview of the prod example (spec, program under mocks, whole policy pack)."""
    from bench._specs import ROOT
    from oke_secure.offline.evaluate import evaluate
    from oke_secure.offline.preview import run_preview

    base = _rss_kb()
    start = _clock()
    result = run_preview(stack="prod", root=ROOT)
    cpu, wall = _since(start)
    start = _clock()
    evaluate(result.capture.resources)
    eval_cpu, _ = _since(start)
    custom = [r for r in result.capture.resources if r.custom]
    if dump:
        Path(dump).write_text(json.dumps([{"type": r.type, "name": r.name, "inputs": r.inputs} for r in custom]))
    return {
        "cpu": cpu,
        "wall": wall,
        "eval_cpu": eval_cpu,
        "resources": len(result.capture.resources),
        "custom": len(custom),
        "rss_kb": _rss_kb() - base,
        "mandatory": len(result.report.mandatory),
    }


def floor(dump: str) -> dict[str, Any]:
    """The same custom resources (types, names, inputs) registered flat under plain Pulumi mocks."""
    import pulumi
    from pulumi.runtime import settings
    from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs, Mocks, set_mocks
    from pulumi.runtime.stack import run_pulumi_func
    from pulumi.runtime.sync_await import _sync_await

    class PlainMocks(Mocks):
        def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
            return f"{args.name}-id", dict(args.inputs)

        def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
            return {}, None

    items = json.loads(Path(dump).read_text())
    base = _rss_kb()
    start = _clock()
    settings.ROOT.set(None)
    set_mocks(PlainMocks(), project="oke-secure", stack="prod", preview=False)

    def body() -> None:
        for item in items:
            if item["type"].startswith("pulumi:providers:"):
                pulumi.ProviderResource(item["type"].split(":")[-1], item["name"], item["inputs"])
            else:
                pulumi.CustomResource(item["type"], item["name"], item["inputs"])

    _sync_await(run_pulumi_func(body))
    cpu, wall = _since(start)
    return {"cpu": cpu, "wall": wall, "custom": len(items), "rss_kb": _rss_kb() - base}


def scale(kind: str, n: int) -> dict[str, Any]:
    """A generated spec (``pools``/``namespaces``) or program (``clusters``) at size ``n``."""
    from bench import _specs
    from oke_secure.offline.engine import run_program
    from oke_secure.offline.evaluate import evaluate
    from oke_secure.spec import CONFIG_KEY, parse_spec

    program = _specs.ROOT / "stacks"
    if kind == "pools":
        config: dict[str, Any] = {CONFIG_KEY: _specs.with_pools(n)}
    elif kind == "namespaces":
        config = {CONFIG_KEY: _specs.with_namespaces(n)}
    else:
        specs = _specs.clusters(n)
        for s in specs:
            parse_spec(s)
        config = {"oke-secure:specs": specs}
        tmp = Path(tempfile.mkdtemp(prefix="oke-bench-"))
        program = tmp / "__main__.py"
        program.write_text(_specs.MULTI_CLUSTER_PROGRAM)
    base = _rss_kb()
    start = _clock()
    try:
        cap = run_program(program, stack="prod", config=config)
    except RecursionError as exc:  # reported, not hidden
        return {"error": f"RecursionError: {exc}"}
    except Exception as exc:
        if "RecursionError" in str(exc) or "recursion" in str(exc):
            return {"error": f"recursion: {exc}"}
        raise
    cpu, wall = _since(start)
    start = _clock()
    report = evaluate(cap.resources)
    eval_cpu, eval_wall = _since(start)
    return {
        "cpu": cpu,
        "wall": wall,
        "eval_cpu": eval_cpu,
        "eval_wall": eval_wall,
        "resources": len(cap.resources),
        "custom": sum(r.custom for r in cap.resources),
        "rss_kb": _rss_kb() - base,
        "mandatory": len(report.mandatory),
    }


def main(argv: list[str]) -> int:
    kind, arg, dump = argv[0], argv[1] if len(argv) > 1 else "", argv[2] if len(argv) > 2 else None
    _preimport(dump)
    if kind == "prod":
        out = prod(arg or None)
    elif kind == "floor":
        out = floor(arg)
    else:
        out = scale(kind, int(arg))
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
