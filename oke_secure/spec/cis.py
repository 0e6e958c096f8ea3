"""The CIS OKE Benchmark as data: every recommendation, with this project's coverage.

Which version: the issue names CIS "Oracle Cloud Infrastructure Container Engine for Kubernetes (OKE)
Benchmark" v1.8.0 (46 recommendations). The benchmark PDF itself is licensed by CIS and not public;
the closest public list of its recommendations is kube-bench's draft configuration for OKE 1.7.0
(aquasecurity/kube-bench ``cfg/oke-1.7.0/{controlplane,node,policies,managedservices}.yaml``), which
has the same 46 ids in the same sections (2 control plane, 3 worker nodes, 4 policies, 5 managed
services). The ids, sections and the Automated/Manual assessment below follow that file; the titles
are our own short wording of each recommendation. The CIS profile level (1 or 2) is not in any
public source we found (kube-bench does not carry it), so ``level`` is ``None`` ("see the PDF")
rather than a guess. Where v1.8.0 differs from the 1.7.0 draft, update this table and nothing else.

Coverage statuses:

* ``covered`` - built by a component and checked by the named policies (each has a failing fixture
  under ``tests/policy_fixtures/<policy>/fail.py``, proved by ``tests/test_cis.py``);
* ``partial`` - some of it is built or checked; ``note`` says what is not;
* ``runtime only`` - nothing an IaC program decides (kubelet flags and files set by OKE's node
  images, an organisational process); ``note`` gives the reason and ``audit`` how to check it on a
  running cluster.

Nothing else spells a recommendation: the CLI (``oke-secure controls --framework cis-oke``), the
README table (``make readme``), the policies' compliance-framework metadata and the reports read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: The name reports and ``--framework`` use for this benchmark.
FRAMEWORK = "cis-oke"
NAME = "CIS Oracle Cloud Infrastructure Container Engine for Kubernetes (OKE) Benchmark"
VERSION = "1.8.0"
#: Where the list below was read (public); the benchmark PDF is at https://www.cisecurity.org/benchmark/oracle_cloud.
SOURCE = "aquasecurity/kube-bench cfg/oke-1.7.0 (draft config of the same 46 recommendations)"

Status = Literal["covered", "partial", "runtime only"]
STATUSES: tuple[Status, ...] = ("covered", "partial", "runtime only")

#: kube-bench run as a Job on the cluster (its OKE config); the node checks run on every worker.
KUBE_BENCH_NODE = "kube-bench run --targets node --benchmark oke-1.7.0 (as a Job on each node pool)"
KUBE_BENCH_POLICIES = "kube-bench run --targets policies --benchmark oke-1.7.0"
_NODE_REASON = (
    "set by OKE's worker node images (kubelet config /etc/kubernetes/kubelet-config.json and its systemd "
    "unit); the library changes no kubelet flag but the registration taints (NP-1)"
)


@dataclass(frozen=True)
class Recommendation:
    """One CIS OKE recommendation and how this project answers it.

    Attributes:
        id: The benchmark's number, e.g. ``4.2.1``.
        section: The benchmark section title.
        title: What the recommendation asks (our wording).
        assessment: ``Automated`` or ``Manual``, as the benchmark marks it.
        level: The CIS profile level, or ``None`` where no public source gives it.
        status: ``covered``, ``partial`` or ``runtime only``.
        controls: Catalogue ids (``oke_secure.spec.controls``) that answer it.
        policies: Names of the policies that check it on any Pulumi program.
        note: For ``partial``: what is not covered; for ``runtime only``: why nothing here can set it.
        audit: How to audit it on a running cluster.
    """

    id: str
    section: str
    title: str
    assessment: Literal["Automated", "Manual"]
    status: Status
    controls: tuple[str, ...] = ()
    policies: tuple[str, ...] = ()
    note: str = ""
    audit: str = ""
    level: int | None = None


_R = Recommendation
_CP_AUTH = "2.1 Control plane: authentication and authorization"
_CP_LOG = "2.2 Control plane: logging"
_NODE_FILES = "3.1 Worker node configuration files"
_KUBELET = "3.2 Kubelet"
_RBAC = "4.1 RBAC and service accounts"
_PSS = "4.2 Pod security"
_CNI = "4.3 CNI plugin"
_SECRETS = "4.4 Secrets management"
_GENERAL = "4.5 General policies"
_REGISTRY = "5.1 Image registry and image scanning"
_IAM = "5.2 Identity and access management"
_KMS = "5.3 Key management"
_NETWORK = "5.4 Cluster networking"
_AUTHN = "5.5 Authentication and authorization"

_SA = "k8s-service-account-no-automount"
_RBAC_SENSITIVE = "k8s-rbac-sensitive-rights"
_POD_SECURITY = "k8s-pod-security-restricted"


def _node(rid: str, section: str, title: str, check: str) -> Recommendation:
    return _R(rid, section, title, "Automated", "runtime only", note=_NODE_REASON, audit=f"{KUBE_BENCH_NODE}: {check}")


RECOMMENDATIONS: tuple[Recommendation, ...] = (
    # 2 Control plane -------------------------------------------------------------------------------
    _R(
        "2.1.1",
        _CP_AUTH,
        "Users do not authenticate with client certificates",
        "Automated",
        "partial",
        ("IAM-2", "WL-4"),
        ("oke-iam-no-broad-grants", "k8s-no-cluster-admin-binding"),
        note="OKE's kubeconfig authenticates users with short-lived OCI IAM tokens (oci ce cluster "
        "generate-token) and the library binds RBAC to OCI group OCIDs only; whether someone signs a client "
        "certificate for a user through the CSR API is seen at runtime (WL-8 flags who may approve CSRs)",
        audit="kubeconfig users use the exec plugin `oci ce cluster generate-token`; no CSR approved for users",
    ),
    _R(
        "2.2.1",
        _CP_LOG,
        "Access to the OCI Audit log for OKE is in place",
        "Manual",
        "partial",
        ("CL-7", "DT-1"),
        ("oke-control-plane-logs", "oke-cloud-guard-target"),
        note="OCI Audit records every OKE API call in the tenancy without configuration; the stack adds "
        "control-plane logs and Cloud Guard, but who may read the Audit log is tenancy IAM outside the stack",
        audit="oci audit event list --compartment-id <cluster compartment> --start-time ... (as the security team)",
    ),
    # 3 Worker nodes (managed by OKE node images) ---------------------------------------------------
    _node("3.1.1", _NODE_FILES, "kubelet kubeconfig file permissions 644 or stricter", "stat -c %a <kubeconfig>"),
    _node("3.1.2", _NODE_FILES, "kubelet kubeconfig file owned by root:root", "stat -c %U:%G <kubeconfig>"),
    _node(
        "3.1.3",
        _NODE_FILES,
        "kubelet configuration file permissions 644 or stricter",
        "stat -c %a /etc/kubernetes/kubelet-config.json",
    ),
    _node(
        "3.1.4",
        _NODE_FILES,
        "kubelet configuration file owned by root:root",
        "stat -c %U:%G /etc/kubernetes/kubelet-config.json",
    ),
    _node("3.2.1", _KUBELET, "kubelet anonymous authentication is off", "authentication.anonymous.enabled=false"),
    _node("3.2.2", _KUBELET, "kubelet authorization mode is not AlwaysAllow", "authorization mode Webhook"),
    _node("3.2.3", _KUBELET, "kubelet client CA file is set", "authentication.x509.clientCAFile"),
    _node("3.2.4", _KUBELET, "kubelet read-only port is 0", "readOnlyPort=0"),
    _node("3.2.5", _KUBELET, "kubelet streaming connection idle timeout is not 0", "streamingConnectionIdleTimeout"),
    _node("3.2.6", _KUBELET, "kubelet manages iptables util chains", "makeIPTablesUtilChains=true"),
    _node("3.2.7", _KUBELET, "kubelet event QPS keeps appropriate event capture", "eventRecordQPS"),
    _node("3.2.8", _KUBELET, "kubelet TLS certificate and key are set", "tlsCertFile, tlsPrivateKeyFile"),
    _node("3.2.9", _KUBELET, "kubelet client certificate rotation is not off", "rotateCertificates"),
    _node("3.2.10", _KUBELET, "kubelet server certificate rotation is on", "RotateKubeletServerCertificate"),
    # 4 Policies --------------------------------------------------------------------------------------
    _R(
        "4.1.1",
        _RBAC,
        "cluster-admin is bound only where required",
        "Automated",
        "covered",
        ("WL-4",),
        ("k8s-no-cluster-admin-binding",),
        audit="kubectl get clusterrolebindings -o wide | grep cluster-admin",
    ),
    _R(
        "4.1.2",
        _RBAC,
        "Access to secrets is minimal",
        "Automated",
        "covered",
        ("WL-8",),
        (_RBAC_SENSITIVE,),
        audit="kubectl auth can-i get secrets --as=<subject> -A for every bound subject",
    ),
    _R(
        "4.1.3",
        _RBAC,
        "Roles and ClusterRoles use no wildcards",
        "Automated",
        "covered",
        ("WL-4",),
        ("k8s-no-rbac-wildcards",),
        audit="kubectl get roles,clusterroles -A -o yaml | grep -n '\\*'",
    ),
    _R(
        "4.1.4",
        _RBAC,
        "Access to create pods (directly or through workload controllers) is minimal",
        "Automated",
        "covered",
        ("WL-8",),
        (_RBAC_SENSITIVE,),
        audit="kubectl auth can-i create pods --as=<subject> -n <namespace>",
    ),
    _R(
        "4.1.5",
        _RBAC,
        "Default service accounts are not actively used",
        "Automated",
        "covered",
        ("WL-5", "WL-8"),
        (_SA, _RBAC_SENSITIVE),
        audit="kubectl get sa default -A -o jsonpath='{..automountServiceAccountToken}'; no binding names them",
    ),
    _R(
        "4.1.6",
        _RBAC,
        "Service account tokens are mounted only where necessary",
        "Automated",
        "covered",
        ("WL-5",),
        (_SA, "k8s-workload-no-token-automount"),
        note="ServiceAccounts mount no token unless declared with a reason; a workload's pod mounts one (its own "
        "automountServiceAccountToken: true, or unset under an account of the program that mounts) only with "
        "the reason recorded on the workload or its account; kube-system, kube-public and kube-node-lease "
        "(the cluster's add-ons) are exempt",
        audit="kubectl get pods -A -o jsonpath='{..automountServiceAccountToken}' and the same on service accounts",
    ),
    _R(
        "4.2.1",
        _PSS,
        "Privileged containers are not admitted",
        "Automated",
        "covered",
        ("CL-3", "WL-1", "WL-9"),
        ("k8s-namespace-pod-security", _POD_SECURITY),
        audit="kubectl get ns --show-labels (pod-security.kubernetes.io/enforce=restricted)",
    ),
    _R(
        "4.2.2",
        _PSS,
        "Containers sharing the host PID namespace are not admitted",
        "Automated",
        "covered",
        ("CL-3", "WL-9"),
        ("k8s-namespace-pod-security", _POD_SECURITY),
        audit="kubectl get pods -A -o jsonpath='{..hostPID}'",
    ),
    _R(
        "4.2.3",
        _PSS,
        "Containers sharing the host IPC namespace are not admitted",
        "Automated",
        "covered",
        ("CL-3", "WL-9"),
        ("k8s-namespace-pod-security", _POD_SECURITY),
        audit="kubectl get pods -A -o jsonpath='{..hostIPC}'",
    ),
    _R(
        "4.2.4",
        _PSS,
        "Containers sharing the host network namespace are not admitted",
        "Automated",
        "covered",
        ("CL-3", "WL-9"),
        ("k8s-namespace-pod-security", _POD_SECURITY),
        audit="kubectl get pods -A -o jsonpath='{..hostNetwork}'",
    ),
    _R(
        "4.2.5",
        _PSS,
        "Containers allowing privilege escalation are not admitted",
        "Automated",
        "covered",
        ("CL-3", "WL-9"),
        ("k8s-namespace-pod-security", _POD_SECURITY),
        audit="kubectl get pods -A -o jsonpath='{..allowPrivilegeEscalation}'",
    ),
    _R(
        "4.3.1",
        _CNI,
        "The CNI in use is a current version",
        "Automated",
        "partial",
        ("NET-8",),
        (),
        note="the policy engine (Calico) is pinned to a release supporting the cluster's Kubernetes minors; "
        "OKE's own CNI (flannel or OCI VCN-native) is an OKE-managed add-on updated with the cluster, and "
        "whether a version is the latest is a question for the running cluster, not a preview",
        audit="kubectl -n kube-system get ds -o wide (CNI and calico-node images) against the release notes",
    ),
    _R(
        "4.3.2",
        _CNI,
        "Every namespace has network policies",
        "Automated",
        "covered",
        ("NET-8", "WL-2", "WL-7"),
        ("k8s-namespace-default-deny", "k8s-default-namespace-locked"),
        audit="kubectl get networkpolicy -A; every namespace but kube-system has a default deny",
    ),
    _R(
        "4.4.1",
        _SECRETS,
        "Secrets are read as files, not environment variables",
        "Automated",
        "covered",
        ("AC-2",),
        ("k8s-secrets-not-in-env", "k8s-no-static-credentials"),
        note="no container of a workload reads a Secret through env valueFrom.secretKeyRef or envFrom.secretRef "
        "without a recorded reason; secret-looking literal env values and Secrets with literal data are refused",
        audit="kubectl get pods -A -o jsonpath='{..env[*].valueFrom.secretKeyRef}' and '{..envFrom[*].secretRef}'",
    ),
    _R(
        "4.4.2",
        _SECRETS,
        "External secret storage is considered",
        "Manual",
        "covered",
        ("CL-4", "AC-2", "IAM-4"),
        ("oke-secrets-encrypted-with-kms", "k8s-vault-secrets-workload-identity"),
        audit="oci ce cluster get --cluster-id <id> (kmsKeyId set); SecretProviderClass objects use OCI Vault",
    ),
    _R(
        "4.5.1",
        _GENERAL,
        "Namespaces are administrative boundaries",
        "Manual",
        "covered",
        ("WL-1", "WL-3", "WL-4", "NP-1"),
        ("k8s-namespace-pod-security", "k8s-namespace-quota-and-limits"),
        audit="kubectl get ns; each team namespace has its labels, quota and RoleBindings",
    ),
    _R(
        "4.5.2",
        _GENERAL,
        "Pods and containers carry a security context",
        "Manual",
        "covered",
        ("WL-9",),
        (_POD_SECURITY,),
        audit="kubectl get pods -A -o jsonpath='{..securityContext}'",
    ),
    _R(
        "4.5.3",
        _GENERAL,
        "The default namespace is not used",
        "Automated",
        "covered",
        ("WL-7",),
        ("k8s-default-namespace-locked",),
        audit="kubectl get all -n default (only the kubernetes service)",
    ),
    # 5 Managed services ------------------------------------------------------------------------------
    _R(
        "5.1.1",
        _REGISTRY,
        "Penetration and vulnerability testing follows Oracle's testing policy",
        "Manual",
        "runtime only",
        note="an organisational process (Oracle Cloud Security Testing notification), not configuration",
        audit="Oracle Cloud Security Testing Policy: notify before testing",
    ),
    _R(
        "5.1.2",
        _REGISTRY,
        "User access to Container Engine for Kubernetes is minimal",
        "Manual",
        "covered",
        ("IAM-2",),
        ("oke-iam-no-broad-grants",),
        audit="oci iam policy list: humans have `use clusters` only, in the cluster compartment",
    ),
    _R(
        "5.1.3",
        _REGISTRY,
        "Cluster access is read-only where possible",
        "Manual",
        "covered",
        ("IAM-2", "WL-4", "WL-8"),
        ("oke-iam-no-broad-grants", _RBAC_SENSITIVE),
        audit="kubectl get rolebindings -A -o wide (view role unless a group needs more)",
    ),
    _R(
        "5.1.4",
        _REGISTRY,
        "Images come only from approved registries",
        "Manual",
        "covered",
        ("CL-5", "SC-1", "WL-6"),
        ("k8s-images-pinned-by-digest", "k8s-admission-policies-present", "oke-image-signature-verification"),
        audit="kubectl get validatingadmissionpolicies; oci ce cluster get (imagePolicyConfig.isPolicyEnabled)",
    ),
    _R(
        "5.2.1",
        _IAM,
        "Dedicated service accounts are preferred",
        "Automated",
        "covered",
        ("WL-5", "WL-8", "IAM-4"),
        (_SA, _RBAC_SENSITIVE, "oke-workload-identity-conditions"),
        audit="kubectl get pods -A -o jsonpath='{..serviceAccountName}' (not default)",
    ),
    _R(
        "5.3.1",
        _KMS,
        "Kubernetes secrets are encrypted at rest with a KMS key",
        "Manual",
        "covered",
        ("CL-4",),
        ("oke-secrets-encrypted-with-kms",),
        audit='oci ce cluster get --cluster-id <id> --query data."kms-key-id"',
    ),
    _R(
        "5.4.1",
        _NETWORK,
        "Access to the control plane endpoint is restricted",
        "Automated",
        "covered",
        ("NET-1", "NET-5", "AC-1"),
        ("oke-private-api-endpoint", "oke-no-open-ingress", "oke-bastion-allow-list"),
        audit="oci ce cluster get (endpointConfig); NSG rules of the API endpoint",
    ),
    _R(
        "5.4.2",
        _NETWORK,
        "The cluster has a private endpoint and no public access",
        "Automated",
        "covered",
        ("NET-1",),
        ("oke-private-api-endpoint", "oke-endpoint-subnet-private"),
        audit='oci ce cluster get --query data."endpoint-config"."is-public-ip-enabled" (false)',
    ),
    _R(
        "5.4.3",
        _NETWORK,
        "Nodes are private",
        "Automated",
        "covered",
        ("NET-2", "NP-4"),
        ("oke-node-subnets-private", "oke-pool-no-ssh-key"),
        audit="oci network subnet get (prohibitPublicIpOnVnic) for every node pool subnet",
    ),
    _R(
        "5.4.4",
        _NETWORK,
        "Network policy is enabled and set as appropriate",
        "Automated",
        "covered",
        ("NET-8", "WL-2"),
        ("k8s-namespace-default-deny", "k8s-calico-matches-cni"),
        audit="kubectl -n kube-system get ds calico-node; kubectl get networkpolicy -A",
    ),
    _R(
        "5.4.5",
        _NETWORK,
        "Traffic to HTTPS load balancers is encrypted with TLS certificates",
        "Manual",
        "covered",
        ("NET-10",),
        ("k8s-load-balancer-hardened",),
        audit="oci lb listener list: protocol HTTP with sslConfiguration (certificateIds, TLSv1.2+ cipher suite)",
    ),
    _R(
        "5.5.1",
        _AUTHN,
        "Access to the cluster is controlled through OCI IAM and Kubernetes RBAC",
        "Manual",
        "covered",
        ("IAM-2", "WL-4"),
        ("oke-iam-no-broad-grants", "k8s-no-cluster-admin-binding"),
        audit="kubectl get clusterrolebindings,rolebindings -A -o wide (subjects are OCI group/user OCIDs)",
    ),
)

BY_ID: dict[str, Recommendation] = {r.id: r for r in RECOMMENDATIONS}


def for_policy(policy_name: str) -> tuple[str, ...]:
    """The recommendation ids whose check names ``policy_name`` (the policy's framework reference)."""
    return tuple(r.id for r in RECOMMENDATIONS if policy_name in r.policies)


def counts() -> dict[str, int]:
    """How many recommendations have each status."""
    return {s: sum(1 for r in RECOMMENDATIONS if r.status == s) for s in STATUSES}
