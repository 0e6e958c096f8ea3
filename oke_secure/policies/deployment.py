"""Policies on deployability: IAM in the home region (DEP-1), prerequisites in the graph (DEP-2), the
Kubernetes layer of a private cluster in a stage that can reach it (DEP-3).

Each rule is decided from literals and dependencies, so it gives its verdict at a FIRST preview, when
ids and statements built from ids are still unknown; where a value is unknown the rule falls back to
the graph (which resource an input depends on) and never guesses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pulumi_policy import PolicyResource, ResourceValidationArgs, StackValidationArgs
from pulumi_policy.proxy import UnknownValueError

from oke_secure.builders import iam_statements as iam
from oke_secure.policies import types as T
from oke_secure.policies._base import (
    Report,
    StackIndex,
    StackReport,
    deciding,
    get,
    is_unknown,
    peek,
    resource_policy,
    stack_policy,
)

#: The name the engine gives a default provider (``default`` or ``default_<version>``): pulumi/pulumi
#: ``pkg/resource/deploy/providers/registry.go`` (``defaultProviderName``).
DEFAULT_PROVIDER_PREFIX = "default"


def _known(fn: Any, default: Any = None) -> Any:
    """``fn()``, or ``default`` when it touches a value unknown during preview."""
    try:
        return fn()
    except UnknownValueError:
        return default


@resource_policy(
    name="oke-iam-home-region-provider",
    controls=["DEP-1"],
    types=list(T.IDENTITY),
    description="Compartments, dynamic groups, policies and tags are created through an explicit OCI provider "
    "whose region is the tenancy's home region.",
    remediation="Set the spec's home_region (the tenancy's home region, e.g. us-ashburn-1); OkeStack creates "
    "the identity provider. In your own program: oci.Provider('home', region='<home region>') and "
    "opts=ResourceOptions(provider=home) on every identity resource.",
)
def iam_home_region_provider(args: ResourceValidationArgs, report: Report) -> None:
    # Oracle, "Managing Regions" / IAM overview: "you must create IAM resources in your home region"
    # (docs.oracle.com/en-us/iaas/Content/Identity/regions/managingregions.htm). A default provider takes
    # the stack's region, which differs from the home region in any tenancy subscribed to several regions.
    provider = args.provider
    if provider is None or str(provider.name).startswith(DEFAULT_PROVIDER_PREFIX):
        report(
            f"{args.name}: an IAM resource created through the default OCI provider (the stack's region); "
            "IAM resources are created in the tenancy's home region only (DEP-1)"
        )
        return
    region = _known(lambda: get(provider.props, "region"), "<unknown>")
    if not isinstance(region, str) or not region:
        report(f"{args.name}: its provider {provider.name} names no region; set it to the home region (DEP-1)")


def _closure(resource: PolicyResource) -> dict[str, PolicyResource]:
    """Every resource ``resource`` depends on, directly or through others (by URN)."""
    seen: dict[str, PolicyResource] = {}
    stack = list(resource.dependencies or [])
    while stack:
        r = stack.pop()
        if r.urn in seen:
            continue
        seen[r.urn] = r
        stack.extend(r.dependencies or [])
        for deps in (r.property_dependencies or {}).values():
            stack.extend(deps or [])
    for deps in (resource.property_dependencies or {}).values():
        for r in deps or []:
            if r.urn not in seen:
                seen[r.urn] = r
                stack = [r]
                while stack:
                    x = stack.pop()
                    for y in x.dependencies or []:
                        if y.urn not in seen:
                            seen[y.urn] = y
                            stack.append(y)
    return seen


def _statements(policy: PolicyResource) -> list[str] | None:
    """The policy's statements, or ``None`` while they are unknown (first preview)."""

    def read() -> list[str] | None:
        value = get(policy.props, "statements")
        if isinstance(value, Sequence) and not isinstance(value, str):
            return [str(s) for s in value]
        return None

    return _known(read)


