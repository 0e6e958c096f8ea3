"""Run a Pulumi program under mocks, as ``pulumi up`` would with a fake cloud, and capture it all."""

from __future__ import annotations

import json
import runpy
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, get_args

import pulumi
from pulumi.runtime import settings as _settings
from pulumi.runtime.mocks import set_mocks
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from oke_secure.offline.engine.capture import UNKNOWN, Capture, CapturingMonitor, StackOutput, unwrap_secrets
from oke_secure.offline.engine.fixtures import OfflineMocks
from oke_secure.spec.errors import ProgramError, SpecError

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
) -> Capture:
    """Run the Pulumi program at ``program`` under offline mocks and capture every registration.

    Args:
        program: A directory holding ``__main__.py`` (like ``stacks/``) or a Python file.
        project: Pulumi project name; config keys without a namespace get this one.
        stack: Stack name the program sees through ``pulumi.get_stack()``.
        config: Stack config, e.g. ``{"spec": {...}}`` or ``{"oke-secure:spec": {...}}``.
        region: Region the invoke fixtures answer for.
        mode: ``preview`` (default), ``first`` or ``update``: see :data:`MODES`.

    Returns:
        The captured resources and resolved stack outputs.

    Raises:
        SpecError: The program rejected its spec (bad input).
        ProgramError: The program could not run; the message names the cause.
    """
    if mode not in MODES:
        raise ProgramError(f"unknown engine mode {mode!r}. Fix: use one of {', '.join(MODES)}")
    main = resolve_program(program)
    first = mode == "first"
    monitor = CapturingMonitor(OfflineMocks(region, first=first), first=first)
    _settings.ROOT.set(None)
    pulumi.runtime.set_all_config(config_for(project, config or {}), [])
    set_mocks(monitor.mocks, project=project, stack=stack, preview=mode != "update", monitor=monitor)
    _settings.SETTINGS.rpc_manager.clear()
    _settings.SETTINGS.outputs.clear()

    def body() -> None:
        with _on_path(main.parent):
            runpy.run_path(str(main), run_name="__main__")

    try:
        _sync_await(run_pulumi_func(body))
        outputs = _resolve_outputs()
    except SpecError:
        raise
    except ProgramError:
        raise
    except SystemExit as exc:
        raise ProgramError(f"{main}: the program exited ({exc.code})") from None
    except Exception as exc:
        raise ProgramError(f"{main}: {type(exc).__name__}: {exc}") from exc
    finally:
        _settings.ROOT.set(None)
    return Capture(project=project, stack=stack, resources=list(monitor.captured), outputs=outputs, mode=mode)


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
