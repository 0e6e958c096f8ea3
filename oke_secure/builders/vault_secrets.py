"""Workload secrets from OCI Vault, read by pods without static credentials (IAM-4, AC-2).

Pure builders and readers, no Pulumi. The route is Oracle's Secrets Store CSI driver provider for
OCI Vault (github.com/oracle/oci-secrets-store-csi-driver-provider): the Secrets Store CSI driver and
the ``oci`` provider run in ``kube-system``; per namespace (and service account) a
``SecretProviderClass`` (``secrets-store.csi.x-k8s.io/v1``) names the vault and the secrets by name,
with ``authType: workload``, so the provider fetches each secret bundle as the *pod's* service
account through OKE workload identity. The only grant is an IAM statement per secret::

    Allow any-user to read secret-bundles in compartment id <c> where all {
        request.principal.type = 'workload', request.principal.namespace = '<ns>',
        request.principal.service_account = '<sa>', request.principal.cluster_id = '<cluster>',
        target.vault.id = '<vault>', target.secret.name = '<secret>'}

(variables from Oracle's "Details for the Vault Service" and "Granting Workloads Access to OCI
Resources"). No secret value is ever in the spec, in a manifest or in a stack output; secrets are not
synced into Kubernetes Secrets (the driver's ``syncSecret`` stays off).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from oke_secure.builders import iam_statements as iam
from oke_secure.builders.labels import MANAGED_LABEL

API_VERSION = "secrets-store.csi.x-k8s.io/v1"
KIND = "SecretProviderClass"
#: Pulumi type token of a SecretProviderClass created with ``kubernetes.apiextensions.CustomResource``.
PULUMI_TYPE = f"kubernetes:{API_VERSION}:{KIND}"
PROVIDER = "oci"
AUTH_TYPE = "workload"
#: Annotation naming the service account whose pods may mount the class (the IAM grant's principal).
SERVICE_ACCOUNT_ANNOTATION = "oke-secure.io/service-account"
#: The CSI driver name pods reference in their ``csi`` volume.
CSI_DRIVER = "secrets-store.csi.k8s.io"

#: Oracle's Helm chart of the provider (with the Secrets Store CSI driver as a dependency).
CHART_REPO = "https://oracle.github.io/oci-secrets-store-csi-driver-provider/charts"
CHART = "oci-secrets-store-csi-driver-provider"
CHART_VERSION = "0.5.1"
CHART_NAMESPACE = "kube-system"
#: OKE workload identity needs resource principal v2.2 in the provider's environment.
RESOURCE_PRINCIPAL_VERSION = "2.2"

#: Resource types whose read exposes secret content or metadata in a vault.
SECRET_RESOURCES = frozenset({"secret-bundles", "secrets", "secret-family", "all-resources"})
SECRET_VERBS = frozenset({"read", "use", "manage"})


class SecretLike(Protocol):
    """What a builder needs of one declared secret (``oke_secure.spec.VaultSecret``)."""

    @property
    def name(self) -> str:
        """Secret name in the vault."""

    @property
    def file_name(self) -> str | None:
        """File name in the mounted volume."""

    @property
    def stage(self) -> str | None:
        """Rotation stage."""


class VaultSecretsLike(Protocol):
    """What a builder needs of one namespace's declaration (``oke_secure.spec.VaultSecrets``)."""

    @property
    def service_account(self) -> str:
        """Service account whose pods read the secrets."""

    @property
    def vault_id(self) -> str:
        """OCID of the vault."""

    @property
    def secrets(self) -> list[Any]:
        """Declared secrets (SecretLike)."""


def class_name(service_account: str) -> str:
    """Name of the SecretProviderClass of one service account's secrets."""
    return f"vault-{service_account}"


def _secret_entry(s: SecretLike) -> str:
    lines = [f"- name: {s.name}"]
    if s.stage:
        lines.append(f"  stage: {s.stage}")
    if s.file_name:
        lines.append(f"  fileName: {s.file_name}")
    return "\n".join(lines)


