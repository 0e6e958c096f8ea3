"""The whole stack: :class:`StackSpec` and the rules that compare one section with another.

Every rule that needs only one section is on that section's model (``spec/network.py``,
``spec/node_pools.py`` ...), so a component validating its section alone applies it too. Only the
rules that read two sections are here. Pydantic runs this model's validator only when every section
validated, so a stack reports either section problems or cross-section problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from oke_secure.builders import addons as _addons
from oke_secure.builders import vault_secrets as _vault
from oke_secure.spec.access import AccessSpec
from oke_secure.spec.cluster import ClusterSpec, KeysSpec
from oke_secure.spec.compartment import CompartmentSpec
from oke_secure.spec.detection import DetectionSpec
from oke_secure.spec.errors import Problem
from oke_secure.spec.exceptions import PolicyException
from oke_secure.spec.namespaces import DefaultNamespaceSpec, NamespaceSpec
from oke_secure.spec.network import NetworkSpec
from oke_secure.spec.node_pools import NodePoolSpec, virtual_cni_problems
from oke_secure.spec.registry import RegistrySpec
from oke_secure.spec.types import (
    MAX_POOL_SKEW,
    Name,
    Region,
    TenancyOcid,
    _Model,
    prefixed,
    refuse,
    unique_names,
    version_tuple,
)


def _default_pools() -> list[NodePoolSpec]:
    return [NodePoolSpec(name="system", system=True, size=3)]


class StackSpec(_Model):
    """A whole hardened OKE stack. Every default is the hardened choice."""

    name: Name = Field(
        description="Prefix of every resource name, e.g. the stack name (dev, prod); required, so that two "
        "stacks never share names by accident."
    )
    tenancy_id: TenancyOcid = Field(description="Tenancy OCID (dynamic groups and policies live there).")
    compartment: CompartmentSpec = Field(description="Dedicated compartment of the cluster (IAM-1).")
    region: Region = Field(
        description="OCI region of the stack, e.g. eu-frankfurt-1: the one source of truth; the program's "
        "oci:region config, when set, must equal it."
    )
    home_region: Region | None = Field(
        None,
        description="The tenancy's home region, where compartments, dynamic groups, policies and tags are "
        "created through an explicit provider (DEP-1); default: region. Find it with `oci iam "
        "region-subscription list` (is-home-region: true).",
    )
    trust: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")] = Field(
        "prod", description="Trust level of every workload in this stack (NP-7)."
    )
    network: NetworkSpec = Field(default_factory=lambda: NetworkSpec(), description="Network layer.")
    cluster: ClusterSpec = Field(default_factory=lambda: ClusterSpec(), description="Cluster.")
    keys: KeysSpec = Field(default_factory=lambda: KeysSpec(), description="Vault and keys.")
    node_pools: list[NodePoolSpec] = Field(default_factory=_default_pools, min_length=1, description="Pools.")
    namespaces: list[NamespaceSpec] = Field(default_factory=list, description="Team namespaces.")
    default_namespace: DefaultNamespaceSpec = Field(
        default_factory=lambda: DefaultNamespaceSpec(),
        description="The `default` namespace: locked down (WL-7) unless workloads are declared with a reason.",
    )
    access: AccessSpec = Field(default_factory=lambda: AccessSpec(), description="Human access.")
    registry: RegistrySpec = Field(default_factory=lambda: RegistrySpec(), description="Registry.")
    detection: DetectionSpec = Field(default_factory=lambda: DetectionSpec(), description="Detection.")
    exceptions: list[PolicyException] = Field(default_factory=list, description="Recorded policy waivers.")
    tags: dict[str, str] = Field(default_factory=dict, description="Freeform tags on every OCI resource.")
    kubernetes_stage: Literal["separate", "same"] = Field(
        "separate",
        description="Where the Kubernetes baseline is applied (DEP-3). 'separate' (default): this stack builds "
        "the OCI layer and exports what the baseline stage (stacks/baseline) reads by StackReference, run from "
        "a runner in the VCN or through `oke-secure tunnel`. 'same': the baseline is applied in this stack, "
        "which must then run where the private endpoint is reachable (a runner inside the VCN).",
    )

    @model_validator(mode="after")
    def _semantics(self) -> StackSpec:
        refuse(semantic_problems(self))
        return self

    # Convenience views -------------------------------------------------------------------------
    @property
    def allowed_registries(self) -> list[str]:
        """Registries images may come from: the declared list, else the region's OCIR in the tenancy's
        namespace (``<region>.ocir.io/<namespace>``): the host alone would admit every tenancy's images (CL-5)."""
        if self.registry.allowed_registries:
            return list(self.registry.allowed_registries)
        return [f"{self.region}.ocir.io/{self.registry.namespace}"] if self.registry.namespace else []

    @property
    def addon_images(self) -> list[str]:
        """The images of the add-ons the baseline installs (one rule: :func:`oke_secure.builders.addons.addon_images`,
        also used by ``oke-secure images``)."""
        return _addons.addon_images(vault_secrets=any(ns.vault_secrets for ns in self.namespaces))

    @property
    def mirror_repositories(self) -> list[str]:
        """The OCIR repositories the stack creates for the add-on image mirror: one per mirrored image, when
        ``registry.mirror`` is the region's OCIR in the tenancy's own namespace (``registry.namespace``);
        none otherwise (a mirror elsewhere is not this stack's to create)."""
        mirror, namespace = self.registry.mirror, self.registry.namespace
        if not mirror or not namespace or not _own_ocir_mirror(self.region, mirror, namespace):
            return []
        return _addons.mirror_repositories(self.addon_images, mirror)

    @property
    def identity_region(self) -> str:
        """Region of the identity provider: the home region, else the stack's region (DEP-1)."""
        return self.home_region or self.region

    @property
    def cloud_guard_region(self) -> str:
        """Region of the Cloud Guard target: the reporting region, else the home region (DT-1)."""
        return self.detection.reporting_region or self.identity_region

    def pool_version(self, pool: NodePoolSpec) -> str:
        """The Kubernetes version of ``pool`` (its own or the cluster's)."""
        return pool.kubernetes_version or self.cluster.kubernetes_version


