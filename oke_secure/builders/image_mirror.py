"""System add-on images and their OCIR mirror (NET-4): pure, no Pulumi.

A stack with ``network.internet_egress: false`` has no NAT gateway: its nodes reach only the Oracle
Services Network, through the service gateway, and OCIR in the stack's region is one of those services
(Oracle, "Service Gateway", "Supported regions and services"). Images on Docker Hub, registry.k8s.io or
ghcr.io cannot be pulled there, so the add-ons the baseline installs (Calico for NetworkPolicy, the
Secrets Store CSI driver and Oracle's provider) take their images from a mirror in the region's OCIR,
declared as ``registry.mirror`` and validated by the spec.

The mirror keeps each image's repository path and tag: ``docker.io/calico/node:v3.30.2`` becomes
``<mirror>/calico/node:v3.30.2``. ``oke-secure images`` prints the copy commands of the mirroring step,
then one signing command per copy: the cluster's image verification policy (CL-5) admits only OCIR images
signed with the stack's image-signing key (Oracle, "Enforcing the Use of Signed Images from Registry"), and
a mirrored image is an OCIR image. The signature is made in the Vault by ``oci artifacts container
image-signature sign-upload`` (Oracle, "Signing Images for Security"), which takes the image's OCID,
looked up by repository name and tag (ListContainerImages ``repositoryName``, ``version``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import Any

#: Registries whose images are mirrored; any other image is left as it is.
PUBLIC_REGISTRIES = ("docker.io", "registry.k8s.io", "k8s.gcr.io", "ghcr.io", "quay.io")


def split_image(image: str) -> tuple[str, str]:
    """``(registry, path:tag)`` of an image reference; Docker Hub when the first part is not a host
    (the Docker reference grammar: a host has a dot or a colon, or is ``localhost``)."""
    first, sep, rest = image.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        return first, rest
    return "docker.io", image if sep else f"library/{image}"


def mirrored(image: str, mirror: str) -> str:
    """The mirror's copy of ``image``: the mirror prefix, then the image's repository path and tag.

    Images from a registry outside :data:`PUBLIC_REGISTRIES` (already private) are returned unchanged."""
    registry, path = split_image(image)
    if registry not in PUBLIC_REGISTRIES:
        return image
    return f"{mirror.rstrip('/')}/{path}"


def _pod_specs(obj: Mapping[str, Any]) -> Iterator[MutableMapping[str, Any]]:
    """The pod specs of a workload object (Pod, or a controller's ``spec.template.spec``, CronJob's job)."""
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return
    if obj.get("kind") == "Pod":
        yield spec
        return
    if obj.get("kind") == "CronJob":
        spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    pod = (spec.get("template") or {}).get("spec")
    if isinstance(pod, dict):
        yield pod


def containers(pod_spec: Mapping[str, Any]) -> Iterator[MutableMapping[str, Any]]:
    """Every container of a pod spec: init, regular and ephemeral."""
    for key in ("initContainers", "containers", "ephemeralContainers"):
        for c in pod_spec.get(key) or []:
            if isinstance(c, dict):
                yield c


def images_of(obj: Mapping[str, Any]) -> list[str]:
    """The images a workload object runs, in manifest order."""
    return [str(c["image"]) for pod in _pod_specs(obj) for c in containers(pod) if c.get("image")]


def mirror_workload(obj: MutableMapping[str, Any], mirror: str, pull_secret: str | None = None) -> bool:
    """Point every container image of ``obj`` at ``mirror`` (in place) and add ``pull_secret`` to its pod's
    ``imagePullSecrets`` (a private mirror: Oracle's "Pulling Images from Registry during Deployment"
    needs a docker-registry secret). Returns whether ``obj`` runs pods at all."""
    found = False
    for pod in _pod_specs(obj):
        found = True
        for c in containers(pod):
            if c.get("image"):
                c["image"] = mirrored(str(c["image"]), mirror)
        if pull_secret:
            secrets = pod.setdefault("imagePullSecrets", [])
            if {"name": pull_secret} not in secrets:
                secrets.append({"name": pull_secret})
    return found


#: A signing algorithm OCIR accepts for container images (CreateContainerImageSignatureDetails).
SIGNING_ALGORITHM = "SHA_256_RSA_PKCS_PSS"


def repository_and_tag(image: str) -> tuple[str, str]:
    """``(repository, tag)`` of an OCIR image ``<host>/<namespace>/<repository>:<tag>``: the repository
    name OCIR lists it under has no host and no tenancy namespace."""
    _, path = split_image(image)
    name, _, tag = path.rpartition(":")
    return name.split("/", 1)[1], tag


def sign_commands(
    images: Iterable[str], mirror: str, key_id: str, key_version_id: str, compartment_id: str
) -> list[str]:
    """One ``oci artifacts container image-signature sign-upload`` per mirrored image, signing the copy in
    the repository compartment with the image-signing key the cluster verifies (CL-5)."""
    out = []
    for image in dict.fromkeys(images):
        target = mirrored(image, mirror)
        if target == image:
            continue
        repository, tag = repository_and_tag(target)
        image_id = (
            f"$(oci artifacts container image list --compartment-id {compartment_id} "
            f"--repository-name {repository} --version {tag} --query 'data.items[0].id' --raw-output)"
        )
        out.append(
            f"oci artifacts container image-signature sign-upload --compartment-id {compartment_id} "
            f"--kms-key-id {key_id} --kms-key-version-id {key_version_id} "
            f"--signing-algorithm {SIGNING_ALGORITHM} --image-id {image_id}"
        )
    return out


def copy_commands(images: Iterable[str], mirror: str) -> list[str]:
    """One ``skopeo copy`` per image to mirror (all architectures: OKE pools may be Arm or x86)."""
    out = []
    for image in dict.fromkeys(images):
        target = mirrored(image, mirror)
        if target != image:
            out.append(f"skopeo copy --all docker://{image} docker://{target}")
    return out
