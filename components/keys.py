"""Keys: an OCI Vault with customer-managed keys for the cluster, and the scoped policies OKE needs.

Builds CL-4 (secrets encrypted with an AES Vault key), the key half of CL-5 (an RSA key for image
signature verification), the key half of NP-3 (an AES key for boot volumes), DS-1 (vault and keys are
``protect``ed against a careless ``pulumi destroy``) and IAM-5 (every service grant names its key with
``target.key.id``). Existing keys or an existing vault can be passed in instead through ``keys``.
"""

from typing import Any, NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.builders.key_policies import service_statements
from oke_secure.components._common import check_args, child, identity_opts, name_prefix, tags, token
from oke_secure.components._validate import validated
from oke_secure.spec import KeysSpec
from oke_secure.spec.errors import Problem, SpecError
from oke_secure.spec.inputs import KeysSpecInput

#: Days between automatic rotations of the AES keys (OCI accepts 60 to 365; private vaults only).
ROTATION_DAYS = 90


def _after(value: pulumi.Output[str], policy: pulumi.Resource) -> pulumi.Output[str]:
    """``value``, carrying a dependency on ``policy``: consumers wait for the policy (DEP-2)."""
    return pulumi.Output.all(value, policy.urn).apply(lambda a: str(a[0]))


class KeysArgs(TypedDict):
    """Arguments of :class:`Keys`."""

    compartment_id: Required[pulumi.Input[str]]
    """OCID of the compartment of the vault, the keys and the service policy."""
    keys: NotRequired[KeysSpecInput]
    """The ``keys`` spec section (KeysSpec fields): empty to create a vault and keys; ``vault_id`` with
    ``management_endpoint`` to create keys in an existing vault; or the three existing key OCIDs."""
    name_prefix: NotRequired[str]
    """Prefix of display names (default: the component's name)."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags on every resource."""
    vault_type: NotRequired[str]
    """Type of a created vault. ``VIRTUAL_PRIVATE`` (dedicated partition, billed) also turns on automatic
    rotation of the AES keys, which OCI supports only there. Default ``DEFAULT``."""
    identity_provider: NotRequired[oci.Provider]
    """OCI provider in the tenancy's home region for the IAM resources (DEP-1); default: the default provider."""


