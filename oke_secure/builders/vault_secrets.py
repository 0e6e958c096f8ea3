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

from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any, Protocol

from oke_secure.builders import iam_statements as iam
from oke_secure.builders import image_mirror
from oke_secure.builders.labels import MANAGED_LABEL, PREEMPTIBLE_KEY, TAINT_EFFECT, WORKLOAD_KEY

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

#: Oracle's Helm chart of the provider, with the Secrets Store CSI driver as a dependency. 0.4.1 is the
#: newest release in the chart repository's index.yaml (gh-pages, 2024-12-05; archive sha256
#: 7eb78fa71308c07416804bfb594d8578a0bc0952a79a33017eb2f039742fc963); the archive packages driver chart 1.2.0.
CHART_REPO = "https://oracle.github.io/oci-secrets-store-csi-driver-provider/charts"
CHART = "oci-secrets-store-csi-driver-provider"
CHART_VERSION = "0.4.1"
CHART_NAMESPACE = "kube-system"
#: The provider's DaemonSet: the chart names it after itself (templates/provider.daemonset.yaml).
PROVIDER_DAEMONSET = CHART
#: The images of that chart version, by values key: (repository, tag) (its values.yaml and the packaged
#: driver chart's values.yaml, ``linux.*``). The values name every repository, so a mirror needs no patch.
#: The driver chart names k8s.gcr.io, frozen since 3 April 2023, whose images registry.k8s.io serves
#: (Kubernetes blog, "k8s.gcr.io Image Registry Will Be Frozen From the 3rd of April 2023").
_DRIVER = "secrets-store-csi-driver.linux"
CHART_IMAGES: dict[str, tuple[str, str]] = {
    "provider.image": ("ghcr.io/oracle/oci-secrets-store-csi-driver-provider", "v0.4.1"),
    f"{_DRIVER}.image": ("registry.k8s.io/csi-secrets-store/driver", "v1.2.0"),
    f"{_DRIVER}.crds.image": ("registry.k8s.io/csi-secrets-store/driver-crds", "v1.2.0"),
    f"{_DRIVER}.registrarImage": ("registry.k8s.io/sig-storage/csi-node-driver-registrar", "v2.5.1"),
    f"{_DRIVER}.livenessProbeImage": ("registry.k8s.io/sig-storage/livenessprobe", "v2.7.0"),
}
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


class PoolLike(Protocol):
    """What :func:`csi_tolerations` needs of a node pool (``oke_secure.spec.NodePoolSpec``)."""

    @property
    def name(self) -> str:
        """Pool name (its taint value)."""

    @property
    def namespaces(self) -> list[str]:
        """Namespaces whose pods run on the pool."""

    @property
    def preemptible(self) -> bool:
        """Preemptible capacity (tainted too)."""

    @property
    def virtual(self) -> Any:
        """Virtual node settings: no DaemonSet runs on virtual nodes."""


class NamespaceLike(Protocol):
    """What :func:`csi_tolerations` needs of a namespace (``oke_secure.spec.NamespaceSpec``)."""

    @property
    def name(self) -> str:
        """Namespace name."""

    @property
    def vault_secrets(self) -> list[Any]:
        """Declared vault secrets."""


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


def csi_tolerations(pools: Iterable[PoolLike], namespaces: Iterable[NamespaceLike]) -> list[dict[str, str]]:
    """The taints of the node pools whose pods mount vault secrets, as tolerations (IAM-4, NP-1).

    The driver and the provider are DaemonSets that must run on every node where a pod mounts a
    ``secrets-store.csi.k8s.io`` volume; those pods run on the dedicated pools of their namespace, which
    carry ``oke-secure.io/workload=<pool>:NoSchedule`` (and the preemptible taint on preemptible pools).
    Exactly those taints, never ``operator: Exists`` without a key: the add-ons land nowhere else."""
    wanted = {ns.name for ns in namespaces if ns.vault_secrets}
    out: list[dict[str, str]] = []
    preemptible = False
    for pool in pools:
        if pool.virtual is None and wanted & set(pool.namespaces):
            out.append({"key": WORKLOAD_KEY, "operator": "Equal", "value": pool.name, "effect": TAINT_EFFECT})
            preemptible = preemptible or pool.preemptible
    if preemptible:
        out.append({"key": PREEMPTIBLE_KEY, "operator": "Equal", "value": "true", "effect": TAINT_EFFECT})
    return out


def chart_images() -> list[str]:
    """Every image the pinned chart runs (for ``oke-secure images``)."""
    return [f"{repo}:{tag}" for repo, tag in CHART_IMAGES.values()]


def _put(values: dict[str, Any], dotted: str, leaf: dict[str, Any]) -> None:
    node = values
    for part in dotted.split("."):
        node = node.setdefault(part, {})
    node.update(leaf)


def chart_values(
    region: str,
    tolerations: list[dict[str, str]] | None = None,
    mirror: str | None = None,
    pull_secret: str | None = None,
) -> dict[str, Any]:
    """Values of the provider chart: workload identity only, no user or instance principal, no sync; the
    driver tolerating ``tolerations`` (the provider DaemonSet has no such value: :func:`configure_provider`);
    every image from the chart's pinned tag, taken from ``mirror`` when given (NET-4)."""
    values: dict[str, Any] = {
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
    for key, (repo, tag) in CHART_IMAGES.items():
        _put(values, key, {"repository": image_mirror.mirrored(repo, mirror) if mirror else repo, "tag": tag})
    if tolerations:
        values["secrets-store-csi-driver"]["linux"]["tolerations"] = tolerations
    if pull_secret:
        values["provider"]["imagePullSecrets"] = [{"name": pull_secret}]
        values["secrets-store-csi-driver"]["imagePullSecrets"] = [{"name": pull_secret}]
    return values


def configure_provider(obj: MutableMapping[str, Any], tolerations: list[dict[str, str]]) -> MutableMapping[str, Any]:
    """The provider DaemonSet tolerating ``tolerations`` (in place), which the chart cannot set (its
    DaemonSet template has no tolerations; oracle/oci-secrets-store-csi-driver-provider issue 38). Any
    other object of the chart is returned unchanged."""
    if obj.get("kind") == "DaemonSet" and (obj.get("metadata") or {}).get("name") == PROVIDER_DAEMONSET and tolerations:
        pod = obj["spec"]["template"]["spec"]
        current = pod.setdefault("tolerations", [])
        current.extend(t for t in tolerations if t not in current)
    return obj


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
