"""Run a Pulumi program under mocks, as ``pulumi up`` would with a fake cloud, and capture it all."""

from __future__ import annotations

import io
import json
import os
import runpy
import sys
import traceback
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, Literal, get_args

import pulumi
from pulumi.config import ConfigMissingError
from pulumi.runtime import settings as _settings
from pulumi.runtime.mocks import set_mocks
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from oke_secure.offline.engine.capture import UNKNOWN, Capture, CapturingMonitor, StackOutput, unwrap_secrets
from oke_secure.offline.engine.fixtures import OfflineMocks
from oke_secure.offline.engine.k8s import placeholders_for_get_resource
from oke_secure.spec.errors import Problem, ProgramError, SpecError

Mode = Literal["preview", "first", "update"]
#: The engine's semantics, one engine for all three:
#:
#: - ``preview`` (default): ``pulumi preview`` of a stack that exists. The SDK runs dry
#:   (``is_dry_run()``); ids are known, inputs carried through, every output the mocks do not fill is
#:   unknown and ``apply`` callbacks on unknowns never run (``pulumi/runtime/rpc.py``
#:   ``resolve_properties``: in a dry run a missing or ``None`` output resolves as not known;
#:   ``pulumi/output.py`` skips the callback of an unknown output).
#: - ``first``: the FIRST preview of a new stack. As ``preview``, and also every id and every
#:   computed output is unknown, as a bridged provider previews a create (see
#:   :class:`~oke_secure.offline.engine.fixtures.OfflineMocks`). Literals stay known.
#: - ``update``: ``pulumi up`` against the fake cloud: concrete ids and values, every ``apply`` runs.
#:   Artefacts that need concrete values (``k8s.yaml``, ``plan.json``) come from this mode.
MODES: tuple[str, ...] = get_args(Mode)


def resolve_program(path: str | Path) -> Path:
    """The file to run for ``path``: a ``.py`` file, or a directory's ``__main__.py``."""
    p = Path(path)
    if p.is_dir():
        main = p / "__main__.py"
        if not main.is_file():
            raise ProgramError(
                f"{p}: no __main__.py in this directory. Fix: pass a directory with a "
                "__main__.py (like stacks/) or a Python file"
            )
        return main
    if p.is_file():
        return p
    raise ProgramError(f"{p}: no such program. Fix: pass a directory with a __main__.py or a .py file")


def config_for(project: str, values: Mapping[str, Any]) -> dict[str, str]:
    """Pulumi config entries for ``values``: keys namespaced by project, objects JSON-encoded."""
    out: dict[str, str] = {}
    for key, value in values.items():
        full = key if ":" in key else f"{project}:{key}"
        out[full] = value if isinstance(value, str) else json.dumps(value)
    return out


@contextmanager
def _on_path(directory: Path) -> Iterator[None]:
    entry = str(directory)
    sys.path.insert(0, entry)
    try:
        yield
    finally:
        if entry in sys.path:
            sys.path.remove(entry)


