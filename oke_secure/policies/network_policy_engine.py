"""NET-8: the NetworkPolicy engine is configured for the cluster's CNI (Calico on OKE).

OKE's CNIs implement no NetworkPolicy; Calico does, in policy-only mode, configured differently per CNI
(the reference module oracle-terraform-modules/terraform-oci-oke, ``modules/extensions/scripts/
calico_install.sh`` and ``resources/calico/calico-node-env-npn.yaml``, commit e70a180^):

* VCN-native (``cniType: OCI_VCN_IP_NATIVE``): no Calico CNI on the node (the ``install-cni`` init
  container would write Calico's CNI config, which sorts before the OCI CNI's) and Felix watching the
  OCI CNI's host interfaces (``FELIX_INTERFACEPREFIX`` lists ``oci``). Felix's default prefix is ``cali``
  (felix/config/config_params.go, ``InterfacePrefix``): with it, Felix sees no pod interface and enforces
  nothing.
* flannel (``FLANNEL_OVERLAY``): Calico's CNI installed, Felix on its own ``cali`` interfaces.

Judged on every ``calico-node`` DaemonSet the program shows: one it declares, or one a yaml/v2
ConfigFile or ConfigGroup expands (the real engine registers those objects in a preview; the offline
engine reads local files). With a cluster in the same program its ``cniType`` decides; without one (a
separate Kubernetes stage) the DaemonSet must at least be one of the two consistent forms.
"""

from __future__ import annotations

from typing import Any

from pulumi_policy import PolicyResource, Severity, StackValidationArgs

from oke_secure.policies import types as T
from oke_secure.policies._base import StackIndex, StackReport, deciding, get, stack_policy

NODE = "calico-node"
INSTALL_CNI = "install-cni"
PREFIX_ENV = "FELIX_INTERFACEPREFIX"
VCN_NATIVE = "OCI_VCN_IP_NATIVE"
FLANNEL = "FLANNEL_OVERLAY"


def _calico_node(ds: PolicyResource) -> tuple[bool, list[str]] | None:
    """``(installs_cni, interface_prefixes)`` of a calico-node DaemonSet; None for any other DaemonSet."""
    if get(ds.props, "metadata.name") != NODE:
        return None
    pod = get(ds.props, "spec.template.spec", {}) or {}
    node = [c for c in get(pod, "containers", []) or [] if get(c, "name") == NODE]
    if not node:
        return None
    installs = any(get(c, "name") == INSTALL_CNI for c in get(pod, "initContainers", []) or [])
    prefix = "cali"
    for var in get(node[0], "env", []) or []:
        if get(var, "name") == PREFIX_ENV and get(var, "value") is not None:
            prefix = str(get(var, "value"))
    return installs, [p.strip() for p in prefix.split(",") if p.strip()]


def _cnis(index: StackIndex) -> set[Any]:
    return {
        get(o, "cniType")
        for cluster in index.of_type(T.CLUSTER)
        for o in get(cluster.props, "clusterPodNetworkOptions", []) or []
    }


@stack_policy(
    name="k8s-calico-matches-cni",
    controls=["NET-8"],
    severity=Severity.HIGH,
    description="Calico, the NetworkPolicy engine on OKE, is configured for the cluster's CNI: on VCN-native "
    "pod networking without its own CNI and with Felix on the OCI CNI's 'oci' interfaces; on flannel with "
    "its CNI and the default interfaces.",
    remediation="VCN-native: remove calico-node's install-cni init container and set FELIX_INTERFACEPREFIX=oci "
    "(with NO_DEFAULT_POOLS, FELIX_CHAININSERTMODE=Append, USE_POD_CIDR; KubernetesBaseline does this). "
    "flannel: keep install-cni and Felix's default prefix, with CALICO_IPV4POOL_CIDR the pods CIDR.",
)
def calico_matches_cni(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    with deciding(None):
        cnis = _cnis(index)
    cni = next(iter(cnis)) if len(cnis) == 1 else None
    for ds in index.of_type(T.K8S_DAEMON_SET):
        with deciding(ds):
            seen = _calico_node(ds)
            if seen is None:
                continue
            installs, prefixes = seen
            oci_prefix = "oci" in prefixes
            if cni == VCN_NATIVE and (installs or not oci_prefix):
                wrong = [
                    w
                    for w, bad in (
                        ("installs Calico's CNI", installs),
                        (
                            f"Felix does not watch the OCI CNI's 'oci' interfaces ({PREFIX_ENV}={','.join(prefixes)})",
                            not oci_prefix,
                        ),
                    )
                    if bad
                ]
                report(
                    f"calico-node on a VCN-native cluster: {' and '.join(wrong)}; NetworkPolicy is not "
                    "enforced (NET-8)",
                    ds.urn,
                )
            elif cni == FLANNEL and (not installs or oci_prefix):
                report(
                    f"calico-node on a flannel cluster is configured for VCN-native pod networking "
                    f"(install-cni {'kept' if installs else 'removed'}, {PREFIX_ENV}={','.join(prefixes)}); "
                    "NetworkPolicy is not enforced (NET-8)",
                    ds.urn,
                )
            elif cni not in (VCN_NATIVE, FLANNEL):
                if installs and oci_prefix:
                    report(
                        f"calico-node installs Calico's CNI but watches the OCI CNI's interfaces "
                        f"({PREFIX_ENV}={','.join(prefixes)}): neither CNI's configuration (NET-8)",
                        ds.urn,
                    )
                elif not installs and not oci_prefix:
                    report(
                        f"calico-node installs no CNI and watches {','.join(prefixes)}* interfaces that no CNI "
                        "creates on OKE: it enforces nothing (NET-8)",
                        ds.urn,
                    )