# Cross-section rules -----------------------------------------------------------------------------


def semantic_problems(spec: StackSpec) -> list[Problem]:
    """The rules that read more than one section. Pure; no side effects."""
    problems: list[Problem] = []
    problems += workload_problems(spec.node_pools, spec.namespaces)
    problems += _trust_problems(spec)
    problems += _version_problems(spec)
    if not any(p.system for p in spec.node_pools):
        problems.append(
            Problem(
                "node_pools",
                "no pool has system: true, so CoreDNS and the policy engine have nowhere to run",
                "add a pool with system: true (tainted for cluster add-ons only, no grants)",
            )
        )
    for i, pool in enumerate(spec.node_pools):
        if pool.virtual is not None:
            problems += prefixed(f"node_pools[{i}]", virtual_cni_problems(spec.network.cni))
    problems += _vault_problems(spec)
    if not spec.registry.allowed_registries and not spec.registry.namespace:
        problems.append(
            Problem(
                "registry.namespace",
                "no registry is allowed: images from the region's OCIR host alone would admit every tenancy's "
                "images (CL-5)",
                "give the tenancy's OCIR namespace (oci os ns get), or list registry.allowed_registries",
            )
        )
    problems += mirror_problems(
        spec.region, spec.network.internet_egress, spec.registry.mirror, spec.registry.mirror_pull_secret
    )
    problems += _mirror_repository_problems(spec)
    if not spec.access.bastion.enabled and not spec.network.admin_cidrs:
        problems.append(
            Problem(
                "access.bastion.enabled",
                "with no Bastion and no admin_cidrs nobody can reach the private API endpoint",
                "enable the Bastion or list network.admin_cidrs",
            )
        )
    if spec.compartment.id is not None and spec.compartment.id == spec.tenancy_id:
        problems.append(
            Problem(
                "compartment.id",
                "is the tenancy root (IAM-1)",
                "use a dedicated compartment, or compartment.create with parent_id",
            )
        )
    return problems


def ocir_hosts(region: str) -> tuple[str, ...]:
    """The OCIR hosts of ``region``: by region identifier and by region key (Oracle, "Availability by
    Region Name and Region Key" for Container Registry; the keys from the ``oci`` SDK's region table)."""
    from oci.regions import REGIONS_SHORT_NAMES  # imported here: the oci package is slow to import

    keys = sorted(k for k, r in REGIONS_SHORT_NAMES.items() if r == region)
    return (f"{region}.ocir.io", *(f"{k}.ocir.io" for k in keys))


def _own_ocir_mirror(region: str, mirror: str, namespace: str) -> bool:
    """Whether ``mirror`` is the region's OCIR in ``namespace``: the repositories the stack can create."""
    return mirror.split("/", 1)[0] in ocir_hosts(region) and _addons.mirror_namespace(mirror) == namespace


