"""``oke-secure images``: the mirroring step of a stack without internet egress (issue 19 item 6/7, NET-4)."""

from __future__ import annotations

import pytest

from oke_secure.builders import calico
from oke_secure.builders import vault_secrets as vault
from oke_secure.cli import main

MIRROR = "eu-frankfurt-1.ocir.io/examplens/mirror"


def test_prod_virtual_lists_calico_and_csi_images_with_one_copy_each(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["images", "--stack", "prod-virtual"]) == 0
    lines = capsys.readouterr().out.splitlines()
    images = [x for x in lines if x and not x.startswith(("#", "skopeo", "oci "))]
    assert images == [*calico.CALICO_IMAGES, *vault.chart_images()]
    copies = [x.split() for x in lines if x.startswith("skopeo copy")]
    assert [c[3].removeprefix("docker://") for c in copies] == images
    # the mirror keeps each repository path and tag: what the transforms and chart values point at
    assert all(c[4].startswith(f"docker://{MIRROR}/") and c[4].endswith(c[3].rsplit(":", 1)[1]) for c in copies)


def test_stack_without_vault_secrets_needs_calico_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["images", "--stack", "prod"]) == 0
    out = capsys.readouterr().out
    assert "csi-secrets-store" not in out and out.count("skopeo copy") == len(calico.CALICO_IMAGES)


def test_mirror_in_another_region_is_refused_with_the_fix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["images", "--stack", "prod", "--mirror", "iad.ocir.io/examplens/mirror"]) == 2
    err = capsys.readouterr().err
    assert "--mirror: iad.ocir.io is not OCIR in eu-frankfurt-1" in err
    assert "Fix: mirror into eu-frankfurt-1.ocir.io/<namespace>/<path>" in err


def test_region_key_host_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["images", "--stack", "prod", "--mirror", "fra.ocir.io/examplens/m"]) == 0
    assert "docker://fra.ocir.io/examplens/m/calico/node:" in capsys.readouterr().out


def test_unknown_stack_names_the_stack_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["images", "--stack", "nope"]) == 2
    assert "--stack:" in capsys.readouterr().err


def test_each_copy_is_signed_with_the_stack_key_under_its_ocir_repository(capsys: pytest.CaptureFixture[str]) -> None:
    """CL-5: the cluster admits only OCIR images signed with the stack's key, so each mirrored copy gets one
    `sign-upload`, whose image is looked up by its repository (no host, no tenancy namespace) and tag."""
    assert main(["images", "--stack", "prod"]) == 0
    lines = capsys.readouterr().out.splitlines()
    copies = [x.split()[4].removeprefix("docker://") for x in lines if x.startswith("skopeo copy")]
    signs = [x for x in lines if x.startswith("oci artifacts container image-signature sign-upload")]
    assert len(signs) == len(copies) == len(calico.CALICO_IMAGES)
    for target, sign in zip(copies, signs, strict=True):
        path, tag = target.removeprefix("eu-frankfurt-1.ocir.io/examplens/").rsplit(":", 1)
        assert f"--repository-name {path} --version {tag}" in sign
        assert "--kms-key-id $KEY --kms-key-version-id $KEY_VERSION --signing-algorithm SHA_256_RSA_PKCS_PSS" in sign
