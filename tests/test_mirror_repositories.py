"""The add-on image mirror's repositories (review2 finding 2; NET-4, SC-1, SC-2, CL-5).

A stack without internet egress takes Calico and the Secrets Store CSI driver from ``registry.mirror``.
Create-on-first-push is off (SC-1), so the stack itself creates one private, immutable, scanned
repository per mirrored image; ``oke-secure images`` and the stack take the image list from one rule
(:func:`oke_secure.builders.addons.addon_images`), and a private mirror requires a pull secret.
"""

from __future__ import annotations

from typing import Any

import pytest

from oke_secure.builders import addons, calico, image_mirror
from oke_secure.builders import vault_secrets as vault
from oke_secure.cli import main
from oke_secure.offline.engine import run_program
from oke_secure.offline.evaluate import evaluate
from oke_secure.offline.preview import PreviewResult, run_preview
from oke_secure.policies import types as T
from oke_secure.spec import parse_spec
from oke_secure.spec.errors import SpecError
from tests.conftest import COMPONENT_PROGRAMS, ROOT, example_spec

MIRROR = "eu-frankfurt-1.ocir.io/examplens/mirror"


def test_mirror_repositories_are_the_copy_targets_without_host_and_namespace() -> None:
    images = ["docker.io/calico/node:v1", "docker.io/calico/node:v1", "registry.k8s.io/a/b:v2", "fra.ocir.io/x/y:v3"]
    # repeated images give one repository; an image already in a private registry is not mirrored
    assert addons.mirror_repositories(images, MIRROR) == ["mirror/calico/node", "mirror/a/b"]
    assert addons.mirror_repositories(["nginx:1"], "fra.ocir.io/ns") == ["library/nginx"]
    assert addons.mirror_namespace(MIRROR) == "examplens"
    assert addons.mirror_namespace("fra.ocir.io") == ""


def test_addon_images_calico_always_csi_driver_with_vault_secrets() -> None:
    assert addons.addon_images(vault_secrets=False) == list(calico.CALICO_IMAGES)
    assert addons.addon_images(vault_secrets=True) == [*calico.CALICO_IMAGES, *vault.chart_images()]


@pytest.mark.parametrize("stack", ["prod", "prod-virtual"])
def test_images_cli_and_stack_agree_on_the_repositories(stack: str, capsys: pytest.CaptureFixture[str]) -> None:
    """One rule: the copy targets `oke-secure images` prints are exactly the repositories the stack creates."""
    spec = parse_spec(example_spec(stack))
    assert main(["images", "--stack", stack]) == 0
    lines = capsys.readouterr().out.splitlines()
    targets = [x.split()[4].removeprefix("docker://") for x in lines if x.startswith("skopeo copy")]
    assert [image_mirror.repository_and_tag(t)[0] for t in targets] == spec.mirror_repositories
    assert [x for x in lines if x and not x.startswith(("#", "skopeo", "oci "))] == spec.addon_images
    assert any(x.startswith("# run after stage 1 (make up-oci)") for x in lines)


def test_mirror_in_the_own_namespace_requires_a_pull_secret() -> None:
    raw = example_spec("prod")
    del raw["registry"]["mirror_pull_secret"]
    with pytest.raises(SpecError) as err:
        parse_spec(raw)
    (problem,) = err.value.problems
    assert problem.field == "registry.mirror_pull_secret"
    assert "kubectl -n kube-system create secret docker-registry ocir-mirror" in problem.fix


def test_mirror_in_another_namespace_is_refused() -> None:
    raw = example_spec("prod")
    raw["registry"]["mirror"] = "fra.ocir.io/someoneelse/mirror"
    with pytest.raises(SpecError) as err:
        parse_spec(raw)
    assert [p.field for p in err.value.problems] == ["registry.mirror"]
    assert "mirror into fra.ocir.io/examplens/mirror" in err.value.problems[0].fix


def test_a_mirror_outside_ocir_creates_no_repository_and_needs_no_secret() -> None:
    """With internet egress a mirror may be any registry; the stack cannot create repositories there."""
    raw = example_spec("dev")
    raw["registry"] = {**raw.get("registry", {}), "mirror": "harbor.example.com/mirror"}
    assert parse_spec(raw).mirror_repositories == []


def test_registry_component_creates_a_mirror_repository_once() -> None:
    """A mirror repository also listed in the spec's repositories is one resource (no duplicate URN)."""
    args: dict[str, Any] = {
        "compartment_id": "ocid1.compartment.oc1..aaaaaaaaexample",
        "registry": {"repositories": ["team/app", "mirror/calico/node"]},
        "mirror_repositories": ["mirror/calico/node", "mirror/calico/cni"],
    }
    cap = run_program(COMPONENT_PROGRAMS / "registry_args.py", config={"args": args})
    names = [r.inputs["displayName"] for r in cap.by_type(T.REPOSITORY)]
    assert sorted(names) == ["mirror/calico/cni", "mirror/calico/node", "team/app"]
    (target,) = cap.by_type(T.CONTAINER_SCAN_TARGET)
    assert target.inputs["targetRegistry"]["repositories"] == ["team/app", "mirror/calico/node", "mirror/calico/cni"]
    assert [v.policy for v in evaluate(cap.resources).violations] == []


def test_registry_component_refuses_a_bad_mirror_repository_name() -> None:
    args = {"compartment_id": "ocid1.compartment.oc1..aaaaaaaaexample", "mirror_repositories": ["Mirror/Bad Name"]}
    with pytest.raises(SpecError) as err:
        run_program(COMPONENT_PROGRAMS / "registry_args.py", config={"args": args})
    assert err.value.problems[0].field.startswith("mirror_repositories")


@pytest.fixture(scope="module", params=["dev", "prod", "prod-virtual"])
def preview(request: pytest.FixtureRequest) -> PreviewResult:
    return run_preview(stack=request.param, root=ROOT)


@pytest.mark.slow
def test_capture_has_the_mirror_repositories_private_immutable_scanned(preview: PreviewResult) -> None:
    """prod and prod-virtual (no egress) create mirror/<image path>; dev (egress, no mirror) creates none."""
    spec = preview.spec
    assert spec is not None
    repos = {r.inputs["displayName"]: r for r in preview.capture.by_type(T.REPOSITORY)}
    mirror = sorted(n for n in repos if n.startswith("mirror/"))
    if preview.capture.stack == "dev":
        assert mirror == [] and spec.registry.mirror is None
        return
    expected = ["mirror/calico/cni", "mirror/calico/kube-controllers", "mirror/calico/node", "mirror/calico/typha"]
    if preview.capture.stack == "prod-virtual":  # a namespace reads Vault secrets: the CSI driver's images too
        expected += [
            "mirror/csi-secrets-store/driver",
            "mirror/csi-secrets-store/driver-crds",
            "mirror/oracle/oci-secrets-store-csi-driver-provider",
            "mirror/sig-storage/csi-node-driver-registrar",
            "mirror/sig-storage/livenessprobe",
        ]
    assert mirror == sorted(expected) == sorted(spec.mirror_repositories)
    for name in mirror:
        assert repos[name].inputs["isPublic"] is False and repos[name].inputs["isImmutable"] is True
        assert repos[name].name == f"{spec.name}-registry-repo-{name.replace('/', '-')}"
    (target,) = preview.capture.by_type(T.CONTAINER_SCAN_TARGET)
    assert set(mirror) <= set(target.inputs["targetRegistry"]["repositories"])
    assert [v.policy for v in preview.report.violations if v.policy.startswith("oke-registry")] == []
