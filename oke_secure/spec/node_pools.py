"""``node_pools[]``: one pool per workload (NP-1 to NP-7, IAM-3, NET-7), managed or virtual.

Rules that need only the pool are on :class:`NodePoolSpec`; the rules that compare a pool with the
cluster (version skew, the CNI of a virtual pool) or with namespaces live in :mod:`oke_secure.spec.stack`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from oke_secure.builders import labels as _labels
from oke_secure.builders import virtual_nodes as _virtual
from oke_secure.spec.errors import Problem
from oke_secure.spec.permissions import Permission
from oke_secure.spec.types import K8sName, KubeVersion, Name, Reason, _Model, refuse

#: Node labels oke-secure sets itself (NP-1, NP-6); a pool may not declare them.
RESERVED_LABELS = (_labels.WORKLOAD_KEY, _labels.SYSTEM_LABEL, _labels.PREEMPTIBLE_KEY)


class InstancePrincipal(_Model):
    """Declares that a pool's pods need instance principals: the pool keeps metadata reachable (NET-7)."""

    reason: Reason = Field(description="Why workload identity does not fit; recorded in tags.")


class SshAccess(_Model):
    """An exception to NP-4: an SSH key on the pool's nodes."""

    public_key: Annotated[str, StringConstraints(pattern=r"^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\d+) ")] = Field(
        description="The OpenSSH public key."
    )
    reason: Reason = Field(description="Why SSH is needed instead of the Bastion service.")


class VirtualNodes(_Model):
    """Makes a pool an OKE virtual node pool (enhanced cluster, VCN-native pod networking only)."""

    pod_shape: Annotated[str, StringConstraints(pattern=r"^Pod\.Standard\.[A-Za-z0-9]+\.Flex$")] = Field(
        _virtual.DEFAULT_POD_SHAPE,
        description="Pod shape, e.g. Pod.Standard.E4.Flex; pods size themselves through their requests and limits.",
    )


class NodePoolSpec(_Model):
    """One node pool per workload (NP-1), with its own identity (IAM-3)."""

    name: Name = Field(description="Workload name; also the pool's node label and taint value.")
    system: bool = Field(
        False, description="Runs cluster add-ons (CoreDNS, policy engine): tainted CriticalAddonsOnly, no grants."
    )
    trust: str | None = Field(None, description="Trust level; defaults to the stack's and must equal it (NP-7).")
    shape: str = Field("VM.Standard.E5.Flex", description="Compute shape.")
    ocpus: float = Field(2, gt=0, le=114, description="OCPUs per node (flex shapes).")
    memory_gbs: float = Field(16, gt=0, le=1776, description="Memory per node in GB (flex shapes).")
    size: int = Field(3, ge=1, le=1000, description="Number of nodes, spread across availability domains.")
    kubernetes_version: KubeVersion | None = Field(None, description="Defaults to the cluster's version.")
    labels: dict[str, str] = Field(default_factory=dict, description="Extra node labels.")
    preemptible: bool = Field(False, description="Preemptible capacity; the pool is then dedicated (NP-6).")
    permissions: list[Permission] = Field(
        default_factory=list, description="IAM grants for the pool's instances (needs instance_principal)."
    )
    instance_principal: InstancePrincipal | None = Field(
        None, description="Pods on this pool may reach instance metadata; with a reason (NET-7)."
    )
    ssh: SshAccess | None = Field(None, description="SSH key exception with a reason (NP-4).")
    namespaces: list[K8sName] = Field(
        default_factory=list, description="Namespaces whose pods may tolerate this pool's taint (WL-6)."
    )
    boot_volume_gbs: int = Field(50, ge=50, le=32768, description="Boot volume size in GB.")
    virtual: VirtualNodes | None = Field(
        None, description="Run the workload on OKE virtual nodes instead of managed nodes (VCN-native only)."
    )

    @model_validator(mode="after")
    def _rules(self) -> NodePoolSpec:
        refuse(pool_problems(self))
        return self


def pool_problems(pool: NodePoolSpec) -> list[Problem]:
    """What is wrong with one pool on its own; fields are relative to the pool."""
    out: list[Problem] = []
    if pool.system and (pool.permissions or pool.instance_principal or pool.preemptible or pool.namespaces):
        out.append(
            Problem(
                "",
                "a system pool cannot carry permissions, instance principals, preemptible "
                "capacity or namespaces (NP-1, NP-6)",
                "move the workload to a pool of its own",
            )
        )
    if pool.permissions and pool.instance_principal is None and pool.virtual is None:
        out.append(
            Problem(
                "permissions",
                "grants to a pool's instances are unreachable while pods are blocked from instance metadata (NET-7)",
                "prefer namespaces[].workload_identity; or declare instance_principal on this pool with a reason",
            )
        )
    for key in pool.labels:
        if key in RESERVED_LABELS:
            out.append(Problem(f"labels.{key}", "is set by oke-secure (NP-1, NP-6)", "remove it"))
    if pool.virtual is not None:
        if pool.system:
            out.append(
                Problem(
                    "system",
                    "a system pool cannot be virtual: cluster add-ons run as "
                    "DaemonSets (Calico, the Secrets Store CSI driver) and virtual nodes run none",
                    "keep the system pool managed and put the workload in a virtual pool of its own",
                )
            )
        for key, why in _virtual.REFUSED_FIELDS.items():
            if getattr(pool, key) not in (None, False, []):
                out.append(
                    Problem(
                        key,
                        f"does not apply to a virtual pool: {why}",
                        f"remove {key} from the virtual pool, or make the pool managed",
                    )
                )
    return out


def virtual_cni_problems(cni: str) -> list[Problem]:
    """Why a virtual pool cannot run on a cluster with ``cni`` (field relative to the pool)."""
    if cni == "vcn-native":
        return []
    return [
        Problem(
            "virtual",
            f"virtual nodes need VCN-native pod networking, but the cluster uses {cni} (CL-1)",
            "set network.cni: vcn-native (virtual nodes support no "
            "flannel overlay), or remove virtual to run a managed pool",
        )
    ]