def _mirror_repository_problems(spec: StackSpec) -> list[Problem]:
    """A mirror in the region's OCIR is in the tenancy's own namespace, where the stack creates its private
    repositories (SC-1), and then has a pull secret: nodes pull from a private repository only with
    credentials (Oracle, "Pulling Images from Registry during Deployment": a docker-registry secret named
    in the pod's imagePullSecrets)."""
    mirror, namespace = spec.registry.mirror, spec.registry.namespace
    if not mirror or mirror.split("/", 1)[0] not in ocir_hosts(spec.region):
        return []
    host = mirror.split("/", 1)[0]
    if not namespace:
        return [
            Problem(
                "registry.namespace",
                f"is not set, but registry.mirror {mirror} is OCIR: the stack creates the mirror's repositories "
                "in the tenancy's namespace (create-on-push is off, SC-1)",
                "give the tenancy's OCIR namespace (oci os ns get), the one registry.mirror names",
            )
        ]
    if _addons.mirror_namespace(mirror) != namespace:
        return [
            Problem(
                "registry.mirror",
                f"names OCIR namespace {_addons.mirror_namespace(mirror)!r}, not registry.namespace {namespace!r}: "
                "the stack creates the mirror's private repositories only in its own tenancy's namespace",
                f"mirror into {host}/{namespace}/mirror",
            )
        ]
    if not spec.registry.mirror_pull_secret:
        return [
            Problem(
                "registry.mirror_pull_secret",
                "is not set, but the mirror's repositories are private (SC-1): without a pull secret Calico and "
                "the CSI driver cannot pull their images",
                "create it through the tunnel before stage 2: kubectl -n kube-system create secret "
                f"docker-registry ocir-mirror --docker-server={host} --docker-username='{namespace}/<user>' "
                "--docker-password='<auth token>'; then set registry.mirror_pull_secret: ocir-mirror",
            )
        ]
    return []


def mirror_problems(
    region: str,
    internet_egress: bool,
    mirror: str | None,
    pull_secret: str | None,
    fields: tuple[str, str] = ("registry.mirror", "registry.mirror_pull_secret"),
) -> list[Problem]:
    """The add-on image mirror (NET-4): declared when the nodes have no internet egress, and in the
    region's OCIR, which the service gateway reaches (Oracle, "Service Gateway": the services of the
    gateway's own region). Pure; shared by the stack and ``KubernetesBaseline`` used alone, each naming its
    own ``fields`` (mirror, pull secret)."""
    mirror_field, secret_field = fields
    out: list[Problem] = []
    if mirror is None:
        if not internet_egress:
            out.append(
                Problem(
                    mirror_field,
                    "internet_egress is false, so nodes cannot pull Calico's and the CSI driver's public images "
                    "(Docker Hub, registry.k8s.io, ghcr.io)",
                    f"mirror them into OCIR (`oke-secure images --mirror {region}.ocir.io/<namespace>/mirror` "
                    f"prints the copy commands) and set {mirror_field}: {region}.ocir.io/<namespace>/mirror",
                )
            )
        elif pull_secret:
            out.append(Problem(secret_field, f"is set without {mirror_field}", f"set {mirror_field}"))
        return out
    host = mirror.split("/", 1)[0]
    hosts = ocir_hosts(region)
    if not internet_egress and host not in hosts:
        out.append(
            Problem(
                mirror_field,
                f"{host} is not OCIR in {region}: with internet_egress false the nodes reach only the region's "
                "Oracle services, through the service gateway",
                f"mirror into {hosts[0]}/<namespace>/<path>",
            )
        )
    return out


