"""Policies on workload secrets from OCI Vault: workload identity only, declared readers (IAM-4, AC-2)."""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import PolicyResource, ResourceValidationArgs, StackValidationArgs

from oke_secure.builders import iam_statements as iam
from oke_secure.builders import vault_secrets as vault
from oke_secure.policies import types as T
from oke_secure.policies._base import (
    Report,
    StackIndex,
    StackReport,
    deciding,
    get,
    known_items,
    resource_policy,
    stack_policy,
)


@resource_policy(
    name="k8s-vault-secrets-workload-identity",
    controls=["AC-2"],
    types=[T.K8S_SECRET_PROVIDER_CLASS],
    description="SecretProviderClasses of the OCI Vault provider authenticate with workload identity: no "
    "API key in a Kubernetes Secret, no node instance principal.",
    remediation=f"Set spec.parameters.authType: {vault.AUTH_TYPE} and remove authSecretName; grant the pod's "
    "service account read of the secrets through a workload-identity policy.",
)
def vault_secrets_workload_identity(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "spec.provider") != vault.PROVIDER:
        return
    auth = get(args.props, "spec.parameters.authType", "instance (default)")
    if auth != vault.AUTH_TYPE:
        report(
            f"SecretProviderClass authenticates to OCI Vault with authType {auth}, not workload: a user "
            "API key stored in a Kubernetes Secret, or the node's instance principal shared by every pod "
            "(AC-2)"
        )
    if get(args.props, "spec.parameters.authSecretName"):
        report("SecretProviderClass names an authSecretName: a static OCI credential in a Kubernetes Secret (AC-2)")


def _declared_readers(index: StackIndex) -> dict[str, set[tuple[str, str]]]:
    """Vault id -> (namespace, service account) pairs that a SecretProviderClass declares."""
    out: dict[str, set[tuple[str, str]]] = {}
    for spc in index.of_type(T.K8S_SECRET_PROVIDER_CLASS):
        if get(spc.props, "spec.provider") != vault.PROVIDER:
            continue
        vault_id = get(spc.props, "spec.parameters.vaultId")
        namespace = get(spc.props, "metadata.namespace", "default")
        annotations = get(spc.props, "metadata.annotations", {}) or {}
        sa = annotations.get(vault.SERVICE_ACCOUNT_ANNOTATION) if isinstance(annotations, Mapping) else None
        if not isinstance(vault_id, str) or not vault_id:
            continue
        readers = out.setdefault(vault_id, set())
        if isinstance(sa, str) and isinstance(namespace, str):
            readers.add((namespace, sa))
    return out


@stack_policy(
    name="oke-vault-secrets-readers-declared",
    controls=["IAM-4", "AC-2"],
    description="Only the declared service accounts read a vault that workloads mount secrets from: every IAM "
    "statement that can read its secrets is a workload-identity grant of a declared namespace and service "
    "account, on one cluster, pinned to that vault.",
    remediation="Scope each grant with where all {request.principal.type = 'workload', "
    "request.principal.namespace = '<ns>', request.principal.service_account = '<sa>', "
    "request.principal.cluster_id = '<cluster>', target.vault.id = '<vault>'} for a (namespace, service "
    f"account) whose SecretProviderClass names the vault (annotation {vault.SERVICE_ACCOUNT_ANNOTATION}); "
    "pin every other secret grant to another vault.",
)
def vault_readers_declared(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    declared = _declared_readers(index)
    if not declared:
        return
    for policy in index.of_type(T.IAM_POLICY):
        with deciding(policy):
            _judge_statements(policy, declared, report)


def _judge_statements(policy: PolicyResource, declared: dict[str, set[tuple[str, str]]], report: StackReport) -> None:
    statements = known_items(policy.props, "statements", "IAM statement", policy.urn, policy.name)
    for text in iam.statements_of(list(statements)):
        stmt = iam.parse_statement(text)
        if stmt is None:
            continue
        for vault_id, readers in sorted(declared.items()):
            if not vault.reaches_vault(stmt, vault_id):
                continue
            who = vault.reader(stmt)
            pinned = vault_id in who.vault_ids
            if pinned and who.cluster_id and (who.namespace, who.service_account) in readers:
                continue
            why = (
                "it is not pinned to the vault (target.vault.id)"
                if not pinned
                else "its principal is not a declared namespace and service account on one cluster"
            )
            report(
                f"policy {get(policy.props, 'name') or policy.name}: '{text}' can read secrets of vault "
                f"{vault_id}, which only its declared SecretProviderClass service accounts may read: "
                f"{why} (IAM-4)",
                policy.urn,
            )
