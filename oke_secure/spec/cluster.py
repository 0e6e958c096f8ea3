"""``cluster`` and ``keys``: the OKE cluster (CL-1 to CL-7) and its customer-managed keys."""

from __future__ import annotations

from pydantic import Field, model_validator

from oke_secure.spec.errors import Problem
from oke_secure.spec.types import KeyOcid, KubeVersion, Name, VaultOcid, _Model, refuse


class ClusterSpec(_Model):
    """The OKE cluster (CL-1 to CL-7)."""

    name: Name = Field("oke", description="Cluster name (suffix of the stack name).")
    kubernetes_version: KubeVersion = Field("v1.33.1", description="Pinned Kubernetes version, v1.30.0 or newer.")


class KeysSpec(_Model):
    """Customer-managed keys (CL-4, CL-5, NP-3). Leave empty to create a vault and keys."""

    vault_id: VaultOcid | None = Field(None, description="Existing vault to create the keys in.")
    management_endpoint: str | None = Field(None, description="Management endpoint of the existing vault.")
    secrets_key_id: KeyOcid | None = Field(None, description="Existing AES key for Kubernetes secrets.")
    boot_volume_key_id: KeyOcid | None = Field(None, description="Existing AES key for boot volumes.")
    image_signing_key_id: KeyOcid | None = Field(None, description="Existing RSA key for image signatures.")

    @model_validator(mode="after")
    def _all_or_none(self) -> KeysSpec:
        keys = [self.secrets_key_id, self.boot_volume_key_id, self.image_signing_key_id]
        if any(keys) and not all(keys):
            refuse(
                [
                    Problem(
                        "",
                        "some but not all existing key ids are given",
                        "give secrets_key_id, boot_volume_key_id and image_signing_key_id "
                        "together, or none of them to create the keys",
                    )
                ]
            )
        if self.vault_id and not self.management_endpoint and not all(keys):
            refuse(
                [
                    Problem(
                        "management_endpoint",
                        "an existing vault needs its management endpoint to create keys in it",
                        "copy the vault's management endpoint from the console, or pass the three key ids",
                    )
                ]
            )
        return self
