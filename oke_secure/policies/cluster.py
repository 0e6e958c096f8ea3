"""Policies on the OKE cluster itself: NET-1, CL-1, CL-2, CL-3 (PSP flag), CL-4, CL-5, CL-6, CL-7, IAM-1."""

from __future__ import annotations

import re

from pulumi_policy import PolicyResource, ResourceValidationArgs, StackValidationArgs

from oke_secure.policies import types as T
from oke_secure.policies._base import (
    ADVISORY,
    Report,
    StackIndex,
    StackReport,
    deciding,
    get,
    peek,
    present,
    resource_policy,
    stack_policy,
)
from oke_secure.spec import MAX_POOL_SKEW, VERSION_FLOOR

#: OCI Logging service name of the OKE control-plane logs (CL-7).
CONTROL_PLANE_LOG_SERVICE = "oke-k8s-cp-prod"
_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?$")


def _minor(version: object) -> tuple[int, int] | None:
    m = _VERSION.match(version) if isinstance(version, str) else None
    return (int(m.group(1)), int(m.group(2))) if m else None


@resource_policy(
    name="oke-private-api-endpoint",
    controls=["NET-1"],
    types=[T.CLUSTER],
    description="The Kubernetes API endpoint has no public IP and sits in a subnet.",
    remediation="Set endpoint_config.is_public_ip_enabled=false and a private subnet_id; reach it through the Bastion.",
)
def private_api_endpoint(args: ResourceValidationArgs, report: Report) -> None:
    endpoint = get(args.props, "endpointConfig")
    if not endpoint:
        report("the cluster has no endpoint_config, so its API endpoint is not in a private VCN subnet (NET-1)")
        return
    if get(endpoint, "isPublicIpEnabled", False) is not False:
        report("the Kubernetes API endpoint has a public IP (endpoint_config.is_public_ip_enabled=true) (NET-1)")
    if not present(endpoint, "nsgIds"):
        report("the Kubernetes API endpoint has no network security group (endpoint_config.nsg_ids) (NET-1)")


@resource_policy(
    name="oke-enhanced-cluster",
    controls=["CL-1"],
    types=[T.CLUSTER],
    description="The cluster is an ENHANCED_CLUSTER (workload identity, node cycling, virtual nodes).",
    remediation="Set type='ENHANCED_CLUSTER'.",
)
def enhanced_cluster(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "type") != "ENHANCED_CLUSTER":
        kind = get(args.props, "type", "BASIC_CLUSTER (default)")
        report(f"cluster type is {kind}, not ENHANCED_CLUSTER (CL-1)")


@resource_policy(
    name="oke-no-dashboard-or-tiller",
    controls=["CL-2"],
    types=[T.CLUSTER, T.ADDON],
    description="The Kubernetes Dashboard and Tiller add-ons are explicitly disabled.",
    remediation="Set options.add_ons.is_kubernetes_dashboard_enabled=false and is_tiller_enabled=false; "
    "remove any KubernetesDashboard Addon.",
)
def no_dashboard(args: ResourceValidationArgs, report: Report) -> None:
    if args.resource_type == T.ADDON:
        if str(get(args.props, "addonName", "")).lower() == "kubernetesdashboard":
            report("a KubernetesDashboard add-on is installed (CL-2)")
        return
    add_ons = get(args.props, "options.addOns", {})
    for key, label in (("isKubernetesDashboardEnabled", "Dashboard"), ("isTillerEnabled", "Tiller")):
        if get(add_ons, key) is not False:
            report(f"the {label} add-on is not explicitly disabled (options.add_ons.{key}) (CL-2)")


@resource_policy(
    name="oke-no-pod-security-policy",
    controls=["CL-3"],
    types=[T.CLUSTER],
    description="The removed PodSecurityPolicy admission controller is not enabled; Pod Security Admission is used.",
    remediation="Remove options.admission_controller_options.is_pod_security_policy_enabled or set it false.",
)
def no_psp(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "options.admissionControllerOptions.isPodSecurityPolicyEnabled") is True:
        report("PodSecurityPolicy is enabled; it was removed in Kubernetes 1.25 (CL-3)")


@resource_policy(
    name="oke-secrets-encrypted-with-kms",
    controls=["CL-4"],
    types=[T.CLUSTER],
    description="Kubernetes secrets are encrypted with a customer-managed Vault key.",
    remediation="Set kms_key_id to an AES key in an OCI Vault.",
)
def secrets_kms(args: ResourceValidationArgs, report: Report) -> None:
    # Only "is a key named" matters here: a key created in the same stack has an unknown id at a first preview.
    if not present(args.props, "kmsKeyId"):
        report("the cluster has no kms_key_id: Kubernetes secrets are not encrypted with a customer-managed key (CL-4)")


