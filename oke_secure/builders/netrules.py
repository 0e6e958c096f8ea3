"""The minimum OKE network rules (NET-5) as data, and a pure generator that expands them for a spec.

Source: Oracle, "Network Resource Configuration for Cluster Creation and Deployment"
(https://docs.oracle.com/en-us/iaas/Content/ContEng/Concepts/contengnetworkconfig.htm, copy updated
2025-02-12, and its example page contengnetworkconfigexample.htm), tabulated in
docs/NETWORK-RULES.md, which ``make docs`` generates from :data:`TABLE`; the official Terraform
module ``oracle-terraform-modules/terraform-oci-oke`` writes the same rules as NSG-to-NSG references
in ``modules/network/nsg-*.tf``.

:data:`TABLE` holds one :class:`Row` per row of those tables. :func:`rules_for` expands the rows that
apply to a :class:`~oke_secure.spec.NetworkSpec` (CNI, internet egress, Bastion, admin CIDRs, the
opt-in public load-balancer subnet) into concrete :class:`NetRule` objects; :func:`security_list_rules`
and :func:`nsg_rules` render them as pulumi-oci arguments (snake_case dicts), with the Oracle Services
Network label and NSG ids passed in so that this module never imports ``pulumi_oci``.

Choices where Oracle's table leaves room (documented, tested):
- SSH (22) to workers, optional in Oracle's table, is omitted (NP-4, NET-5).
- Internet egress rows apply only with ``internet_egress: true`` (NAT gateway, NET-4).
- The internal load-balancer subnet accepts TCP from the VCN CIDR only: internal listeners are not
  declared in the spec, and a load balancer answers only on its listeners.
- The Bastion row admits TCP 6443 from the API endpoint subnet's own CIDR, where the OCI Bastion
  service places its private endpoint (AC-1); it is a CIDR rule in both rule modes because the Bastion's
  endpoint carries no NSG.
- "ICMP" without type in the VCN-native rows means every ICMP type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from oke_secure.spec import NetworkSpec
from oke_secure.spec.cidr import ANYWHERE

#: Where the rules come from (cited in docs and reports).
SOURCE = (
    "Oracle, Network Resource Configuration for Cluster Creation and Deployment "
    "(docs.oracle.com/en-us/iaas/Content/ContEng/Concepts/contengnetworkconfig.htm, 2025-02-12); "
    "oracle-terraform-modules/terraform-oci-oke modules/network/nsg-*.tf"
)

Role = Literal["api", "workers", "pods", "lb", "public-lb"]
Direction = Literal["ingress", "egress"]
Protocol = Literal["tcp", "icmp", "all"]
CNI = Literal["both", "flannel", "vcn-native"]
#: Peers: a subnet/NSG role, the OSN service label, or a CIDR kind resolved from the spec.
Peer = Literal["api", "workers", "pods", "lb", "public-lb", "osn", "anywhere", "bastion", "admin", "vcn", "allowed"]
#: Extra condition for a row: ``internet-egress`` (NAT on), ``bastion`` (Bastion enabled), ``admin``
#: (one rule per admin CIDR), ``public-lb`` (public LB subnet opted in), ``listener`` (one rule per
#: allowed CIDR and listener port of the public LB), ``virtual-lb`` (load balancers target pods on virtual
#: nodes: a namespace of a virtual pool may create them), ``virtual-public-lb`` (that, and the public LB subnet).
When = Literal["", "internet-egress", "bastion", "admin", "public-lb", "listener", "virtual-lb", "virtual-public-lb"]

#: Freeform tag naming a subnet's (and its NSG's) role; policies recognise ``public-lb`` by it, together
#: with the recorded reason in ``oke-secure-exception-NET-4`` (or NET-5).
ROLE_TAG = "oke-secure-role"
PUBLIC_LB_ROLE = "public-lb"
#: Freeform tag on the public load-balancer subnet and NSG: its declared listener ports, comma-separated.
LB_PORTS_TAG = "oke-secure-lb-ports"

ROLES: tuple[Role, ...] = ("api", "workers", "pods", "lb", "public-lb")
SUBNET_ROLES = frozenset(ROLES)

API_PORT = 6443
CONTROL_PLANE_PORT = 12250
KUBELET_PORT = 10250
KUBE_PROXY_HEALTH_PORT = 10256
NODE_PORTS = (30000, 32767)
PATH_MTU = (3, 4)

TCP_NUMBER = "6"
ICMP_NUMBER = "1"
ALL = "all"


@dataclass(frozen=True)
class Row:
    """One row of the minimum-rule tables (docs/NETWORK-RULES.md).

    Attributes:
        role: The subnet (security list) or NSG the rule belongs to.
        direction: ``ingress`` or ``egress``.
        peer: The other side (source for ingress, destination for egress).
        protocol: ``tcp``, ``icmp`` or ``all``.
        ports: TCP destination port range, ``None`` for all ports.
        icmp: ICMP ``(type, code)``; ``None`` for every type.
        why: The table's reason, used as the rule description.
        cni: The CNI the row applies to.
        when: Extra condition (see :data:`When`).
    """

    role: Role
    direction: Direction
    peer: Peer
    protocol: Protocol
    ports: tuple[int, int] | None
    icmp: tuple[int, int] | None
    why: str
    cni: CNI = "both"
    when: When = ""


def _p(port: int) -> tuple[int, int]:
    return (port, port)


_R = Row

#: The minimum rules, row by row as in Oracle's tables (Kubernetes API endpoint, worker nodes, pod
#: subnet, load-balancer subnets); rendered in docs/NETWORK-RULES.md.
TABLE: tuple[Row, ...] = (
    # Kubernetes API endpoint, ingress
    _R("api", "ingress", "workers", "tcp", _p(API_PORT), None, "kubelet to API server"),
    _R("api", "ingress", "workers", "tcp", _p(CONTROL_PLANE_PORT), None, "worker to control plane"),
    _R("api", "ingress", "pods", "tcp", _p(API_PORT), None, "pod to API server", "vcn-native"),
    _R("api", "ingress", "pods", "tcp", _p(CONTROL_PLANE_PORT), None, "pod to control plane", "vcn-native"),
    _R("api", "ingress", "workers", "icmp", None, PATH_MTU, "path discovery"),
    _R("api", "ingress", "bastion", "tcp", _p(API_PORT), None, "human access through the OCI Bastion", when="bastion"),
    _R("api", "ingress", "admin", "tcp", _p(API_PORT), None, "human access from a declared admin CIDR", when="admin"),
    # The Bastion's private endpoint sits in the API subnet without an NSG, so only the subnet's security
    # list governs what it may send: a port-forwarding session to the endpoint needs this egress (Oracle,
    # "Connecting to Sessions in Bastion", "Allowing Network Access From the Bastion"; found missing by
    # `oke-secure flows`). Rendered into the API security list in both rule modes (see SUBNET_ONLY).
    _R(
        "api",
        "egress",
        "bastion",
        "tcp",
        _p(API_PORT),
        None,
        "Bastion private endpoint to the API server",
        when="bastion",
    ),
    # Kubernetes API endpoint, egress
    _R("api", "egress", "osn", "tcp", _p(443), None, "endpoint to OKE"),
    _R("api", "egress", "workers", "tcp", None, None, "endpoint to workers", "flannel"),
    _R("api", "egress", "workers", "tcp", _p(KUBELET_PORT), None, "endpoint to kubelet", "vcn-native"),
    _R("api", "egress", "workers", "icmp", None, None, "endpoint to kubelet", "vcn-native"),
    _R("api", "egress", "pods", "all", None, None, "endpoint to pods (webhooks)", "vcn-native"),
    _R("api", "egress", "workers", "icmp", None, PATH_MTU, "path discovery"),
    # Worker nodes, ingress
    _R("workers", "ingress", "workers", "all", None, None, "node to node"),
    _R("workers", "ingress", "pods", "all", None, None, "pods on other nodes", "vcn-native"),
    _R("workers", "ingress", "api", "tcp", None, None, "endpoint to workers", "flannel"),
    _R("workers", "ingress", "api", "tcp", _p(KUBELET_PORT), None, "endpoint to kubelet", "vcn-native"),
    _R("workers", "ingress", "api", "icmp", None, None, "endpoint to kubelet", "vcn-native"),
    _R("workers", "ingress", "anywhere", "icmp", None, PATH_MTU, "path discovery"),
    _R("workers", "ingress", "lb", "tcp", NODE_PORTS, None, "load balancer to NodePorts"),
    _R("workers", "ingress", "lb", "tcp", _p(KUBE_PROXY_HEALTH_PORT), None, "load balancer health checks"),
    _R(
        "workers",
        "ingress",
        "public-lb",
        "tcp",
        NODE_PORTS,
        None,
        "public load balancer to NodePorts",
        when="public-lb",
    ),
    _R(
        "workers",
        "ingress",
        "public-lb",
        "tcp",
        _p(KUBE_PROXY_HEALTH_PORT),
        None,
        "public load balancer health checks",
        when="public-lb",
    ),
    # Worker nodes, egress
    _R("workers", "egress", "workers", "all", None, None, "node to node"),
    _R("workers", "egress", "pods", "all", None, None, "node to pods", "vcn-native"),
    _R("workers", "egress", "anywhere", "icmp", None, PATH_MTU, "path discovery"),
    _R("workers", "egress", "osn", "tcp", None, None, "nodes to OCI services"),
    _R("workers", "egress", "api", "tcp", _p(API_PORT), None, "kubelet to API server"),
    _R("workers", "egress", "api", "tcp", _p(CONTROL_PLANE_PORT), None, "node to control plane"),
    _R("workers", "egress", "anywhere", "tcp", None, None, "internet through the NAT gateway", when="internet-egress"),
    # Pod subnet (VCN-native only), ingress
    _R("pods", "ingress", "api", "all", None, None, "endpoint to pods", "vcn-native"),
    _R("pods", "ingress", "workers", "all", None, None, "nodes to pods", "vcn-native"),
    _R("pods", "ingress", "pods", "all", None, None, "pod to pod", "vcn-native"),
    # Load balancers in front of virtual nodes send to the pods themselves, <pod-ip>:<nodeport>, and "if you use
    # different subnets for pods and nodes, configure node port ingress on the pod subnet" (Oracle, "Comparing
    # Virtual Nodes with Managed Nodes", contengcomparingvirtualwithmanagednodes_topic.htm: load balancing is
    # between pods; load-balancer security-list management is never enabled there). Health checks go to the
    # controller's port 10256 (oci-cloud-controller-manager load_balancer.go lbNodesHealthCheckPort). The
    # reference module allows ALL between the LB and pod NSGs (nsg-pods.tf, nsg-loadbalancers-*.tf); narrowed
    # to those ports, and only when a namespace of a virtual pool may create load balancers.
    _R(
        "pods",
        "ingress",
        "lb",
        "tcp",
        NODE_PORTS,
        None,
        "load balancer to pods on virtual nodes",
        "vcn-native",
        "virtual-lb",
    ),
    _R(
        "pods",
        "ingress",
        "lb",
        "tcp",
        _p(KUBE_PROXY_HEALTH_PORT),
        None,
        "load balancer health checks of pods on virtual nodes",
        "vcn-native",
        "virtual-lb",
    ),
    _R(
        "pods",
        "ingress",
        "public-lb",
        "tcp",
        NODE_PORTS,
        None,
        "public load balancer to pods on virtual nodes",
        "vcn-native",
        "virtual-public-lb",
    ),
    _R(
        "pods",
        "ingress",
        "public-lb",
        "tcp",
        _p(KUBE_PROXY_HEALTH_PORT),
        None,
        "public load balancer health checks of pods on virtual nodes",
        "vcn-native",
        "virtual-public-lb",
    ),
    # Pod subnet, egress
    _R("pods", "egress", "pods", "all", None, None, "pod to pod", "vcn-native"),
    _R("pods", "egress", "osn", "icmp", None, PATH_MTU, "path discovery", "vcn-native"),
    _R("pods", "egress", "osn", "tcp", None, None, "pods to OCI services", "vcn-native"),
    _R("pods", "egress", "api", "tcp", _p(API_PORT), None, "pod to API server", "vcn-native"),
    _R("pods", "egress", "api", "tcp", _p(CONTROL_PLANE_PORT), None, "pod to control plane", "vcn-native"),
    # Not in Oracle's pod-subnet table, but the worker rows admit pods (ingress) and the rules are
    # stateful on both VNICs: without this egress, pods cannot reach hostNetwork pods, NodePorts or the
    # kubelet (metrics-server). Reference module, modules/network/nsg-pods.tf, "Allow ALL egress from
    # pods for cross-node pod communication when using NodePorts or hostNetwork: true".
    _R("pods", "egress", "workers", "all", None, None, "pods to nodes (hostNetwork, NodePorts, kubelet)", "vcn-native"),
    _R(
        "pods",
        "egress",
        "anywhere",
        "tcp",
        _p(443),
        None,
        "internet through the NAT gateway",
        "vcn-native",
        when="internet-egress",
    ),
    # Internal load-balancer subnet
    _R("lb", "ingress", "vcn", "tcp", None, None, "internal load balancer: clients inside the VCN"),
    _R("lb", "egress", "workers", "tcp", NODE_PORTS, None, "load balancer to NodePorts"),
    _R("lb", "egress", "workers", "tcp", _p(KUBE_PROXY_HEALTH_PORT), None, "load balancer health checks"),
    # Path-MTU discovery towards the workers (who admit ICMP 3/4 from anywhere); reference module,
    # modules/network/nsg-loadbalancers-int.tf, "Allow ICMP egress from internal load balancers to worker
    # nodes for path discovery" (narrowed here to type 3 code 4, as Oracle's worker row).
    _R("lb", "egress", "workers", "icmp", None, PATH_MTU, "path discovery"),
    # Virtual nodes: the load balancer's side of the pod rows above (same sources).
    _R(
        "lb",
        "egress",
        "pods",
        "tcp",
        NODE_PORTS,
        None,
        "load balancer to pods on virtual nodes",
        "vcn-native",
        "virtual-lb",
    ),
    _R(
        "lb",
        "egress",
        "pods",
        "tcp",
        _p(KUBE_PROXY_HEALTH_PORT),
        None,
        "load balancer health checks of pods on virtual nodes",
        "vcn-native",
        "virtual-lb",
    ),
    # Public load-balancer subnet (explicit opt-in only)
    _R(
        "public-lb",
        "ingress",
        "allowed",
        "tcp",
        None,
        None,
        "declared listener port from a declared CIDR",
        when="listener",
    ),
    _R("public-lb", "egress", "workers", "tcp", NODE_PORTS, None, "load balancer to NodePorts", when="public-lb"),
    _R(
        "public-lb",
        "egress",
        "workers",
        "tcp",
        _p(KUBE_PROXY_HEALTH_PORT),
        None,
        "load balancer health checks",
        when="public-lb",
    ),
    # Reference module, modules/network/nsg-loadbalancers-pub.tf (path discovery to workers).
    _R("public-lb", "egress", "workers", "icmp", None, PATH_MTU, "path discovery", when="public-lb"),
    _R(
        "public-lb",
        "egress",
        "pods",
        "tcp",
        NODE_PORTS,
        None,
        "public load balancer to pods on virtual nodes",
        "vcn-native",
        "virtual-public-lb",
    ),
    _R(
        "public-lb",
        "egress",
        "pods",
        "tcp",
        _p(KUBE_PROXY_HEALTH_PORT),
        None,
        "public load balancer health checks of pods on virtual nodes",
        "vcn-native",
        "virtual-public-lb",
    ),
)


@dataclass(frozen=True)
class ReferenceRule:
    """One stateful IPv4 rule of the reference module and what this table does with it.

    Attributes:
        file: The reference module's file, ``modules/network/nsg-<x>.tf``.
        rule: The rule's description there (its map key), abridged.
        cni: The CNI the rule applies to in the reference module (``both`` or ``vcn-native`` for
            ``pod_nsg_enabled``, i.e. ``cni_type = "npn"``).
        ours: The :attr:`NetRule.key` of our equal or narrower rule, or ``""`` when not adopted.
        why: Why ours differs (empty when equal).
    """

    file: str
    rule: str
    cni: CNI
    ours: str
    why: str = ""


_ORACLE = "Oracle's table (docs/NETWORK-RULES.md) has no such row"
#: Rule-by-rule comparison with oracle-terraform-modules/terraform-oci-oke at commit
#: 25ef9a02ada3fc3bf7c43f200503682e79f58f03 (2026-04-29), ``modules/network/nsg-{controlplane,workers,
#: pods,loadbalancers-int,loadbalancers-pub}.tf``, stateful rules, IPv4, without the optional operator
#: and bastion-host NSGs (this stack has neither: people come through the OCI Bastion service). Each
#: ``ours`` is checked by tests/test_network_rules.py against the generated rules for that CNI.
REFERENCE: tuple[ReferenceRule, ...] = (
    # nsg-controlplane.tf
    ReferenceRule(
        "nsg-controlplane.tf",
        "TCP egress from OKE control plane to OCI services (all ports)",
        "both",
        "api-out-osn-tcp-443",
        "Oracle's API-endpoint egress row is TCP 443 to OSN; narrowed to it",
    ),
    ReferenceRule("nsg-controlplane.tf", "TCP egress to kubelet on workers", "both", "api-out-workers-tcp-10250"),
    ReferenceRule(
        "nsg-controlplane.tf", "TCP ingress to OKE control plane from workers", "both", "api-in-workers-tcp-12250"
    ),
    ReferenceRule(
        "nsg-controlplane.tf",
        "TCP egress from OKE control plane to workers (12250)",
        "both",
        "",
        f"{_ORACLE} for VCN-native (12250 is a worker-to-control-plane port); flannel has TCP all to workers",
    ),
    ReferenceRule(
        "nsg-controlplane.tf",
        "TCP 6443 control plane inter-communication (NSG to itself)",
        "both",
        "",
        f"{_ORACLE}; the API endpoint's own subnet is admitted on 6443 only for the OCI Bastion's "
        "private endpoint (api-in-bastion)",
    ),
    ReferenceRule(
        "nsg-controlplane.tf", "TCP ingress to kube-apiserver from workers", "both", "api-in-workers-tcp-6443"
    ),
    ReferenceRule(
        "nsg-controlplane.tf",
        "ICMP egress for path discovery to workers (all types)",
        "both",
        "api-out-workers-icmp-3-4",
        "Oracle: ICMP type 3 code 4 (VCN-native also allows every ICMP type to the kubelet: api-out-workers-icmp)",
    ),
    ReferenceRule(
        "nsg-controlplane.tf",
        "ICMP ingress for path discovery from workers (all types)",
        "both",
        "api-in-workers-icmp-3-4",
        "Oracle: ICMP type 3 code 4",
    ),
    ReferenceRule(
        "nsg-controlplane.tf", "TCP ingress to kube-apiserver from pods", "vcn-native", "api-in-pods-tcp-6443"
    ),
    ReferenceRule(
        "nsg-controlplane.tf", "TCP ingress to OKE control plane from pods", "vcn-native", "api-in-pods-tcp-12250"
    ),
    ReferenceRule(
        "nsg-controlplane.tf",
        "TCP egress from OKE control plane to pods (all ports)",
        "vcn-native",
        "api-out-pods-all",
        "Oracle's row is all protocols (webhooks served by pods)",
    ),
    ReferenceRule(
        "nsg-controlplane.tf", "TCP ingress to kube-apiserver from allowed CIDRs", "both", "api-in-<admin>-tcp-6443"
    ),
    # nsg-workers.tf
    ReferenceRule("nsg-workers.tf", "TCP egress from workers to OCI services", "both", "workers-out-osn-tcp"),
    ReferenceRule("nsg-workers.tf", "ALL egress from workers to other workers", "both", "workers-out-workers-all"),
    ReferenceRule("nsg-workers.tf", "ALL ingress to workers from other workers", "both", "workers-in-workers-all"),
    ReferenceRule(
        "nsg-workers.tf", "TCP egress from workers to Kubernetes API server", "both", "workers-out-api-tcp-6443"
    ),
    ReferenceRule(
        "nsg-workers.tf", "TCP egress from workers to OKE control plane", "both", "workers-out-api-tcp-12250"
    ),
    ReferenceRule(
        "nsg-workers.tf",
        "TCP 10250 egress to OKE control plane for health check",
        "both",
        "",
        f"{_ORACLE}; the control plane reaches the kubelet (api-out-workers), replies are stateful",
    ),
    ReferenceRule(
        "nsg-workers.tf",
        "ALL ingress to workers from control plane (webhooks served by workers)",
        "both",
        "workers-in-api-tcp-10250",
        "Oracle's VCN-native row is TCP 10250 + ICMP (flannel: TCP all, workers-in-api-tcp); the baseline "
        "runs no admission webhook on hostNetwork pods (its admission rules are ValidatingAdmissionPolicies)",
    ),
    ReferenceRule(
        "nsg-workers.tf",
        "ICMP egress from workers for path discovery (all types)",
        "both",
        "workers-out-0-0-0-0-0-icmp-3-4",
        "Oracle: ICMP 3/4",
    ),
    ReferenceRule(
        "nsg-workers.tf",
        "ICMP ingress to workers for path discovery (all types)",
        "both",
        "workers-in-0-0-0-0-0-icmp-3-4",
        "Oracle: ICMP 3/4",
    ),
    ReferenceRule("nsg-workers.tf", "ALL egress from workers to pods", "vcn-native", "workers-out-pods-all"),
    ReferenceRule("nsg-workers.tf", "ALL ingress to workers from pods", "vcn-native", "workers-in-pods-all"),
    ReferenceRule(
        "nsg-workers.tf",
        "ALL egress from workers to internet (allow_worker_internet_access)",
        "both",
        "",
        "only with internet_egress: true (workers-out-0-0-0-0-0-tcp, NET-4); prod mirrors images to OCIR",
    ),
    ReferenceRule("nsg-workers.tf", "TCP NodePorts ingress from internal LBs", "both", "workers-in-lb-tcp-30000-32767"),
    ReferenceRule(
        "nsg-workers.tf",
        "UDP NodePorts ingress from internal LBs",
        "both",
        "",
        "Oracle's table lists TCP only; the spec declares no UDP service (add a row with the first one)",
    ),
    ReferenceRule("nsg-workers.tf", "TCP health check ingress from internal LBs", "both", "workers-in-lb-tcp-10256"),
    ReferenceRule(
        "nsg-workers.tf",
        "SSH ingress to workers from bastion host",
        "both",
        "",
        "SSH is optional in Oracle's table and omitted (NP-4); the reference module adds it only on request",
    ),
    # nsg-pods.tf
    ReferenceRule("nsg-pods.tf", "TCP egress from pods to OCI services", "vcn-native", "pods-out-osn-tcp"),
    ReferenceRule("nsg-pods.tf", "ALL egress from pods to other pods", "vcn-native", "pods-out-pods-all"),
    ReferenceRule("nsg-pods.tf", "ALL ingress to pods from other pods", "vcn-native", "pods-in-pods-all"),
    ReferenceRule(
        "nsg-pods.tf", "TCP egress from pods to Kubernetes API server", "vcn-native", "pods-out-api-tcp-6443"
    ),
    ReferenceRule("nsg-pods.tf", "ALL ingress to pods from control plane (webhooks)", "vcn-native", "pods-in-api-all"),
    ReferenceRule(
        "nsg-pods.tf",
        "ALL egress from pods to workers (NodePorts, hostNetwork)",
        "vcn-native",
        "pods-out-workers-all",
        "added: missing from Oracle's pod-subnet table but needed with stateful rules on both VNICs",
    ),
    ReferenceRule("nsg-pods.tf", "ALL ingress to pods from workers", "vcn-native", "pods-in-workers-all"),
    ReferenceRule(
        "nsg-pods.tf",
        "ICMP egress from pods for path discovery (anywhere, all types)",
        "vcn-native",
        "pods-out-osn-icmp-3-4",
        "Oracle's pod row: ICMP 3/4 to OSN",
    ),
    ReferenceRule(
        "nsg-pods.tf",
        "ICMP ingress to pods for path discovery (anywhere)",
        "vcn-native",
        "",
        f"{_ORACLE}; replies to the pods' own flows are stateful",
    ),
    ReferenceRule(
        "nsg-pods.tf",
        "ALL between pods and load balancers (egress and ingress)",
        "vcn-native",
        "",
        "managed nodes: load balancers target NodePorts on workers. Virtual nodes: they target "
        "<pod-ip>:<nodeport> (Oracle, Comparing Virtual Nodes with Managed Nodes), so when a virtual pool's "
        "namespace may create load balancers, narrowed to NodePorts and health checks: pods-in-lb-tcp-30000-32767, "
        "pods-in-lb-tcp-10256 (VIRTUAL_LB_KEYS)",
    ),
    ReferenceRule(
        "nsg-pods.tf",
        "ALL egress from pods to internet (allow_pod_internet_access)",
        "vcn-native",
        "",
        "only with internet_egress: true, and then TCP 443 as Oracle's optional row (pods-out-0-0-0-0-0-tcp-443)",
    ),
    # nsg-loadbalancers-int.tf / nsg-loadbalancers-pub.tf
    ReferenceRule(
        "nsg-loadbalancers-int.tf", "TCP egress to workers for NodePorts", "both", "lb-out-workers-tcp-30000-32767"
    ),
    ReferenceRule(
        "nsg-loadbalancers-int.tf",
        "UDP egress to workers for NodePorts",
        "both",
        "",
        "Oracle's table lists TCP only; no UDP service is declared",
    ),
    ReferenceRule(
        "nsg-loadbalancers-int.tf",
        "ICMP egress to workers for path discovery (all types)",
        "both",
        "lb-out-workers-icmp-3-4",
        "added, as ICMP 3/4",
    ),
    ReferenceRule(
        "nsg-loadbalancers-int.tf", "TCP egress to workers for health checks", "both", "lb-out-workers-tcp-10256"
    ),
    ReferenceRule(
        "nsg-loadbalancers-int.tf",
        "ALL egress from internal LBs to pods",
        "vcn-native",
        "",
        "managed nodes: load balancers target NodePorts on workers; with virtual nodes narrowed to "
        "lb-out-pods-tcp-30000-32767, lb-out-pods-tcp-10256 (VIRTUAL_LB_KEYS)",
    ),
)

#: The rules a virtual pool's load-balanced namespace adds (internal LB subnet; the public LB subnet's twins
#: come with it when it exists), by key: the reference module's LB <-> pods rules, narrowed.
VIRTUAL_LB_KEYS = (
    "lb-out-pods-tcp-10256",
    "lb-out-pods-tcp-30000-32767",
    "pods-in-lb-tcp-10256",
    "pods-in-lb-tcp-30000-32767",
)


def virtual_lb_namespaces(pools: Sequence[Any], namespaces: Sequence[Any]) -> list[str]:
    """Namespaces that may create load balancers (``namespaces[].load_balancers > 0``) and run on a virtual
    node pool (listed in the ``namespaces`` of a pool with ``virtual``): their load balancers target pods,
    so the LB -> pods rows apply (``rules_for(..., virtual_lb_backends=True)``). Pure; takes the spec's
    ``NodePoolSpec`` and ``NamespaceSpec`` objects."""
    on_virtual = {ns for p in pools if p.virtual is not None for ns in p.namespaces}
    return sorted(n.name for n in namespaces if n.load_balancers > 0 and n.name in on_virtual)


@dataclass(frozen=True)
class NetRule:
    """One concrete rule for a spec: where it lives, its peer, protocol and ports.

    Attributes:
        role: Subnet or NSG the rule belongs to.
        direction: ``ingress`` or ``egress``.
        peer: A role (NSG-to-NSG in ``nsg`` mode, the role's subnet CIDR in ``security-lists`` mode),
            ``osn`` (the Oracle Services Network label), or ``cidr``.
        cidr: The block when ``peer`` is ``cidr``.
        protocol: ``tcp``, ``icmp`` or ``all``.
        ports: TCP destination port range, ``None`` for all ports.
        icmp: ICMP ``(type, code)``; ``None`` for every type.
        description: Why the rule exists (from the table).
    """

    role: Role
    direction: Direction
    peer: str
    cidr: str | None
    protocol: Protocol
    ports: tuple[int, int] | None
    icmp: tuple[int, int] | None
    description: str

    @property
    def key(self) -> str:
        """A stable, readable name for the rule (used in logical resource names)."""
        peer = self.cidr.replace(".", "-").replace("/", "-") if self.cidr else self.peer
        if self.protocol == "tcp":
            what = (
                "tcp"
                if self.ports is None
                else (
                    f"tcp-{self.ports[0]}" if self.ports[0] == self.ports[1] else f"tcp-{self.ports[0]}-{self.ports[1]}"
                )
            )
        elif self.protocol == "icmp":
            what = "icmp" if self.icmp is None else f"icmp-{self.icmp[0]}-{self.icmp[1]}"
        else:
            what = "all"
        return f"{self.role}-{'in' if self.direction == 'ingress' else 'out'}-{peer}-{what}"


def subnet_only(rule: NetRule) -> bool:
    """True for rules of a VNIC that carries no NSG (the Bastion's private endpoint): they must live in the
    subnet's security list in both rule modes."""
    return rule.role == "api" and rule.direction == "egress" and rule.description.startswith("Bastion private")


def subnet_cidrs(spec: NetworkSpec) -> dict[str, str]:
    """The CIDR of each subnet role the spec creates."""
    out = {"api": spec.subnets.api_endpoint, "workers": spec.subnets.workers, "lb": spec.subnets.load_balancers}
    if spec.cni == "vcn-native":
        out["pods"] = spec.subnets.pods
    if spec.public_load_balancer is not None:
        out["public-lb"] = spec.public_load_balancer.cidr
    return out


def roles_for(spec: NetworkSpec) -> tuple[Role, ...]:
    """The subnet roles the spec creates, in a fixed order."""
    present = subnet_cidrs(spec)
    return tuple(r for r in ROLES if r in present)


def _applies(row: Row, spec: NetworkSpec, bastion: bool, virtual_lb: bool) -> bool:
    if row.cni != "both" and row.cni != spec.cni:
        return False
    if row.when == "virtual-lb":
        return virtual_lb
    if row.when == "virtual-public-lb":
        return virtual_lb and spec.public_load_balancer is not None
    if row.when == "internet-egress":
        return spec.internet_egress
    if row.when == "bastion":
        return bastion
    if row.when in ("public-lb", "listener"):
        return spec.public_load_balancer is not None
    return True


def rules_for(spec: NetworkSpec, *, bastion: bool = True, virtual_lb_backends: bool = False) -> list[NetRule]:
    """Expand :data:`TABLE` into the concrete minimum rules for ``spec`` (NET-5). Pure.

    Args:
        spec: The validated network spec (CNI, internet egress, admin CIDRs, public LB opt-in).
        bastion: Admit TCP 6443 to the API endpoint from its own subnet, where the OCI Bastion
            service's private endpoint lives.
        virtual_lb_backends: Load balancers target pods on virtual nodes (:func:`virtual_lb_namespaces` is
            not empty): add the load balancer -> pods rows.
    """
    out: list[NetRule] = []
    for row in TABLE:
        if not _applies(row, spec, bastion, virtual_lb_backends):
            continue

        def add(peer: str, cidr: str | None = None, ports: tuple[int, int] | None = row.ports, _row: Row = row) -> None:
            out.append(NetRule(_row.role, _row.direction, peer, cidr, _row.protocol, ports, _row.icmp, _row.why))

        if row.peer in SUBNET_ROLES or row.peer == "osn":
            add(row.peer)
        elif row.peer == "anywhere":
            add("cidr", ANYWHERE)
        elif row.peer == "bastion":
            add("cidr", spec.subnets.api_endpoint)
        elif row.peer == "vcn":
            add("cidr", spec.vcn_cidr)
        elif row.peer == "admin":
            for block in spec.admin_cidrs:
                add("cidr", block)
        elif row.peer == "allowed" and spec.public_load_balancer is not None:
            for block in spec.public_load_balancer.allowed_cidrs:
                for port in sorted(set(spec.public_load_balancer.ports)):
                    add("cidr", block, (port, port))
    seen: set[str] = set()
    return [r for r in out if not (r.key in seen or seen.add(r.key))]  # type: ignore[func-returns-value]


# Rendering as pulumi-oci arguments ---------------------------------------------------------------


def _protocol_number(rule: NetRule) -> str:
    return {"tcp": TCP_NUMBER, "icmp": ICMP_NUMBER, "all": ALL}[rule.protocol]


def _options(rule: NetRule, *, nsg: bool) -> dict[str, Any]:
    if rule.protocol == "tcp" and rule.ports is not None:
        rng = {"min": rule.ports[0], "max": rule.ports[1]}
        return {"tcp_options": {"destination_port_range": rng} if nsg else rng}
    if rule.protocol == "icmp" and rule.icmp is not None:
        return {"icmp_options": {"type": rule.icmp[0], "code": rule.icmp[1]}}
    return {}


def _peer(rule: NetRule, cidrs: Mapping[str, str], osn_cidr: Any, nsg_ids: Mapping[str, Any] | None) -> tuple[Any, str]:
    if rule.peer == "osn":
        return osn_cidr, "SERVICE_CIDR_BLOCK"
    if rule.peer == "cidr":
        return rule.cidr, "CIDR_BLOCK"
    if nsg_ids is not None:
        return nsg_ids[rule.peer], "NETWORK_SECURITY_GROUP"
    return cidrs[rule.peer], "CIDR_BLOCK"


def security_list_rules(
    rules: list[NetRule], spec: NetworkSpec, osn_cidr: Any
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Render ``rules`` as security-list arguments per subnet role.

    Returns ``{role: {"ingress_security_rules": [...], "egress_security_rules": [...]}}`` for every role
    the spec creates; role peers become the peer subnet's CIDR, ``osn`` becomes ``osn_cidr`` (a
    ``SERVICE_CIDR_BLOCK``). All rules are stateful.
    """
    cidrs = subnet_cidrs(spec)
    out: dict[str, dict[str, list[dict[str, Any]]]] = {
        role: {"ingress_security_rules": [], "egress_security_rules": []} for role in roles_for(spec)
    }
    for rule in rules:
        value, kind = _peer(rule, cidrs, osn_cidr, None)
        body: dict[str, Any] = {"protocol": _protocol_number(rule), "stateless": False, "description": rule.description}
        if rule.direction == "ingress":
            body.update(source=value, source_type=kind)
            out[rule.role]["ingress_security_rules"].append({**body, **_options(rule, nsg=False)})
        else:
            body.update(destination=value, destination_type=kind)
            out[rule.role]["egress_security_rules"].append({**body, **_options(rule, nsg=False)})
    return out


def nsg_rules(
    rules: list[NetRule], spec: NetworkSpec, osn_cidr: Any, nsg_ids: Mapping[str, Any]
) -> list[tuple[NetRule, dict[str, Any]]]:
    """Render ``rules`` as NSG security-rule arguments (without ``network_security_group_id``).

    Role peers become NSG-to-NSG references through ``nsg_ids`` (role -> NSG id); ``osn`` becomes
    ``osn_cidr``; CIDR peers stay CIDR blocks. The owning NSG is ``nsg_ids[rule.role]``.
    """
    cidrs = subnet_cidrs(spec)
    out: list[tuple[NetRule, dict[str, Any]]] = []
    for rule in rules:
        value, kind = _peer(rule, cidrs, osn_cidr, nsg_ids)
        body: dict[str, Any] = {
            "direction": rule.direction.upper(),
            "protocol": _protocol_number(rule),
            "stateless": False,
            "description": rule.description,
        }
        if rule.direction == "ingress":
            body.update(source=value, source_type=kind)
        else:
            body.update(destination=value, destination_type=kind)
        out.append((rule, {**body, **_options(rule, nsg=True)}))
    return out


def osn_service(services: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """Pick "All <region> Services in Oracle Services Network" from ``oci.core.get_services`` results."""
    for svc in services:
        name = str(svc.get("name", "")).lower()
        if name.startswith("all ") and name.endswith("services in oracle services network"):
            return svc
    return None