class Keys(pulumi.ComponentResource):
    """An OCI Vault with an AES secrets key, an AES boot-volume key and an RSA image-signing key."""

    vault_id: pulumi.Output[str]
    """OCID of the vault (created or given; empty when only key ids were given)."""
    secrets_key_id: pulumi.Output[str]
    """AES key that encrypts Kubernetes secrets (CL-4)."""
    boot_volume_key_id: pulumi.Output[str]
    """AES key that encrypts node boot volumes (NP-3)."""
    image_signing_key_id: pulumi.Output[str]
    """RSA key the cluster verifies image signatures with (CL-5)."""
    policy_id: pulumi.Output[str]
    """OCID of the IAM policy that lets OKE and Block Volume use exactly these keys (IAM-5)."""

    def __init__(self, name: str, args: KeysArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("Keys", args, KeysArgs)
        spec = validated(KeysSpec, args.get("keys"), "keys")  # fails before any child exists
        if args.get("vault_type", "DEFAULT") not in ("DEFAULT", "VIRTUAL_PRIVATE"):
            raise SpecError(
                [
                    Problem(
                        "vault_type",
                        f"unknown vault type {args.get('vault_type')!r}",
                        "use 'DEFAULT' or 'VIRTUAL_PRIVATE'",
                    )
                ]
            )
        super().__init__(token("Keys"), name, None, opts)
        compartment_id = args["compartment_id"]
        prefix = name_prefix(args, name)
        ftags = tags(args.get("freeform_tags"))
        vault_type = args.get("vault_type", "DEFAULT")

        if spec.secrets_key_id and spec.boot_volume_key_id and spec.image_signing_key_id:
            self.vault_id = pulumi.Output.from_input(spec.vault_id or "")
            self.secrets_key_id = pulumi.Output.from_input(spec.secrets_key_id)
            self.boot_volume_key_id = pulumi.Output.from_input(spec.boot_volume_key_id)
            self.image_signing_key_id = pulumi.Output.from_input(spec.image_signing_key_id)
        else:
            if spec.vault_id and spec.management_endpoint:
                self.vault_id = pulumi.Output.from_input(spec.vault_id)
                endpoint: pulumi.Input[str] = spec.management_endpoint
                rotate = False  # the type of a given vault is unknown; rotate it from the console if private
            else:
                vault = oci.kms.Vault(
                    f"{name}-vault",
                    compartment_id=compartment_id,
                    display_name=f"{prefix}-vault",
                    vault_type=vault_type,
                    freeform_tags=ftags,
                    opts=child(self, protect=True),
                )
                self.vault_id = vault.id
                endpoint = vault.management_endpoint
                rotate = vault_type == "VIRTUAL_PRIVATE"
            self.secrets_key_id = self._key(name, "secrets", compartment_id, endpoint, prefix, ftags, "AES", 32, rotate)
            self.boot_volume_key_id = self._key(
                name, "boot-volumes", compartment_id, endpoint, prefix, ftags, "AES", 32, rotate
            )
            # The RSA key is not auto-rotated: signatures made with an older version must keep verifying.
            self.image_signing_key_id = self._key(
                name, "image-signing", compartment_id, endpoint, prefix, ftags, "RSA", 512, False
            )

        statements = pulumi.Output.all(
            pulumi.Output.from_input(compartment_id),
            self.secrets_key_id,
            self.boot_volume_key_id,
            self.image_signing_key_id,
        ).apply(lambda ids: service_statements(ids[0], ids[1], ids[2], ids[3]))
        policy = oci.identity.Policy(
            f"{name}-service-policy",
            compartment_id=compartment_id,
            name=f"{prefix}-oke-key-access",
            description="Lets OKE and Block Volume use exactly the cluster's keys (oke-secure IAM-5)",
            statements=statements,
            freeform_tags=ftags,
            opts=identity_opts(self, args.get("identity_provider")),
        )
        self.policy_id = policy.id
        # Oracle: create the policies that let OKE use the keys before the cluster and node pools
        # ("Encrypting Kubernetes Secrets at Rest", contengencryptingdata.htm; "Policy Configuration for
        # Cluster Creation and Deployment", contengpolicyconfig.htm). The key ids this component hands
        # out are released only once that policy exists, so every consumer (the cluster's kms_key_id,
        # the pools' boot-volume key) depends on it in the graph (DEP-2).
        self.secrets_key_id = _after(self.secrets_key_id, policy)
        self.boot_volume_key_id = _after(self.boot_volume_key_id, policy)
        self.image_signing_key_id = _after(self.image_signing_key_id, policy)

        self.register_outputs(
            {
                "vault_id": self.vault_id,
                "secrets_key_id": self.secrets_key_id,
                "boot_volume_key_id": self.boot_volume_key_id,
                "image_signing_key_id": self.image_signing_key_id,
                "policy_id": self.policy_id,
            }
        )

    def _key(
        self,
        name: str,
        purpose: str,
        compartment_id: pulumi.Input[str],
        endpoint: pulumi.Input[str],
        prefix: str,
        ftags: dict[str, str],
        algorithm: str,
        length: int,
        rotate: bool,
    ) -> pulumi.Output[str]:
        extra: dict[str, Any] = {}
        if rotate:
            extra = {
                "is_auto_rotation_enabled": True,
                "auto_key_rotation_details": {"rotation_interval_in_days": ROTATION_DAYS},
            }
        key = oci.kms.Key(
            f"{name}-{purpose}-key",
            compartment_id=compartment_id,
            display_name=f"{prefix}-{purpose}",
            key_shape={"algorithm": algorithm, "length": length},
            management_endpoint=endpoint,
            protection_mode="HSM",
            freeform_tags=ftags,
            opts=child(self, protect=True),
            **extra,
        )
        return key.id
