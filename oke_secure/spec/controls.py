"""The control catalogue as data; ``docs/CONTROLS.md`` is generated from it (``make docs``).

Every control has a stable id. Components cite the ids they build, policies cite the ids they
check, tests cite the ids they prove, and the README table is generated from this module. Keep this
file the single source of truth: nothing else spells a control's text.
"""

from __future__ import annotations

from dataclasses import dataclass

ORACLE = "Oracle, Securing Container Engine for Kubernetes"
LAYERS = "OKE Security Best Practices (five layers)"
CIS = "CIS Oracle Cloud Infrastructure Container Engine for Kubernetes (OKE) Benchmark v1.8.0"
NETDOC = "Oracle, Network Resource Configuration for Cluster Creation and Deployment"


@dataclass(frozen=True)
class Control:
    """One hardening control.

    Attributes:
        id: Stable identifier such as ``NET-1``; never reused or renumbered.
        layer: The catalogue section the control belongs to.
        title: What is true when the control holds.
        source: The seed document(s) the control comes from.
        built_by: The component(s) that make it true by construction.
        checked_by: What the policy pack checks on any Pulumi program.
    """

    id: str
    layer: str
    title: str
    source: str
    built_by: str
    checked_by: str


_C = Control

CONTROLS: tuple[Control, ...] = (
    # Cloud control (OCI IAM, compartments)
    _C(
        "IAM-1",
        "Cloud control",
        "The cluster lives in a dedicated compartment (created, or given); nothing in the tenancy root",
        f"{LAYERS}; {ORACLE}",
        "stack / IAM component",
        "no OKE/network resource has compartment_id = tenancy OCID",
    ),
    _C(
        "IAM-2",
        "Cloud control",
        "Humans get only `use clusters` (and what they declare) in the cluster "
        "compartment; Kubernetes rights come from RBAC bound to group OCIDs",
        f"{ORACLE}; {LAYERS}",
        "IAM component + k8s baseline",
        "no policy statement grants manage all-resources / manage cluster-family in tenancy",
    ),
    _C(
        "IAM-3",
        "Cloud control",
        "Each workload node pool has its own dynamic group matching only that "
        "pool's instances (compartment + defined tag), and a policy granting only that workload's "
        "declared permissions, scoped with `where` conditions when possible",
        ORACLE,
        "node-pool component",
        "dynamic-group rules never tenancy-wide; no dynamic group shared by two pools; no manage all-resources",
    ),
    _C(
        "IAM-4",
        "Cloud control",
        "Pods use OKE workload identity (enhanced cluster); policies scoped to "
        "request.principal.type='workload' + namespace + service account + cluster id",
        ORACLE,
        "IAM / workload component",
        "workload-identity statements carry all four conditions",
    ),
    _C(
        "IAM-5",
        "Cloud control",
        "Service-to-service policies are scoped: cluster -> its KMS key "
        "(target.key.id), node pools -> key-delegates, cluster -> NSGs only in the network compartment",
        ORACLE,
        "cluster + keys components",
        "key policies name the key",
    ),
    # Network
    _C(
        "NET-1",
        "Network",
        "Private Kubernetes API endpoint: is_public_ip_enabled=false, in a private regional subnet, with an NSG",
        f"{LAYERS}; {NETDOC}",
        "cluster + network",
        "cluster endpoint not public; endpoint subnet private",
    ),
    _C(
        "NET-2",
        "Network",
        "Worker (and pod) subnets are private: prohibit_public_ip_on_vnic=true, prohibit_internet_ingress=true",
        f"{ORACLE}; {NETDOC}",
        "network",
        "node pools only in private subnets (a subnet is private when either flag makes it so, as the provider "
        "defines them)",
    ),
    _C(
        "NET-3",
        "Network",
        "A service gateway to All services in Oracle Services Network; private "
        "route tables send that service CIDR to it",
        NETDOC,
        "network",
        "private route tables of worker, pod and API subnets route the Oracle services CIDR to a service gateway "
        "(route tables attached through RouteTableAttachment too)",
    ),
    _C(
        "NET-4",
        "Network",
        "Outbound-only internet through a NAT gateway (on by default; "
        "internet_egress: false removes it); never an internet gateway unless a public load-balancer "
        "subnet is explicitly requested",
        NETDOC,
        "network",
        "IGW only with an explicit public LB subnet; private route tables never point at an IGW",
    ),
    _C(
        "NET-5",
        "Network",
        "Only the minimum security rules of docs/NETWORK-RULES.md for the chosen CNI; the "
        "VCN's default security list is emptied; no ingress from 0.0.0.0/0 except ICMP 3/4 and declared "
        "public-LB listener ports",
        NETDOC,
        "network",
        "no 0.0.0.0/0 ingress on API, worker or pod subnets/NSGs; no SSH/RDP from anywhere",
    ),
    _C(
        "NET-6",
        "Network",
        "Load balancers are internal by default; service_lb_subnet_ids never names a "
        "worker subnet; a public LB subnet only by explicit opt-in with allowed CIDRs and ports",
        f"{NETDOC}; {LAYERS}",
        "network + cluster",
        "cluster LB subnets are not worker subnets",
    ),
    _C(
        "NET-7",
        "Network",
        "Containers cannot reach instance metadata (169.254.169.254): default-deny "
        "egress with no grant to it in every namespace, and a node-level iptables rule in each pool's cloud-init "
        "that matches the pod interfaces of the cluster's CNI and drops IMDS without cutting pods off the VCN "
        "resolver; only a pool declared to need instance principals is exempt: it is dedicated, and only its "
        "namespaces get an explicit grant",
        ORACLE,
        "node-pool + k8s baseline",
        "pools without declared instance-principal need carry an effective (not commented-out) rule",
    ),
    _C(
        "NET-8",
        "Network",
        "NetworkPolicy is actually enforced: a policy engine (Calico) configured for "
        "the cluster's CNI; every managed namespace has a default-deny policy plus DNS egress and only the egress "
        "its spec declares (no allow-all egress without a written reason)",
        f"{LAYERS}; {ORACLE}",
        "k8s baseline",
        "every Namespace has a default-deny NetworkPolicy; no policy admits 0.0.0.0/0 egress without a recorded "
        "exception",
    ),
    _C("NET-9", "Network", "VCN flow logs for every subnet", LAYERS, "network", "flow log per subnet (advisory)"),
    # Cluster
    _C(
        "CL-1",
        "Cluster",
        "Enhanced cluster (needed for workload identity, node cycling, virtual nodes)",
        ORACLE,
        "cluster",
        "cluster type is ENHANCED_CLUSTER",
    ),
    _C(
        "CL-2",
        "Cluster",
        "Kubernetes Dashboard and Tiller add-ons disabled explicitly; no KubernetesDashboard add-on resource",
        ORACLE,
        "cluster",
        "add-ons false; no Dashboard Addon",
    ),
    _C(
        "CL-3",
        "Cluster",
        "PodSecurityPolicy off; Pod Security Admission through namespace labels "
        "(enforce/audit/warn = restricted, pinned versions); baseline only by a recorded exception; "
        "kube-system untouched",
        ORACLE,
        "cluster + k8s baseline",
        "PSP flag not true; every Namespace enforces restricted (or baseline with an exception annotation)",
    ),
    _C(
        "CL-4",
        "Cluster",
        "Kubernetes secrets encrypted with a customer-managed key in an OCI Vault; "
        "vault and keys protected against deletion",
        f"{ORACLE}; {LAYERS}",
        "keys + cluster",
        "cluster kms_key_id set",
    ),
    _C(
        "CL-5",
        "Cluster",
        "Image signature verification with an RSA KMS key; containers (init and "
        "ephemeral too) pinned by digest; images only from allowed registries, named down to the tenancy's OCIR "
        "namespace",
        f"{ORACLE}; {LAYERS}",
        "cluster + k8s baseline (admission policies)",
        "image policy on; k8s workloads use @sha256: images",
    ),
    _C(
        "CL-6",
        "Cluster",
        "A supported, pinned Kubernetes version (1.30 or newer); node pools never ahead "
        "of the control plane, at most 3 minors behind",
        f"{ORACLE}; {LAYERS}",
        "spec validation",
        "version floor",
    ),
    _C("CL-7", "Cluster", "Control-plane logs sent to an OCI log group", LAYERS, "cluster / detection", "(advisory)"),
    # Node pools
    _C(
        "NP-1",
        "Node pools",
        "One node pool per workload (or trust group): node labels + kubelet taints "
        "(--register-with-taints in cloud-init; managed node pools have no taint field) so only that workload "
        "schedules there; the system pool is tainted for cluster add-ons only",
        ORACLE,
        "node-pool",
        "every pool carries a dedicated label with a matching NoSchedule taint (any key: the control names none)",
    ),
    _C(
        "NP-2",
        "Node pools",
        "Legacy IMDS v1 endpoints disabled (node_metadata areLegacyImdsEndpointsDisabled=true)",
        ORACLE,
        "node-pool",
        "set on every node pool",
    ),
    _C(
        "NP-3",
        "Node pools",
        "In-transit encryption of boot and block volumes; boot volumes encrypted with a customer-managed key",
        f"{ORACLE}; {LAYERS}",
        "node-pool + keys",
        "is_pv_encryption_in_transit_enabled; kms_key_id",
    ),
    _C(
        "NP-4",
        "Node pools",
        "No SSH key and no public IP on nodes by default",
        f"{ORACLE}; {LAYERS}",
        "node-pool",
        "no ssh_public_key unless an exception is declared",
    ),
    _C(
        "NP-5",
        "Node pools",
        "Node cycling on, so image and version updates roll nodes (patching)",
        LAYERS,
        "node-pool",
        "cycling enabled (advisory)",
    ),
    _C(
        "NP-6",
        "Node pools",
        "Preemptible capacity only in dedicated pools; only namespaces that opt in may tolerate the preemptible taint",
        ORACLE,
        "node-pool + k8s baseline",
        "preemptible pools are dedicated",
    ),
    _C(
        "NP-7",
        "Node pools",
        "Workloads of different trust (dev and prod, control and data plane, "
        "arbitrary customer code) never share a cluster: the spec refuses it and points to a second stack",
        ORACLE,
        "spec validation",
        "(spec level)",
    ),
    # Workloads
    _C(
        "WL-1",
        "Workloads",
        "Every managed namespace carries Pod Security labels (CL-3)",
        f"{ORACLE}; {LAYERS}",
        "k8s baseline",
        "every Namespace carries the labels",
    ),
    _C(
        "WL-2",
        "Workloads",
        "Default-deny NetworkPolicy + DNS egress + metadata block (NET-7/8)",
        LAYERS,
        "k8s baseline",
        "default-deny present",
    ),
    _C(
        "WL-3",
        "Workloads",
        "ResourceQuota and LimitRange in every managed namespace; services.loadbalancers 0 unless allowed",
        LAYERS,
        "k8s baseline",
        "quota and limit range present",
    ),
    _C(
        "WL-4",
        "Workloads",
        "RBAC: namespace Roles/RoleBindings to OCI group/user OCIDs; no wildcards; no "
        "cluster-admin binding except a declared break-glass group",
        f"{ORACLE}; {LAYERS}",
        "k8s baseline",
        "no wildcard verbs/resources; no cluster-admin binding",
    ),
    _C(
        "WL-5",
        "Workloads",
        "ServiceAccounts and workload pods do not automount API tokens unless declared with a reason",
        LAYERS,
        "k8s baseline",
        "automountServiceAccountToken false on ServiceAccounts, and on pods unless their account turns it off",
    ),
    _C(
        "WL-6",
        "Workloads",
        "Admission policies (ValidatingAdmissionPolicy, CEL): PSA labels, images by "
        "digest from allowed registries, LoadBalancer services internal unless allowed, preemptible "
        "toleration only with opt-in",
        f"{ORACLE}; {LAYERS}",
        "k8s baseline",
        "the policies and bindings exist",
    ),
    # Supply chain, access, detection, data
    _C(
        "SC-1",
        "Supply chain",
        "Private, immutable OCIR repositories; no repository created implicitly on push",
        LAYERS,
        "registry",
        "repos not public",
    ),
    _C(
        "SC-2",
        "Supply chain",
        "Vulnerability scanning of those repositories (scan recipe + target)",
        LAYERS,
        "registry",
        "(advisory)",
    ),
    _C(
        "AC-1",
        "Access",
        "Access to the private endpoint through the OCI Bastion service, port forwarding "
        "to 6443, allow-listed client CIDRs, short session TTL",
        LAYERS,
        "access",
        "bastion allow-list is not 0.0.0.0/0",
    ),
    _C(
        "AC-2",
        "Access",
        "kubeconfig and every credential are Pulumi secrets; no static credential in any pod; Secrets reach "
        "containers as files, not environment variables",
        f"{ORACLE}; {LAYERS}",
        "cluster + baseline",
        "outputs secret (test); no Secret with literal data, no secret-looking env value and no Secret read "
        "through env or envFrom in workloads",
    ),
    _C(
        "DT-1",
        "Detection",
        "Cloud Guard target on the compartment; OKE control-plane logs; flow logs",
        LAYERS,
        "detection",
        "(advisory)",
    ),
    _C(
        "DS-1",
        "Data",
        "Nothing that holds data is lost by a careless destroy or change: vault and keys "
        "protected, replace-on-change of the cluster avoided",
        LAYERS,
        "keys + cluster",
        "vault/key protected",
    ),
    # Added 2026-12 (CIS OKE v1.8 gaps and deploy-readiness)
    _C(
        "WL-7",
        "Workloads",
        "The default namespace is locked down: Pod Security restricted, default deny, and "
        "no workloads (zero-pod quota or an admission rule), unless a recorded exception opts it back in "
        "(CIS OKE 4.5.3)",
        CIS,
        "k8s baseline",
        "yes",
    ),
    _C(
        "WL-8",
        "Workloads",
        "No sensitive RBAC right without a recorded exception: reading secrets, creating "
        "pods (directly or through workload controllers), bind/escalate/impersonate, nodes/proxy, CSR approval, "
        "admission webhook or policy configuration, service-account token creation; no binding of "
        "system:masters, system:anonymous, system:unauthenticated or a namespace's default service account "
        "(CIS OKE 4.1.x)",
        CIS,
        "k8s baseline",
        "yes",
    ),
    _C(
        "WL-9",
        "Workloads",
        "Every workload object a program creates meets the Pod Security restricted profile "
        "(no privileged, host namespaces, hostPath, privilege escalation, root user, added capabilities; seccomp "
        "RuntimeDefault), checked before deploy so that preview and admission agree (CIS OKE 4.2.x)",
        CIS,
        "k8s baseline",
        "yes, on any program",
    ),
    _C(
        "NET-10",
        "Network",
        "Load balancers: the LB NSG attached through service annotations with NSG rule "
        "management (required of every LoadBalancer Service by admission), TLS listeners with certificates "
        "from OCI Certificates and a TLS 1.2+ cipher suite, source "
        "ranges for public ones (CIS OKE 5.4.5)",
        CIS,
        "network + k8s baseline",
        "LoadBalancer services carry them",
    ),
    _C(
        "DEP-1",
        "Deployment",
        "IAM resources (compartments, dynamic groups, policies, tag namespaces) are "
        "created through a provider in the tenancy's home region",
        ORACLE,
        "stack",
        "yes",
    ),
    _C(
        "DEP-2",
        "Deployment",
        "Every prerequisite Oracle documents exists and precedes its dependent: key "
        "policies before the cluster and pools, the virtual-node endorsement before virtual pools, Bastion "
        "session rights for the people told to use it",
        ORACLE,
        "stack",
        "yes (graph rules, cited)",
    ),
    _C(
        "DEP-3",
        "Deployment",
        "The Kubernetes layer of a private cluster is applied from where the endpoint is "
        "reachable (a runner in the VCN, or a Bastion port-forwarding session), as a separate stage",
        ORACLE,
        "stacks + CLI",
        "documented and tested offline",
    ),
)

BY_ID: dict[str, Control] = {c.id: c for c in CONTROLS}


def get(control_id: str) -> Control:
    """Return the control with ``control_id`` or raise ``KeyError`` naming the known ids."""
    try:
        return BY_ID[control_id]
    except KeyError:
        raise KeyError(f"unknown control id {control_id!r}; known ids: {', '.join(BY_ID)}") from None
