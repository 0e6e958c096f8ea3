"""Write the policy pack directory that ``pulumi preview --policy-pack DIR`` runs, with its virtualenv.

The Pulumi CLI starts a Python policy pack through the Python language host: it reads
``PulumiPolicy.yaml``, resolves the ``virtualenv`` option relative to the pack directory and runs
``<venv>/bin/python -u -m pulumi.policy <engine address> <pack dir>`` with the pack directory as the
working directory (pulumi/pulumi ``sdk/python/cmd/pulumi-language-python/main.go`` ``RunPlugin``,
``parseOptions``). It does not create that virtualenv for ``preview --policy-pack`` (only ``pulumi
install``/``policy new`` install a pack's dependencies, ``pkg/cmd/pulumi/policy/io.go``
``InstallPluginDependencies``), and refuses a missing one. So the directory is written whole here:

- ``PulumiPolicy.yaml`` and ``__main__.py`` from ``oke_secure/policypack``;
- ``oke_secure/``: a copy of this package (without the Pulumi components), imported by
  ``__main__.py`` from the working directory, so the pack needs no path to a checkout and no
  ``oke-secure`` on an index;
- ``requirements.txt``: what the policies import at run time, pinned to the versions installed
  beside this copy of oke-secure (the versions its tests ran with);
- ``venv/``: created with this interpreter and ``pip install -r requirements.txt``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from oke_secure.spec.errors import ProgramError

TEMPLATE = Path(__file__).resolve().parent / "policypack"
#: Distributions the policies import at run time (``import oke_secure.policies`` loads no provider SDK).
RUNTIME = ("pulumi", "pulumi-policy", "pydantic", "pyyaml")
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "components", "policypack")


def requirements() -> str:
    """``requirements.txt`` of the pack: the run-time distributions pinned to the installed versions."""
    lines = ["# Written by `oke-secure policy-pack --install`: the pack's run-time dependencies, pinned to the"]
    lines.append(
        "# versions installed with the oke-secure that wrote it. oke_secure itself is copied beside this file."
    )
    for dist in RUNTIME:
        try:
            lines.append(f"{dist}=={version(dist)}")
        except PackageNotFoundError:  # pragma: no cover - they are oke-secure's own dependencies
            lines.append(dist)
    return "\n".join(lines) + "\n"


def write_pack(directory: Path, *, make_venv: bool = True, log: Callable[[str], None] | None = None) -> Path:
    """Write a self-contained policy pack into ``directory`` (created; must be empty or absent).

    Args:
        directory: Where to write the pack; then ``pulumi preview --policy-pack <directory>``.
        make_venv: Create ``venv/`` and install ``requirements.txt`` into it (what ``PulumiPolicy.yaml``
            names); without it, run ``python -m venv venv && venv/bin/pip install -r requirements.txt``
            in the directory yourself (or ``pulumi install`` there, outside any Pulumi project).
        log: Called with a line for each step.
    """
    say = log or (lambda _line: None)
    directory = directory.resolve()
    if directory.exists() and any(directory.iterdir()):
        raise ProgramError(f"{directory} is not empty. Fix: give a new or empty directory for the policy pack")
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("PulumiPolicy.yaml", "__main__.py"):
        shutil.copy2(TEMPLATE / name, directory / name)
    shutil.copytree(Path(__file__).resolve().parent, directory / "oke_secure", ignore=_SKIP)
    (directory / "requirements.txt").write_text(requirements())
    say(f"wrote {directory} (PulumiPolicy.yaml, __main__.py, requirements.txt, oke_secure/)")
    if make_venv:
        target = directory / "venv"
        say(f"creating {target} and installing requirements.txt")
        venv.EnvBuilder(with_pip=True).create(target)
        python = target / "bin" / "python"
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"],
            cwd=directory,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise ProgramError(
                f"pip could not install {directory / 'requirements.txt'} into {target}:\n{done.stderr[-2000:]}\n"
                "Fix: check the package index is reachable, or pass --no-venv and install it yourself"
            )
    return directory


def main_python(directory: Path) -> Path:
    """The interpreter the Pulumi CLI runs the pack with: ``<dir>/<virtualenv>/bin/python``."""
    import yaml

    meta = yaml.safe_load((directory / "PulumiPolicy.yaml").read_text())
    venv_dir = (meta.get("runtime") or {}).get("options", {}).get("virtualenv")
    if not venv_dir:
        return Path(sys.executable)
    return directory / venv_dir / "bin" / "python"
