"""VaultSecrets: the one IAM grant that lets one service account's pods read their declared OCI Vault
secrets through OKE workload identity (IAM-4, AC-2).

One statement per declared secret, each requiring all of ``request.principal.type = 'workload'``, the
namespace, the service account, the cluster id, ``target.vault.id`` and ``target.secret.name``; nothing
else is granted. The Kubernetes side (the Secrets Store CSI driver with Oracle's OCI provider, and the
``SecretProviderClass`` naming the vault and secrets) is built by :class:`KubernetesBaseline` from the
same namespace spec. No secret value ever passes through here.
"""

from typing import NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.builders import vault_secrets
from oke_secure.components._common import check_args, identity_opts, name_prefix, tags, token
from oke_secure.components._validate import validated, validated_value
from oke_secure.spec import K8sName
from oke_secure.spec import VaultSecrets as VaultSecretsSpec
from oke_secure.spec.inputs import VaultSecretsInput


class VaultSecretsArgs(TypedDict):
    """Arguments of :class:`VaultSecrets`."""

    compartment_id: Required[pulumi.Input[str]]
    """OCID of the cluster compartment (where the secrets live unless the spec names another)."""
    cluster_id: Required[pulumi.Input[str]]
    """OCID of the enhanced cluster whose pods read the secrets."""
    namespace: Required[str]
    """Kubernetes namespace of the service account."""
    vault_secrets: Required[VaultSecretsInput]
    """The declaration (VaultSecrets fields: service_account, vault_id, compartment_id, secrets)."""
    name_prefix: NotRequired[str]
    """Prefix of the policy name (default: the component's name)."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags on the policy."""
    identity_provider: NotRequired[oci.Provider]
    """OCI provider in the tenancy's home region for the IAM resources (DEP-1); default: the default provider."""


class VaultSecrets(pulumi.ComponentResource):
    """A policy letting one service account's pods read exactly their declared vault secrets (IAM-4)."""

    policy_id: pulumi.Output[str]
    """OCID of the policy."""

    def __init__(self, name: str, args: VaultSecretsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("VaultSecrets", args, VaultSecretsArgs)
        spec = validated(VaultSecretsSpec, args.get("vault_secrets"), "vault_secrets")
        namespace = validated_value(K8sName, args.get("namespace"), "namespace")
        super().__init__(token("VaultSecrets"), name, None, opts)
        prefix = name_prefix(args, name)
        compartment: pulumi.Input[str] = spec.compartment_id or args["compartment_id"]
        names = [s.name for s in spec.secrets]
        statements = pulumi.Output.all(compartment, args["cluster_id"]).apply(
            lambda a: vault_secrets.read_statements(a[0], namespace, spec.service_account, a[1], spec.vault_id, names)
        )
        policy = oci.identity.Policy(
            f"{name}-policy",
            compartment_id=compartment,
            name=f"{prefix}-{namespace}-{spec.service_account}-secrets",
            description=f"oke-secure: {namespace}/{spec.service_account} reads its declared vault secrets (IAM-4)",
            statements=statements,
            freeform_tags=tags(args.get("freeform_tags")),
            opts=identity_opts(self, args.get("identity_provider")),
        )
        self.policy_id = policy.id
        self.register_outputs({"policy_id": self.policy_id})