@resource_policy(
    name="oke-image-signature-verification",
    controls=["CL-5"],
    types=[T.CLUSTER],
    description="Image signature verification is on, with an RSA key from the Vault.",
    remediation="Set image_policy_config.is_policy_enabled=true with key_details[].kms_key_id.",
)
def image_policy(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "imagePolicyConfig.isPolicyEnabled") is not True:
        report("image signature verification is off (image_policy_config.is_policy_enabled) (CL-5)")
    elif not any(present(k, "kmsKeyId") for k in peek(args.props, "imagePolicyConfig.keyDetails", []) or []):
        report("image signature verification names no KMS key (image_policy_config.key_details) (CL-5)")


@resource_policy(
    name="oke-not-in-tenancy-root",
    controls=["IAM-1"],
    types=list(T.OKE_AND_NETWORK),
    description="OKE, network and key resources live in a dedicated compartment, never the tenancy root.",
    remediation="Create a compartment for the cluster and pass its OCID as compartment_id.",
)
def not_in_root(args: ResourceValidationArgs, report: Report) -> None:
    # An unknown compartment id is a compartment created by the program, never the tenancy root (whose
    # OCID a program can only give as a literal or from config or an invoke, all known at preview).
    compartment = peek(args.props, "compartmentId", "")
    if isinstance(compartment, str) and compartment.startswith("ocid1.tenancy."):
        report(f"{args.resource_type.split(':')[-1]} is in the tenancy root compartment (IAM-1)")


@resource_policy(
    name="oke-kubernetes-version-floor",
    controls=["CL-6"],
    types=[T.CLUSTER, T.NODE_POOL, T.VIRTUAL_NODE_POOL],
    description=f"Clusters and node pools run a pinned Kubernetes version, "
    f"v{VERSION_FLOOR[0]}.{VERSION_FLOOR[1]} or newer.",
    remediation="Pin kubernetes_version to a supported vMAJOR.MINOR.PATCH at or above the floor.",
)
def version_floor(args: ResourceValidationArgs, report: Report) -> None:
    version = get(args.props, "kubernetesVersion")
    floor = f"v{VERSION_FLOOR[0]}.{VERSION_FLOOR[1]}"
    if version is None:
        if args.resource_type == T.CLUSTER:
            report("the cluster pins no kubernetes_version (CL-6)")
        return
    minor = _minor(version)
    if minor is None:
        report(f"kubernetes_version {version!r} is not a pinned vMAJOR.MINOR.PATCH version (CL-6)")
    elif minor < VERSION_FLOOR:
        report(f"kubernetes_version {version} is older than the supported floor {floor} (CL-6)")


@stack_policy(
    name="oke-node-pool-version-skew",
    controls=["CL-6"],
    description=f"Node pools are never ahead of their cluster and at most {MAX_POOL_SKEW} minor versions behind.",
    remediation="Upgrade the control plane first, then the pools; keep pools within three minors of it.",
)
def version_skew(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    for pool in index.of_type(T.NODE_POOL, T.VIRTUAL_NODE_POOL):
        with deciding(pool):
            _judge_skew(index, pool, report)


def _judge_skew(index: StackIndex, pool: PolicyResource, report: StackReport) -> None:
    pv = _minor(get(pool.props, "kubernetesVersion"))
    if pv is None:
        return
    for cluster in index.refs(pool, "clusterId", T.CLUSTER):
        cv = _minor(get(cluster.props, "kubernetesVersion"))
        if cv is None:
            continue
        pool_version = get(pool.props, "kubernetesVersion")
        if pv > cv:
            report(
                f"node pool {pool.name} runs {pool_version}, ahead of its cluster {cluster.name} at "
                f"{get(cluster.props, 'kubernetesVersion')} (CL-6)",
                pool.urn,
            )
        elif pv[0] != cv[0] or cv[1] - pv[1] > MAX_POOL_SKEW:
            report(
                f"node pool {pool.name} runs {pool_version}, more than {MAX_POOL_SKEW} minor versions "
                f"behind its cluster {cluster.name} (CL-6)",
                pool.urn,
            )


@stack_policy(
    name="oke-control-plane-logs",
    controls=["CL-7", "DT-1"],
    enforcement=ADVISORY,
    description="Every cluster sends its control-plane logs to an OCI log group.",
    remediation="Add an oci.logging.Log of type SERVICE with source service 'oke-k8s-cp-prod', category "
    "'all-service-logs' and resource = the cluster's id.",
)
def control_plane_logs(args: StackValidationArgs, index: StackIndex, report: StackReport) -> None:
    logged: set[str] = set()
    for log in index.of_type(T.LOG):
        if str(peek(log.props, "configuration.source.service", "")).lower() != CONTROL_PLANE_LOG_SERVICE:
            continue
        if peek(log.props, "isEnabled") is False:
            continue
        with deciding(log):
            # The log names the cluster by id (unknown at a first preview); its dependency names it then.
            logged.update(c.urn for c in index.refs(log, "configuration", T.CLUSTER))
    for cluster in index.of_type(T.CLUSTER):
        if cluster.urn not in logged:
            report(
                f"cluster {cluster.name} sends no control-plane logs to a log group (service "
                f"{CONTROL_PLANE_LOG_SERVICE}) (CL-7)",
                cluster.urn,
            )