def secret_provider_class(namespace: str, entry: VaultSecretsLike) -> dict[str, Any]:
    """The SecretProviderClass of one service account's secrets: vault and names only, never values."""
    return {
        "apiVersion": API_VERSION,
        "kind": KIND,
        "metadata": {
            "name": class_name(entry.service_account),
            "namespace": namespace,
            "labels": {MANAGED_LABEL: "true"},
            "annotations": {SERVICE_ACCOUNT_ANNOTATION: entry.service_account},
        },
        "spec": {
            "provider": PROVIDER,
            "parameters": {
                "secrets": "\n".join(_secret_entry(s) for s in entry.secrets) + "\n",
                "vaultId": entry.vault_id,
                "authType": AUTH_TYPE,
            },
        },
    }


def chart_values(region: str) -> dict[str, Any]:
    """Values of the provider chart: workload identity only, no user or instance principal, no sync."""
    return {
        "provider": {
            "oci": {
                "auth": {
                    "types": {
                        "workload": {
                            "enabled": True,
                            "resourcePrincipalVersion": RESOURCE_PRINCIPAL_VERSION,
                            "resourcePrincipalRegion": region,
                        },
                        "instance": {"enabled": False},
                        "user": {"enabled": False},
                    }
                }
            }
        },
        "secrets-store-csi-driver": {"install": True, "syncSecret": {"enabled": False}},
    }


def read_statements(
    compartment_id: str,
    namespace: str,
    service_account: str,
    cluster_id: str,
    vault_id: str,
    secret_names: Iterable[str],
) -> list[str]:
    """One ``read secret-bundles`` statement per declared secret, with all six conditions (IAM-4)."""
    q = iam._quote
    base = [
        "request.principal.type = 'workload'",
        f"request.principal.namespace = {q(namespace)}",
        f"request.principal.service_account = {q(service_account)}",
        f"request.principal.cluster_id = {q(cluster_id)}",
        f"target.vault.id = {q(vault_id)}",
    ]
    return [
        f"Allow any-user to read secret-bundles in {iam.in_compartment(compartment_id)} "
        f"where all {{{', '.join([*base, f'target.secret.name = {q(name)}'])}}}"
        for name in secret_names
    ]


# Reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    """Who a secret-reading statement lets in: workload coordinates (or ``None`` if not a workload)."""

    namespace: str | None
    service_account: str | None
    cluster_id: str | None
    vault_ids: tuple[str, ...]


def reads_secrets(stmt: iam.Statement) -> bool:
    """The statement grants read (or more) of secret content or metadata."""
    return stmt.verb in SECRET_VERBS and stmt.resource in SECRET_RESOURCES


def reader(stmt: iam.Statement) -> Reader:
    """The narrowing workload and vault conditions of a statement (empty when it is unreadable or ANY)."""
    conds = stmt.where.narrowing() if stmt.where is not None else ()

    def one(key: str) -> str | None:
        vals = [c.value for c in conds if c.key == key and c.op == "="]
        return vals[0] if len(vals) == 1 else None

    workload = any(c.key == "request.principal.type" and c.op == "=" and c.value == "workload" for c in conds)
    vaults = tuple(c.value for c in conds if c.key == "target.vault.id" and c.op == "=")
    if not workload:
        return Reader(None, None, None, vaults)
    return Reader(
        one("request.principal.namespace"),
        one("request.principal.service_account"),
        one("request.principal.cluster_id"),
        vaults,
    )


def reaches_vault(stmt: iam.Statement, vault_id: str) -> bool:
    """The statement lets someone read secrets of ``vault_id`` (it is not pinned to another vault)."""
    if not reads_secrets(stmt):
        return False
    vaults = reader(stmt).vault_ids
    return not vaults or vault_id in vaults


def permission_reaches(verb: str, resource: str, where: str | None, vault_id: str) -> bool:
    """Whether a declared permission (rendered in a compartment) would read secrets of ``vault_id``."""
    text = f"Allow any-user to {verb} {resource} in compartment x" + (f" where {where}" if where else "")
    stmt = iam.parse_statement(text)
    return stmt is None or reaches_vault(stmt, vault_id)