def workload_problems(pools: Sequence[NodePoolSpec], namespaces: Sequence[NamespaceSpec]) -> list[Problem]:
    """Pools and namespaces together: unique names, declared namespaces, a preemptible pool to tolerate.

    The Kubernetes baseline component applies these too (it takes both lists).
    """
    out: list[Problem] = []
    out += unique_names("node_pools", [p.name for p in pools])
    out += unique_names("namespaces", [n.name for n in namespaces])
    declared = {n.name for n in namespaces}
    for i, p in enumerate(pools):
        for j, ns_name in enumerate(p.namespaces):
            if ns_name not in declared:
                out.append(
                    Problem(
                        f"node_pools[{i}].namespaces[{j}]",
                        f"namespace {ns_name!r} is not declared",
                        "declare it under namespaces, or remove it here",
                    )
                )
    for i, ns in enumerate(namespaces):
        if ns.tolerate_preemptible and not any(p.preemptible for p in pools):
            out.append(
                Problem(
                    f"namespaces[{i}].tolerate_preemptible",
                    "no preemptible pool exists",
                    "add a pool with preemptible: true, or remove this",
                )
            )
        for j, grant in enumerate(ns.egress):
            if grant.to == "namespace" and grant.namespace not in declared:
                out.append(
                    Problem(
                        f"namespaces[{i}].egress[{j}].namespace",
                        f"namespace {grant.namespace!r} is not declared (NET-8)",
                        "declare it under namespaces, or use to: cidr",
                    )
                )
        hosts = [p for p in pools if ns.name in p.namespaces]
        if ns.vault_secrets and hosts and all(p.virtual is not None for p in hosts):
            out.append(
                Problem(
                    f"namespaces[{i}].vault_secrets",
                    f"the pods of {ns.name!r} run only on virtual "
                    "pools, which run no DaemonSets, so the Secrets Store CSI driver cannot mount "
                    "the secrets there",
                    "also list the namespace on a managed pool, or read the "
                    "secrets from the application through workload identity",
                )
            )
    return out


def _trust_problems(spec: StackSpec) -> list[Problem]:
    out: list[Problem] = []
    members = [(f"node_pools[{i}]", p.name, p.trust) for i, p in enumerate(spec.node_pools)]
    members += [(f"namespaces[{i}]", n.name, n.trust) for i, n in enumerate(spec.namespaces)]
    for field, name, trust in members:
        if trust is not None and trust != spec.trust:
            same = next((f"{f} {n!r}" for f, n, t in members if (t or spec.trust) == spec.trust), "the stack")
            out.append(
                Problem(
                    f"{field}.trust",
                    f"{name!r} is marked {trust!r} but {same} is {spec.trust!r}; workloads of different trust "
                    "must not share a cluster (NP-7)",
                    f"move {name!r} to a second stack (stacks/Pulumi.{trust}.yaml with trust: {trust}), "
                    f"or set its trust to {spec.trust!r}",
                )
            )
    return out


def _version_problems(spec: StackSpec) -> list[Problem]:
    out: list[Problem] = []
    cluster_version = spec.cluster.kubernetes_version
    cp = version_tuple(cluster_version)
    for i, pool in enumerate(spec.node_pools):
        if pool.kubernetes_version is None:
            continue
        pv = version_tuple(pool.kubernetes_version)
        field = f"node_pools[{i}].kubernetes_version"
        if pv > cp:
            out.append(
                Problem(
                    field,
                    f"{pool.kubernetes_version} is ahead of the control plane {cluster_version} (CL-6)",
                    "upgrade cluster.kubernetes_version first, or pin the pool at or below it",
                )
            )
        elif pv[0] != cp[0] or cp[1] - pv[1] > MAX_POOL_SKEW:
            out.append(
                Problem(
                    field,
                    f"{pool.kubernetes_version} is more than {MAX_POOL_SKEW} minor versions "
                    f"behind {cluster_version} (CL-6)",
                    "upgrade the pool",
                )
            )
    return out


def _vault_problems(spec: StackSpec) -> list[Problem]:
    """No declared grant may also read a vault whose secrets only vault_secrets may read (IAM-4)."""
    out: list[Problem] = []
    vaults = {vs.vault_id for ns in spec.namespaces for vs in ns.vault_secrets}
    grants = [
        (f"node_pools[{i}].permissions[{j}]", p)
        for i, pool in enumerate(spec.node_pools)
        for j, p in enumerate(pool.permissions)
    ]
    grants += [
        (f"namespaces[{i}].workload_identity[{k}].permissions[{j}]", p)
        for i, ns in enumerate(spec.namespaces)
        for k, wi in enumerate(ns.workload_identity)
        for j, p in enumerate(wi.permissions)
    ]
    for field, perm in grants:
        for vault in sorted(vaults):
            if _vault.permission_reaches(perm.verb, perm.resource, perm.where, vault):
                out.append(
                    Problem(
                        field,
                        f"'{perm.verb} {perm.resource}' would also read the secrets of vault "
                        f"{vault}, which only its declared vault_secrets may read (IAM-4)",
                        "pin it to another vault with where: target.vault.id = '<ocid>', or "
                        "declare the secrets under namespaces[].vault_secrets",
                    )
                )
    return out
