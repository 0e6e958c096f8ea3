"""The system add-ons a stack installs and the OCIR mirror repositories their images need: pure, no Pulumi.

One rule, used by ``oke-secure images`` (what to copy and sign), by the stack (which mirror repositories
to create: :class:`oke_secure.components.registry.Registry`) and by the spec (whether a pull secret is
needed). Takes plain arguments: builders do not import the spec.
"""

from __future__ import annotations

from collections.abc import Iterable

from oke_secure.builders import calico, image_mirror
from oke_secure.builders import vault_secrets as vault


def addon_images(vault_secrets: bool) -> list[str]:
    """The images of the add-ons the baseline installs: Calico always (NET-8), the Secrets Store CSI driver
    and Oracle's provider when a namespace declares vault secrets (IAM-4). Deterministic order, no repeats."""
    images = list(calico.CALICO_IMAGES)
    if vault_secrets:
        images += vault.chart_images()
    return list(dict.fromkeys(images))


def mirror_namespace(mirror: str) -> str:
    """The OCIR tenancy namespace a mirror prefix ``<host>/<namespace>[/<path>]`` names ('' if none)."""
    return mirror.strip("/").split("/")[1] if mirror.strip("/").count("/") else ""


def mirror_repositories(images: Iterable[str], mirror: str) -> list[str]:
    """The OCIR repository each mirrored image is pushed to, as OCIR names it (no host, no namespace):
    mirror ``eu-frankfurt-1.ocir.io/ns/mirror`` and ``docker.io/calico/node:v3`` give ``mirror/calico/node``.

    These must exist before the copy: the stack turns off create-on-first-push (SC-1), and a repository
    OCIR did create on a push would belong to the root compartment (OCI API, ContainerConfiguration
    ``isRepositoryCreatedOnFirstPush``). Images that are not mirrored (already private) need none."""
    out = []
    for image in images:
        target = image_mirror.mirrored(image, mirror)
        if target != image:
            out.append(image_mirror.repository_and_tag(target)[0])
    return list(dict.fromkeys(out))
