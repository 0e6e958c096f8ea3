"""Calico, configured per CNI, to enforce NetworkPolicy on OKE (NET-8): pure, no Pulumi.

OKE's flannel and VCN-native CNI plugins implement no NetworkPolicy; Oracle points to Calico for it
("Pod Networking", "Example: Installing Calico and Setting Up Network Policies"). The baseline applies the
pinned upstream policy-only manifest and changes it, object by object, through a Pulumi ``transforms``
callback (Pulumi: "Transforms support modifying child resources of packaged components", which a
``kubernetes:yaml/v2:ConfigFile`` is). :func:`configure` is that change, the way the reference module
oracle-terraform-modules/terraform-oci-oke configured Calico (``modules/extensions/calico.tf``,
``scripts/calico_install.sh``, ``resources/calico/*.yaml``, last at commit e70a180^):

VCN-native (the module's ``npn``), policy mode only:
  * no Calico CNI: the ``install-cni`` init container and the ``cni_network_config`` key are removed, so
    the OCI CNI stays the only CNI on the node (Calico's 10-calico.conflist would otherwise sort first);
  * Felix watches the OCI CNI's host-side interfaces: ``FELIX_INTERFACEPREFIX=oci`` (with the default
    ``cali`` Felix would see no workload interface and enforce nothing);
  * ``NO_DEFAULT_POOLS``, ``FELIX_CHAININSERTMODE=Append``, ``FELIX_IPTABLESMANGLEALLOWACTION=Return``,
    ``USE_POD_CIDR``, ``FELIX_REMOVEEXTERNALROUTES=false`` (routes are the OCI CNI's);
  * no Typha.
flannel:
  * ``CALICO_IPV4POOL_CIDR`` = the cluster's pods CIDR, ``CALICO_IPV4POOL_VXLAN=Never`` (policy mode),
    ``CALICO_MANAGE_CNI=true``, ``veth_mtu`` 9000 (the module's MTU for policy mode);
  * Typha only above 50 nodes, one replica per 50 nodes, at most 20.

Both: ``FELIX_IPTABLESBACKEND``. The module read the node OS once (Oracle Linux 8+: NFT, else Legacy);
here ``Auto``, Felix's own per-node detection (felix/config/config_params.go, ``IptablesBackend``
``oneof(legacy,nft,auto)``, case-insensitive), right for pools on different Oracle Linux releases.

The module also wrote a ``FelixConfiguration`` named ``default`` with the same settings. Not needed here:
Felix ranks environment variables above every datastore resource (config_params.go,
``SourcesInDescendingOrder``), and calico-node creates ``default`` itself at start (node/pkg/lifecycle/
startup, ``ensureDefaultConfig``), so a Pulumi-created one would race it.

Virtual node pools: calico-node is kept off their nodes by node affinity on the pools' workload label.

Images: with a mirror (``registry.mirror``, required when ``internet_egress`` is false), every image of
the manifest is taken from it (:mod:`oke_secure.builders.image_mirror`).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from oke_secure.builders import image_mirror
from oke_secure.builders.labels import WORKLOAD_KEY

#: Calico release whose policy-only manifest enforces NetworkPolicy (NET-8); supports Kubernetes 1.30-1.33.
CALICO_VERSION = "v3.30.2"
#: The pinned upstream policy-only manifest (the reference module's ``get_manifest`` for policy mode).
CALICO_POLICY_ONLY_MANIFEST = (
    f"https://raw.githubusercontent.com/projectcalico/calico/{CALICO_VERSION}/manifests/calico-policy-only.yaml"
)
#: The images that manifest runs (for ``oke-secure images`` and the mirror).
CALICO_IMAGES = tuple(f"docker.io/calico/{c}:{CALICO_VERSION}" for c in ("cni", "node", "kube-controllers", "typha"))

NODE_DAEMONSET = "calico-node"
CONFIG_MAP = "calico-config"
TYPHA_DEPLOYMENT = "calico-typha"
INSTALL_CNI = "install-cni"
#: The host-side interface prefix of the OCI VCN-native CNI (the module's felix-config-npn.yaml).
OCI_INTERFACE_PREFIX = "oci"
#: MTU of pod interfaces in policy mode (the module's ``mtu_for_mode``): the VCN's 9000.
POLICY_MODE_MTU = "9000"
#: Above this many nodes, Typha fans out the datastore (the module's ``expected_node_count > 50``).
TYPHA_NODES = 50
TYPHA_MAX_REPLICAS = 20


class CalicoManifestError(ValueError):
    """The manifest does not have the shape the per-CNI configuration changes (a different Calico release)."""


@dataclass(frozen=True)
class CalicoSettings:
    """What the per-CNI configuration needs of the stack."""

    cni: str
    """'vcn-native' or 'flannel'."""
    pods_cidr: str
    """The cluster's pods CIDR (flannel's pool)."""
    nodes: int = 0
    """Expected node count (Typha above 50, flannel only)."""
    mirror: str | None = None
    """OCIR prefix every image is taken from (``registry.mirror``)."""
    pull_secret: str | None = None
    """docker-registry Secret in kube-system for a private mirror (``registry.mirror_pull_secret``)."""
    manifest: str = CALICO_POLICY_ONLY_MANIFEST
    """Where the manifest comes from, named in errors."""
    virtual_pools: tuple[str, ...] = ()
    """Virtual node pools: calico-node is kept off their nodes (by their ``oke-secure.io/workload`` label)."""


def typha_replicas(settings: CalicoSettings) -> int:
    """Typha replicas: none on VCN-native (Typha does not honour the interface prefix, the module's note),
    on flannel one per 50 nodes above 50, at most 20."""
    if settings.cni != "flannel" or settings.nodes <= TYPHA_NODES:
        return 0
    return max(1, min(TYPHA_MAX_REPLICAS, settings.nodes // TYPHA_NODES))


def node_env(settings: CalicoSettings) -> dict[str, str]:
    """The calico-node environment of the CNI (the module's calico-node-env-{npn,flannel}.yaml)."""
    if settings.cni == "vcn-native":
        return {
            "FELIX_INTERFACEPREFIX": OCI_INTERFACE_PREFIX,
            "NO_DEFAULT_POOLS": "true",
            "FELIX_CHAININSERTMODE": "Append",
            "FELIX_IPTABLESMANGLEALLOWACTION": "Return",
            "FELIX_IPTABLESBACKEND": "Auto",
            "USE_POD_CIDR": "true",
            "FELIX_REMOVEEXTERNALROUTES": "false",
            "FELIX_IPV6SUPPORT": "false",
        }
    return {
        "CALICO_IPV4POOL_CIDR": settings.pods_cidr,
        "CALICO_IPV4POOL_VXLAN": "Never",
        "CALICO_MANAGE_CNI": "true",
        "FELIX_IPTABLESBACKEND": "Auto",
        "FELIX_IPV6SUPPORT": "false",
    }


def _set_env(container: MutableMapping[str, Any], env: dict[str, str]) -> None:
    """Set ``env`` on ``container``: existing names replaced in place, new ones appended."""
    current: list[dict[str, Any]] = container.setdefault("env", [])
    todo = dict(env)
    for i, var in enumerate(current):
        if var.get("name") in todo:
            current[i] = {"name": var["name"], "value": todo.pop(var["name"])}
    current.extend({"name": k, "value": v} for k, v in todo.items())


def _is(obj: MutableMapping[str, Any], kind: str, name: str) -> bool:
    return obj.get("kind") == kind and (obj.get("metadata") or {}).get("name") == name


def _keep_off(pod: MutableMapping[str, Any], pools: tuple[str, ...]) -> None:
    """Require nodes whose workload label is none of ``pools`` (an absent label matches ``NotIn``: Kubernetes,
    "Assigning Pods to Nodes", node affinity operators). calico-node tolerates every NoSchedule taint, so the
    taint of a virtual pool would not keep it off; virtual nodes run in Oracle's tenancy, where no host agent
    of ours runs (Oracle, "Comparing Virtual Nodes with Managed Nodes")."""
    expression = {"key": WORKLOAD_KEY, "operator": "NotIn", "values": sorted(pools)}
    required = (
        pod.setdefault("affinity", {})
        .setdefault("nodeAffinity", {})
        .setdefault("requiredDuringSchedulingIgnoredDuringExecution", {})
    )
    terms = required.setdefault("nodeSelectorTerms", []) or [{}]
    for term in terms:  # terms are ORed: every one must carry the exclusion
        exprs = term.setdefault("matchExpressions", [])
        if expression not in exprs:
            exprs.append(expression)
    required["nodeSelectorTerms"] = terms


def configure(obj: MutableMapping[str, Any], settings: CalicoSettings) -> MutableMapping[str, Any]:
    """The manifest object ``obj`` (camelCase, as the API server takes it) configured for the CNI, in place.

    Raises:
        CalicoManifestError: calico-node has no ``calico-node`` container, or (VCN-native) no
            ``install-cni`` init container to remove: not the manifest this module was written for.
    """
    if _is(obj, "DaemonSet", NODE_DAEMONSET):
        pod = obj["spec"]["template"]["spec"]
        node = [c for c in pod.get("containers") or [] if c.get("name") == NODE_DAEMONSET]
        if not node:
            raise CalicoManifestError(
                f"{settings.manifest}: the calico-node DaemonSet has no calico-node container. Fix: use the "
                f"pinned Calico {CALICO_VERSION} policy-only manifest (KubernetesBaseline calico_manifest)"
            )
        _set_env(node[0], node_env(settings))
        if settings.cni == "vcn-native":
            inits = pod.get("initContainers") or []
            kept = [c for c in inits if c.get("name") != INSTALL_CNI]
            if len(kept) == len(inits):
                raise CalicoManifestError(
                    f"{settings.manifest}: the calico-node DaemonSet has no install-cni init container to remove "
                    "for VCN-native pod networking. Fix: use the pinned Calico "
                    f"{CALICO_VERSION} policy-only manifest (KubernetesBaseline calico_manifest)"
                )
            pod["initContainers"] = kept
        if settings.virtual_pools:
            _keep_off(pod, settings.virtual_pools)
    elif _is(obj, "ConfigMap", CONFIG_MAP):
        data = obj.setdefault("data", {})
        if settings.cni == "vcn-native":
            data.pop("cni_network_config", None)
        else:
            data["veth_mtu"] = POLICY_MODE_MTU
        if typha_replicas(settings) == 0:
            data["typha_service_name"] = "none"
    elif _is(obj, "Deployment", TYPHA_DEPLOYMENT):
        obj["spec"]["replicas"] = typha_replicas(settings)
    if settings.mirror:
        image_mirror.mirror_workload(obj, settings.mirror, settings.pull_secret)
    return obj