def _key_policies(index: StackIndex, keys: Iterable[PolicyResource], literal_ids: set[str]) -> list[PolicyResource]:
    """IAM policies whose statements name one of ``keys`` (by graph) or one of ``literal_ids`` (by text)."""
    key_urns = {k.urn for k in keys}
    out = []
    for p in index.of_type(T.IAM_POLICY):
        by_graph = any(r.urn in key_urns for r in index.refs(p, "statements", T.KEY))
        text = " ".join(_statements(p) or [])
        by_text = any(kid in text for kid in literal_ids)
        if by_graph or by_text:
            out.append(p)
    return out


def _literal(props: Any, path: str) -> set[str]:
    value = _known(lambda: get(props, path))
    return {value} if isinstance(value, str) and value.startswith("ocid1.key.") else set()


def _check_key_user(
    index: StackIndex, resource: PolicyResource, prop: str, path: str, what: str, report: StackReport
) -> None:
    keys = index.refs(resource, prop, T.KEY)
    literal = _literal(resource.props, path)
    if not keys and not literal:
        return
    policies = _key_policies(index, keys, literal)
    if not policies:
        if keys:  # a key created here with no policy at all: the prerequisite is missing
            report(
                f"{resource.name}: no IAM policy lets OKE use its {what} key; Oracle requires it before "
                "the resource is created (DEP-2)",
                resource.urn,
            )
        return  # an existing key: its policy may exist outside this stack
    before = _closure(resource)
    if not any(p.urn in before for p in policies):
        report(
            f"{resource.name}: does not depend on the IAM policy that lets OKE use its {what} key "
            f"({', '.join(sorted(p.name for p in policies))}); it may be created first and fail (DEP-2)",
            resource.urn,
        )


