"""Release hygiene (issue 10): the wheel ships everything a user needs and works once installed.

Builds the wheel from a copy of the sources (so the checkout gets no build/ or egg-info changes),
checks its file list, installs it with ``--no-deps`` into a fresh venv (no system site-packages) and
runs it from a temporary directory; the runtime dependencies come from this venv's site-packages on
PYTHONPATH, which holds no oke_secure or components package of its own (the editable install is a
.pth hook that PYTHONPATH entries do not run), so what is imported is what the wheel installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

SHIPPED = ("pyproject.toml", "README.md", "LICENSE", "oke_secure", "components")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    src.mkdir()
    for name in SHIPPED:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(path, src / name)
    dist = base / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "--disable-pip-version-check",
            "-w",
            str(dist),
            str(src),
        ],
        check=True,
        cwd=base,
    )
    (built,) = dist.glob("oke_secure-*.whl")
    return built


def _sources(package: str) -> set[str]:
    root = ROOT / package
    return {p.relative_to(ROOT).as_posix() for p in root.rglob("*.py") if "__pycache__" not in p.parts}


def test_wheel_ships_every_module_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert _sources("oke_secure") <= names, sorted(_sources("oke_secure") - names)
    # The repository's components/ folder ships inside oke_secure (oke_secure/components is a link to it),
    # never as a top-level ``components`` package that would shadow a user's own components/ folder.
    shipped = {f"oke_secure/{name}" for name in _sources("components")}
    assert shipped <= names, sorted(shipped - names)
    assert not any(n.startswith("components/") for n in names), "a top-level components package reached the wheel"
    for data in (
        "oke_secure/py.typed",
        "oke_secure/components/py.typed",
        "oke_secure/components/PulumiPlugin.yaml",
        "oke_secure/policypack/PulumiPolicy.yaml",
        "oke_secure/policypack/requirements.txt",
        "oke_secure/policypack/__main__.py",
    ):
        assert data in names, f"{data} is missing from the wheel: add it to [tool.setuptools.package-data]"
    assert not any(n.startswith(("tests/", "stacks/", "examples/", "bench/")) for n in names)


def test_wheel_metadata(wheel: Path) -> None:
    from oke_secure import __version__

    z = zipfile.ZipFile(wheel)
    info = f"oke_secure-{__version__}.dist-info"
    meta = z.read(f"{info}/METADATA").decode()
    assert f"Version: {__version__}\n" in meta
    assert "Apache-2.0" in meta and "Requires-Dist: pulumi" in meta
    assert "oke-secure = oke_secure.cli:main" in z.read(f"{info}/entry_points.txt").decode()
    licenses = [n for n in z.namelist() if n.startswith(info) and n.endswith("LICENSE")]
    assert licenses and "Apache License" in z.read(licenses[0]).decode()


def test_installed_wheel_imports_and_runs(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
    )
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    env.pop("VIRTUAL_ENV", None)
    work = tmp_path / "elsewhere"
    work.mkdir()

    probe = (
        "import json, pathlib, oke_secure, oke_secure.components, oke_secure.cli, oke_secure.policies;"
        "pkg = pathlib.Path(oke_secure.components.__file__).parent;"
        "print(json.dumps({'oke_secure': oke_secure.__file__, 'components': oke_secure.components.__file__,"
        " 'plugin': (pkg / 'PulumiPlugin.yaml').is_file(),"
        " 'typed': (pathlib.Path(oke_secure.__file__).parent / 'py.typed').is_file(),"
        " 'policies': len(oke_secure.policies.POLICIES)}))"
    )
    done = subprocess.run([str(python), "-c", probe], cwd=work, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    site = str(env_dir)
    assert found["oke_secure"].startswith(site) and found["components"].startswith(site), found
    assert found["plugin"] and found["typed"] and found["policies"] > 0

    script = env_dir / "bin" / "oke-secure"
    pack = subprocess.run([str(script), "policy-pack"], cwd=work, env=env, capture_output=True, text=True)
    assert pack.returncode == 0, pack.stderr
    pack_dir = Path(pack.stdout.strip())
    assert str(pack_dir).startswith(site) and (pack_dir / "PulumiPolicy.yaml").is_file()
    version = subprocess.run([str(script), "--version"], cwd=work, env=env, capture_output=True, text=True)
    from oke_secure import __version__

    assert version.stdout.strip() == f"oke-secure {__version__}"

    # A user program laid out the common Pulumi way, with its own components/ folder, imports both.
    (work / "components").mkdir()
    (work / "components" / "__init__.py").write_text("")
    (work / "components" / "network.py").write_text("MINE = True\n")
    mixed = (
        "import components.network, oke_secure.components.network as lib;print(components.network.MINE, lib.__name__)"
    )
    own = subprocess.run([str(python), "-c", mixed], cwd=work, env=env, capture_output=True, text=True)
    assert own.returncode == 0, own.stderr
    assert own.stdout.split() == ["True", "oke_secure.components.network"]