def run_program(
    program: str | Path,
    *,
    project: str = "oke-secure",
    stack: str = "dev",
    config: Mapping[str, Any] | None = None,
    region: str = "eu-frankfurt-1",
    mode: Mode = "preview",
    secret_keys: Iterable[str] = (),
    cwd: str | Path | None = None,
    config_file: str | None = None,
    stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
) -> Capture:
    """Run the Pulumi program at ``program`` under offline mocks and capture every registration.

    The program runs as the Pulumi CLI runs it: in its project folder (``cwd``), with its folder on
    ``sys.path`` for helper modules beside it (forgotten again after the run), its stdout and stderr
    captured into the :class:`Capture` instead of the terminal.

    Args:
        program: A directory holding ``__main__.py`` (like ``stacks/``) or a Python file.
        project: Pulumi project name; config keys without a namespace get this one.
        stack: Stack name the program sees through ``pulumi.get_stack()``.
        config: Stack config, e.g. ``{"spec": {...}}`` or ``{"oke-secure:spec": {...}}``.
        region: Region the invoke fixtures answer for.
        mode: ``preview`` (default), ``first`` or ``update``: see :data:`MODES`.
        secret_keys: Config keys (full or project-relative) that are secrets.
        cwd: Working directory of the program (default: the program's folder).
        config_file: The stack file the config came from, named when a required key is missing.
        stack_outputs: Outputs of other stacks by name, answered to ``pulumi.StackReference`` reads.

    Returns:
        The captured resources, resolved stack outputs and what the program printed.

    Raises:
        SpecError: The program rejected its spec or lacks a required config key (bad input).
        ProgramError: The program could not run; the message names the user's file and line.
    """
    if mode not in MODES:
        raise ProgramError(f"unknown engine mode {mode!r}. Fix: use one of {', '.join(MODES)}")
    main = resolve_program(program).resolve()
    folder = Path(cwd).resolve() if cwd else main.parent
    first = mode == "first"
    mocks = OfflineMocks(region, first=first)
    mocks.stack_outputs = {k: dict(v) for k, v in (stack_outputs or {}).items()}
    monitor = CapturingMonitor(mocks, first=first)
    _settings.ROOT.set(None)
    values = config_for(project, config or {})
    secrets = [k if ":" in k else f"{project}:{k}" for k in secret_keys]
    pulumi.runtime.set_all_config(values, secrets)
    set_mocks(monitor.mocks, project=project, stack=stack, preview=mode != "update", monitor=monitor)
    _settings.SETTINGS.rpc_manager.clear()
    _settings.SETTINGS.outputs.clear()
    stdout, stderr = io.StringIO(), io.StringIO()
    user_dirs = {main.parent, folder}

    def body() -> None:
        runpy.run_path(str(main), run_name="__main__")

    before = set(sys.modules)
    try:
        with (
            _on_path(main.parent),
            _in_dir(folder),
            redirect_stdout(stdout),
            redirect_stderr(stderr),
            placeholders_for_get_resource(mocks.notes),
        ):
            _sync_await(run_pulumi_func(body))
            outputs = _resolve_outputs()
    except SpecError:
        raise
    except ProgramError:
        raise
    except ConfigMissingError as exc:
        raise _missing_config(exc, config_file) from None
    except SystemExit as exc:
        raise ProgramError(f"{_where(exc, main, user_dirs)}the program exited ({exc.code})") from None
    except Exception as exc:
        raise ProgramError(f"{_where(exc, main, user_dirs)}{type(exc).__name__}: {exc}") from None
    finally:
        _settings.ROOT.set(None)
        _forget_user_modules(before, user_dirs)
    return Capture(
        project=project,
        stack=stack,
        resources=list(monitor.captured),
        outputs=outputs,
        mode=mode,
        invokes=dict(mocks.invokes),
        notes=[*mocks.notes, *monitor.notes],
        stdout=stdout.getvalue(),
        stderr=stderr.getvalue(),
    )


@contextmanager
def _in_dir(folder: Path) -> Iterator[None]:
    # The Pulumi CLI starts the language host in the project folder: relative reads resolve there.
    old = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


def _forget_user_modules(before: set[str], user_dirs: set[Path]) -> None:
    """Drop helper modules imported from the program's folders: the next program may have its own."""
    for name in set(sys.modules) - before:
        file = getattr(sys.modules.get(name), "__file__", None)
        if file and any(_inside(Path(file), d) for d in user_dirs) and ".venv" not in Path(file).parts:
            del sys.modules[name]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


#: Frames of this package (engine, components) are never "the user's line".
_PACKAGE = Path(__file__).resolve().parents[2]
_OWN = (_PACKAGE, _PACKAGE.parent / "components")


def _user_frame(exc: BaseException, main: Path, user_dirs: set[Path]) -> traceback.FrameSummary | None:
    """The last traceback frame in the user's own code (their folder, not a library or the engine)."""
    frames: list[traceback.FrameSummary] = []
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        frames = traceback.extract_tb(cur.__traceback__) + frames
        cur = cur.__cause__ or cur.__context__
    mine = [
        f
        for f in frames
        if any(_inside(Path(f.filename), d) for d in user_dirs)
        and not any(_inside(Path(f.filename), d) for d in _OWN)
        and not any(part in Path(f.filename).parts for part in (".venv", "site-packages"))
    ]
    return mine[-1] if mine else None


def _where(exc: BaseException, main: Path, user_dirs: set[Path]) -> str:
    frame = _user_frame(exc, main, user_dirs)
    if frame is None:
        return f"{main}: "
    code = f"\n    {frame.line.strip()}" if frame.line else ""
    return f"{frame.filename}, line {frame.lineno}, in {frame.name}:{code}\n  "


def _missing_config(exc: ConfigMissingError, config_file: str | None) -> SpecError:
    where = config_file or "the stack file (Pulumi.<stack>.yaml)"
    short = exc.key.split(":", 1)[-1]
    return SpecError(
        [
            Problem(
                exc.key,
                f"the program requires config {exc.key!r}, which is not set in {where}",
                f"add it under config: in {where}, e.g. `pulumi config set {short} VALUE`",
            )
        ]
    )


def _resolve_outputs() -> dict[str, StackOutput]:
    root = _settings.get_root_resource()
    exported: dict[str, Any] = dict(getattr(root, "outputs", {}) or {})
    out: dict[str, StackOutput] = {}
    for name, value in exported.items():
        o = pulumi.Output.from_input(value)
        resolved = _sync_await(o.future(with_unknowns=True))
        secret = bool(_sync_await(o.is_secret()))
        if not _sync_await(o.is_known()):
            resolved = UNKNOWN if resolved is None else resolved
        plain, nested_secret = unwrap_secrets(resolved)
        out[name] = StackOutput(value=plain, secret=secret or nested_secret)
    return out