@stack_policy(
    name="oke-prerequisites-precede",
    controls=["DEP-2"],
    description="Oracle's documented prerequisites exist and precede their dependents: key policies before the "
    "cluster and node pools, the virtual-node endorsement before virtual pools, Bastion session rights for "
    "the groups that use the cluster.",
    remediation="Make the cluster and pools depend on the key policy (OkeStack does: Keys releases key ids "
    "after its policy), create the virtual-node define/endorse policy in the root compartment before virtual "
    "pools (endorsement_policy_id), and grant cluster user groups use bastion / manage bastion-session.",
)
def prerequisites_precede(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    # Oracle, "Encrypting Kubernetes Secrets at Rest" (contengencryptingdata.htm): create the policy
    # granting OKE access to the key before creating the cluster.
    for cluster in index.of_type(T.CLUSTER):
        _check_key_user(index, cluster, "kmsKeyId", "kmsKeyId", "secrets-encryption", report)
    # Oracle, "Policy Configuration for Cluster Creation and Deployment" (contengpolicyconfig.htm, "To use
    # a master encryption key ... with node pools"): key-delegate grants before the node pool.
    for pool in index.of_type(T.NODE_POOL):
        _check_key_user(index, pool, "nodeConfigDetails", "nodeConfigDetails.kmsKeyId", "boot-volume", report)
    # Oracle, "Required IAM Policies for Using Virtual Nodes": define/endorse in the root compartment.
    vpools = index.of_type(T.VIRTUAL_NODE_POOL)
    if vpools:
        endorsements = [
            p
            for p in index.of_type(T.IAM_POLICY)
            if iam.is_virtual_node_endorsement(_statements(p) or [])
            and str(_known(lambda p=p: get(p.props, "compartmentId"), "")).startswith("ocid1.tenancy.")
        ]
        for vpool in vpools:
            if not endorsements:
                report(
                    f"{vpool.name}: no policy in the root compartment endorses OKE to associate "
                    "compute-container-instances with the stack's subnets, VNICs and NSGs (DEP-2)",
                    vpool.urn,
                )
            elif not any(p.urn in _closure(vpool) for p in endorsements):
                report(f"{vpool.name}: does not depend on the virtual-node endorsement policy (DEP-2)", vpool.urn)
    # Oracle, "Managing Sessions in Bastion" (Required IAM Policy): people who reach the private
    # endpoint through the Bastion need session rights.
    if index.of_type(T.BASTION):
        _check_bastion_rights(index, report)


def _grants(index: StackIndex) -> tuple[dict[str, PolicyResource], set[str]] | None:
    """(group id -> policy granting it ``use clusters``, groups with bastion-session rights), or None if unknown."""
    users: dict[str, PolicyResource] = {}
    bastion: set[str] = set()  # use (or manage) the bastion: what CreateSession needs on it
    sessions: set[str] = set()  # manage its sessions
    for p in index.of_type(T.IAM_POLICY):
        stmts = _statements(p)
        if stmts is None:
            return None
        for text in stmts:
            stmt = iam.parse_statement(text)
            if stmt is None or not stmt.subject.lower().startswith("group id "):
                continue
            group = stmt.subject.split()[-1]
            if stmt.resource.lower() in ("clusters", "cluster-family") and stmt.verb.lower() in ("use", "manage"):
                users.setdefault(group, p)
            resource, verb = stmt.resource.lower(), stmt.verb.lower()
            if resource in ("bastion", "bastion-family") and verb in ("use", "manage"):
                bastion.add(group)
            if resource in ("bastion-session", "bastion-family") and verb == "manage":
                sessions.add(group)
    return users, bastion & sessions


def _check_bastion_rights(index: StackIndex, report: StackReport) -> None:
    found = _grants(index)
    if found is None:
        return  # statements unknown at a first preview: decided at update, when they are known
    users, session = found
    for group, policy in sorted(users.items()):
        if group not in session:
            report(
                f"group {group} may use the cluster, whose endpoint is reached through the Bastion, but has "
                "no Bastion session rights (use bastion, manage bastion-session) (DEP-2)",
                policy.urn,
            )


def _new(resource: PolicyResource) -> bool:
    """Created in this run: its id is unknown (a read resource or an existing one has a known id)."""
    return is_unknown(peek(resource.props, "id"))


def _private_clusters(resources: Mapping[str, PolicyResource]) -> list[PolicyResource]:
    out = []
    for r in resources.values():
        if r.resource_type != T.CLUSTER:
            continue
        public = _known(lambda r=r: get(r.props, "endpointConfig.isPublicIpEnabled"), None)
        if public is not True:
            out.append(r)
    return out


@stack_policy(
    name="oke-kubernetes-stage-reachable",
    controls=["DEP-3"],
    description="No Kubernetes provider is built from a private cluster created in the same stack.",
    remediation="Apply the Kubernetes layer as its own stage (stacks/baseline: a StackReference to the cluster "
    "stack, run from a runner in the VCN or through `oke-secure tunnel`). A stack that really runs inside the "
    "VCN may set this policy to disabled in its policy config, with the reason in the README of the stack.",
)
def kubernetes_stage_reachable(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    # Oracle, "Cluster Access" / "Accessing a Cluster Using Kubectl": a private endpoint is reachable only
    # from inside the VCN (or a peered network), through the Bastion service or a host in the VCN
    # (docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengdownloadkubeconfigfile.htm).
    for provider in index.of_type(T.K8S_PROVIDER):
        clusters = _private_clusters(_closure(provider))
        # Clusters created in this run by the same project (the offline preview shows the cluster stage and
        # the Kubernetes stage side by side; in the engine they are two stacks).
        home = provider.urn.split("::")[1:2]
        created = [
            c
            for c in _private_clusters({c.urn: c for c in index.of_type(T.CLUSTER)})
            if _new(c) and c.urn.split("::")[1:2] == home
        ]
        # Unknown with no dependency at all: the tell of an invoke on unknown ids (a StackReference's output
        # keeps its dependency on the reference).
        orphan = not provider.dependencies and is_unknown(peek(provider.props, "kubeconfig"))
        if not clusters and created and orphan:
            # At a first preview the Python SDK returns an invoke whose arguments are unknown (e.g.
            # get_cluster_kube_config_output(cluster_id=cluster.id)) as unknown WITHOUT the arguments'
            # dependencies (pulumi/runtime/invoke.py `_invoke`: struct_contains_unknowns -> InvokeResult with
            # no dependencies), so the provider's link to the cluster is invisible until ids exist.
            with deciding(provider):
                raise UnknownValueError(peek(provider.props, "kubeconfig"), ["kubeconfig"])
            continue
        if clusters:
            report(
                f"Kubernetes provider {provider.name} talks to the private endpoint of {clusters[0].name}, created "
                "in the same stack: a runner outside the VCN cannot reach it and the update stops half-way (DEP-3)",
                provider.urn,
            )
