"""``registry``: private OCIR repositories (SC-1, SC-2) and the registries images may come from (CL-5)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from oke_secure.spec.types import K8sName, _Model, refuse, unique_names


def _check_registry_prefix(value: str) -> str:
    # The prefix is matched by the admission policy's CEL (startsWith) and quoted into it: no wildcard,
    # no blank, no quote (builders/admission.py).
    if not value.strip("/") or any(c in value for c in "* '\""):
        raise ValueError(
            f"{value!r} is not a registry prefix (CL-5). Fix: write a host and path, "
            "e.g. eu-frankfurt-1.ocir.io/<tenancy namespace>"
        )
    host, _, path = value.strip("/").partition("/")
    if host.endswith(".ocir.io") and not path:
        # OCIR serves every tenancy from one regional host: the host alone admits anyone's images (CL-5).
        raise ValueError(
            f"{value!r} admits every tenancy's images in OCIR (CL-5). Fix: name your tenancy's namespace, "
            f"e.g. {host}/<tenancy namespace> (oci os ns get)"
        )
    return value


RegistryPrefix = Annotated[str, AfterValidator(_check_registry_prefix)]
#: The registries a cluster admits images from: at least one prefix (CL-5).
AllowedRegistries = Annotated[list[RegistryPrefix], Field(min_length=1)]
Repository = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._/-]{0,254}$")]


class RegistrySpec(_Model):
    """Private OCIR repositories with scanning (SC-1, SC-2) and allowed image registries (CL-5)."""

    repositories: list[Repository] = Field(
        default_factory=list, description="Repositories to create (private, immutable)."
    )
    allowed_registries: list[RegistryPrefix] = Field(
        default_factory=list,
        description="Registry prefixes images may come from; default: the region's OCIR, in your namespace.",
    )
    namespace: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")] | None = Field(
        None,
        description="The tenancy's Object Storage namespace, which names its OCIR repositories "
        "(<region>.ocir.io/<namespace>/...; `oci os ns get`). Needed unless allowed_registries is given (CL-5).",
    )
    mirror: RegistryPrefix | None = Field(
        None,
        description="OCIR prefix in the stack's region the system add-on images (Calico, the Secrets Store "
        "CSI driver and Oracle's provider) are mirrored to, e.g. eu-frankfurt-1.ocir.io/<namespace>/mirror; "
        "`oke-secure images` prints the copy commands. Required with network.internet_egress: false: the "
        "nodes then reach only Oracle services, OCIR among them, through the service gateway (NET-4). "
        "In the region's OCIR it must be in registry.namespace: the stack then creates one private, "
        "immutable, scanned repository per add-on image (<mirror path>/<image path>) before you copy.",
    )
    mirror_pull_secret: K8sName | None = Field(
        None,
        description="Name of a docker-registry Secret in kube-system with an OCIR auth token, for a private "
        "mirror (Oracle: 'Pulling Images from Registry during Deployment'); required with a mirror in the "
        "tenancy's OCIR, whose repositories the stack creates private. Create it yourself with kubectl before "
        "stage 2: the token is never in the spec nor in Pulumi state.",
    )

    @model_validator(mode="after")
    def _unique(self) -> RegistrySpec:
        refuse(unique_names("repositories", self.repositories))
        return self
