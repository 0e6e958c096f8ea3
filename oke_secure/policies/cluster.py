"""Policies on the OKE cluster itself: NET-1, CL-1, CL-2, CL-3 (PSP flag), CL-4, CL-5, IAM-1."""

from __future__ import annotations

from pulumi_policy import ResourceValidationArgs

from . import types as T
from ._base import Report, get, resource_policy


@resource_policy(
    name="oke-private-api-endpoint", controls=["NET-1"], types=[T.CLUSTER],
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
    if not get(endpoint, "nsgIds"):
        report("the Kubernetes API endpoint has no network security group (endpoint_config.nsg_ids) (NET-1)")


@resource_policy(
    name="oke-enhanced-cluster", controls=["CL-1"], types=[T.CLUSTER],
    description="The cluster is an ENHANCED_CLUSTER (workload identity, node cycling, virtual nodes).",
    remediation="Set type='ENHANCED_CLUSTER'.",
)
def enhanced_cluster(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "type") != "ENHANCED_CLUSTER":
        report(f"cluster type is {get(args.props, 'type', 'BASIC_CLUSTER (default)')}, not ENHANCED_CLUSTER (CL-1)")


@resource_policy(
    name="oke-no-dashboard-or-tiller", controls=["CL-2"], types=[T.CLUSTER, T.ADDON],
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
    name="oke-no-pod-security-policy", controls=["CL-3"], types=[T.CLUSTER],
    description="The removed PodSecurityPolicy admission controller is not enabled; Pod Security Admission is used.",
    remediation="Remove options.admission_controller_options.is_pod_security_policy_enabled or set it false.",
)
def no_psp(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "options.admissionControllerOptions.isPodSecurityPolicyEnabled") is True:
        report("PodSecurityPolicy is enabled; it was removed in Kubernetes 1.25 (CL-3)")


@resource_policy(
    name="oke-secrets-encrypted-with-kms", controls=["CL-4"], types=[T.CLUSTER],
    description="Kubernetes secrets are encrypted with a customer-managed Vault key.",
    remediation="Set kms_key_id to an AES key in an OCI Vault.",
)
def secrets_kms(args: ResourceValidationArgs, report: Report) -> None:
    if not get(args.props, "kmsKeyId"):
        report("the cluster has no kms_key_id: Kubernetes secrets are not encrypted with a customer-managed key (CL-4)")


@resource_policy(
    name="oke-image-signature-verification", controls=["CL-5"], types=[T.CLUSTER],
    description="Image signature verification is on, with an RSA key from the Vault.",
    remediation="Set image_policy_config.is_policy_enabled=true with key_details[].kms_key_id.",
)
def image_policy(args: ResourceValidationArgs, report: Report) -> None:
    if get(args.props, "imagePolicyConfig.isPolicyEnabled") is not True:
        report("image signature verification is off (image_policy_config.is_policy_enabled) (CL-5)")
    elif not any(get(k, "kmsKeyId") for k in get(args.props, "imagePolicyConfig.keyDetails", []) or []):
        report("image signature verification names no KMS key (image_policy_config.key_details) (CL-5)")


@resource_policy(
    name="oke-not-in-tenancy-root", controls=["IAM-1"], types=list(T.OKE_AND_NETWORK),
    description="OKE, network and key resources live in a dedicated compartment, never the tenancy root.",
    remediation="Create a compartment for the cluster and pass its OCID as compartment_id.",
)
def not_in_root(args: ResourceValidationArgs, report: Report) -> None:
    compartment = get(args.props, "compartmentId", "")
    if isinstance(compartment, str) and compartment.startswith("ocid1.tenancy."):
        report(f"{args.resource_type.split(':')[-1]} is in the tenancy root compartment (IAM-1)")
