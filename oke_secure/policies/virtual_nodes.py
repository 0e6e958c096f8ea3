"""Policies on OKE virtual node pools (NP-1, NP-5, CL-1) and on workload secrets from OCI Vault (IAM-4, AC-2).

Virtual pools are checked for what applies to them; the managed-pool policies of
``node_pools.py`` (NP-2, NP-3, NP-4, NP-6, NET-7's cloud-init rule) look at managed pools only, on
purpose: ``oke_secure.builders.virtual_nodes.NOT_APPLICABLE`` says why each does not apply to virtual nodes.
NET-2 for virtual pools (placement and pod subnets private) is checked by ``oke-node-subnets-private``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, StackValidationArgs

from oke_secure.builders import iam_statements as iam
from oke_secure.builders import labels, virtual_nodes
from oke_secure.builders import vault_secrets as vault
from oke_secure.policies import types as T
from oke_secure.policies._base import ADVISORY, Report, StackIndex, StackReport, get, resource_policy, stack_policy


def _labels(props: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in get(props, "initialVirtualNodeLabels", []) or []:
        key, value = get(item, "key"), get(item, "value")
        if isinstance(key, str):
            out[key] = value if isinstance(value, str) else ""
    return out


@resource_policy(
    name="oke-virtual-pool-dedicated",
    controls=["NP-1"],
    types=[T.VIRTUAL_NODE_POOL],
    description="Every virtual node pool is dedicated to one workload: a workload label and the matching "
    "taint in its own taints field.",
    remediation=f"Add initial_virtual_node_labels {labels.WORKLOAD_KEY}=<workload> and taints "
    f"[{{key: {labels.WORKLOAD_KEY}, value: <workload>, effect: NoSchedule}}].",
)
def virtual_pool_dedicated(args: ResourceValidationArgs, report: Report) -> None:
    node_labels = _labels(args.props)
    workload = node_labels.get(labels.WORKLOAD_KEY)
    if not workload:
        report(
            f"the virtual node pool carries no {labels.WORKLOAD_KEY} label: it is not dedicated to one workload (NP-1)"
        )
        return
    if not virtual_nodes.has_taint(get(args.props, "taints"), labels.WORKLOAD_KEY, workload):
        report(
            f"the virtual pool is labelled {labels.WORKLOAD_KEY}={workload} but has no taint "
            f"{labels.workload_taint(workload)} in taints, so any pod can schedule there (NP-1)"
        )


@stack_policy(
    name="oke-virtual-pool-vcn-native",
    controls=["CL-1"],
    description="Virtual node pools belong to enhanced clusters with VCN-native pod networking.",
    remediation="Set the cluster's type='ENHANCED_CLUSTER' and cluster_pod_network_options "
    f"[{{cni_type: {virtual_nodes.VCN_NATIVE}}}]; virtual nodes support no flannel overlay.",
)
def virtual_pool_vcn_native(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    for pool in index.of_type(T.VIRTUAL_NODE_POOL):
        for cluster in index.refs(pool, "clusterId", T.CLUSTER):
            if get(cluster.props, "type") != "ENHANCED_CLUSTER":
                report(
                    f"virtual node pool {pool.name} belongs to cluster {cluster.name}, which is not an "
                    "ENHANCED_CLUSTER (CL-1)",
                    pool.urn,
                )
            cnis = [get(o, "cniType") for o in get(cluster.props, "clusterPodNetworkOptions", []) or []]
            if virtual_nodes.VCN_NATIVE not in cnis:
                report(
                    f"virtual node pool {pool.name} belongs to cluster {cluster.name}, whose pod networking "
                    f"is not {virtual_nodes.VCN_NATIVE} (flannel or unset): virtual nodes need VCN-native "
                    "pod networking (CL-1)",
                    pool.urn,
                )


@resource_policy(
    name="oke-virtual-pool-cycling",
    controls=["NP-5"],
    types=[T.VIRTUAL_NODE_POOL],
    enforcement=ADVISORY,
    description="Virtual node cycling is on, so updates roll the virtual nodes.",
    remediation="Set virtual_node_pool_cycling_details.is_virtual_node_cycling_enabled=true.",
)
def virtual_pool_cycling(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "virtualNodePoolCyclingDetails.isVirtualNodeCyclingEnabled") is not True:
        report(
            "virtual node cycling is off (virtual_node_pool_cycling_details.is_virtual_node_cycling_enabled), "
            "so updates do not roll the virtual nodes (NP-5)"
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
        for text in iam.statements_of(get(policy.props, "statements")):
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
