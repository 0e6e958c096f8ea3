"""Cluster: an ENHANCED OKE cluster with a private endpoint, encrypted secrets and verified images.

Builds NET-1 (private API endpoint in the API subnet with its NSG), CL-1 (enhanced cluster), CL-2
(Dashboard and Tiller add-ons explicitly off), CL-3 (PodSecurityPolicy off), CL-4 (secrets encrypted
with a Vault key), CL-5 (image signature verification with an RSA Vault key), CL-6 (a pinned,
supported version), CL-7 (control-plane logs to a log group), NET-6 (load balancers only in the given,
internal subnets) and AC-2 (the kubeconfig is a secret output). Logical names derive from the
component name only, so that no ordinary spec change replaces the cluster.
"""

import json
from typing import Any, NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.builders import labels
from oke_secure.components._common import check_args, child, name_prefix, tags, token
from oke_secure.components._validate import validated, validated_value
from oke_secure.spec import ClusterSpec, Cni
from oke_secure.spec.inputs import ClusterSpecInput

#: OCI Logging service name and category of the OKE control-plane logs (CL-7).
CONTROL_PLANE_LOG_SERVICE = "oke-k8s-cp-prod"
CONTROL_PLANE_LOG_CATEGORY = "all-service-logs"
#: Days the control-plane log is kept (OCI accepts multiples of 30 up to 180).
LOG_RETENTION_DAYS = 90
#: The endpoint the stack's kubeconfig targets: the private one (CL-1), reached from the VCN or a tunnel.
KUBECONFIG_ENDPOINT = "PRIVATE_ENDPOINT"
#: CoreDNS may run on the system pool, tainted CriticalAddonsOnly (labels.system_taint) (NP-1).
COREDNS_TOLERATIONS = [{"key": labels.SYSTEM_TAINT_KEY, "operator": "Exists"}]

_CNI_TYPES = {"flannel": "FLANNEL_OVERLAY", "vcn-native": "OCI_VCN_IP_NATIVE"}


def _private_endpoint(endpoints: Any) -> str:
    """``private_endpoint`` of the cluster's ``endpoints`` output (typed or raw), else empty."""
    for e in endpoints or []:
        value = e.get("private_endpoint", e.get("privateEndpoint")) if isinstance(e, dict) else e.private_endpoint
        if value:
            return str(value)
    return ""


class ClusterArgs(TypedDict):
    """Arguments of :class:`Cluster`."""

    compartment_id: Required[pulumi.Input[str]]
    """OCID of the cluster's (dedicated) compartment."""
    vcn_id: Required[pulumi.Input[str]]
    """OCID of the VCN."""
    api_subnet_id: Required[pulumi.Input[str]]
    """Private regional subnet of the Kubernetes API endpoint (NET-1)."""
    api_nsg_ids: Required[list[pulumi.Input[str]]]
    """Network security groups of the API endpoint (NET-1)."""
    lb_subnet_ids: Required[list[pulumi.Input[str]]]
    """Subnets for Service load balancers: internal ones (plus an explicitly requested public one) (NET-6)."""
    cluster: NotRequired[ClusterSpecInput]
    """The ``cluster`` spec section (ClusterSpec fields: name, kubernetes_version)."""
    cni: NotRequired[str]
    """Pod networking: ``vcn-native`` (default) or ``flannel``."""
    pods_cidr: NotRequired[str]
    """Kubernetes pods CIDR, used with flannel (default 10.244.0.0/16)."""
    services_cidr: NotRequired[str]
    """Kubernetes services CIDR (default 10.96.0.0/16)."""
    secrets_key_id: Required[pulumi.Input[str]]
    """AES Vault key that encrypts Kubernetes secrets (CL-4)."""
    image_signing_key_id: Required[pulumi.Input[str]]
    """RSA Vault key that image signatures are verified with (CL-5)."""
    name_prefix: NotRequired[str]
    """Prefix of display names (default: the component's name)."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags on every resource."""
    log_group_id: NotRequired[pulumi.Input[str]]
    """An existing log group for the control-plane log; by default one is created (CL-7)."""


class Cluster(pulumi.ComponentResource):
    """An ENHANCED OKE cluster, private, with KMS-encrypted secrets, image verification and logs."""

    cluster_id: pulumi.Output[str]
    """OCID of the cluster."""
    kubeconfig: pulumi.Output[str]
    private_endpoint: pulumi.Output[str]
    """The private Kubernetes API endpoint, ``<ip>:6443`` (empty until the cluster exists)."""
    """Kubeconfig of the private endpoint (exec plugin, no static token); a secret (AC-2)."""
    kubernetes_version: pulumi.Output[str]
    """The pinned Kubernetes version (CL-6)."""
    log_group_id: pulumi.Output[str]
    """Log group that receives the control-plane logs (CL-7)."""

    def __init__(self, name: str, args: ClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("Cluster", args, ClusterArgs)
        spec = validated(ClusterSpec, args.get("cluster"), "cluster")  # fails before any child exists
        cni = validated_value(Cni, args.get("cni", "vcn-native"), "cni")
        super().__init__(token("Cluster"), name, None, opts)
        compartment_id = args["compartment_id"]
        prefix = name_prefix(args, name)
        ftags = tags(args.get("freeform_tags"))
        display = prefix if spec.name == prefix else f"{prefix}-{spec.name}"

        network_config: dict[str, Any] = {"services_cidr": args.get("services_cidr", "10.96.0.0/16")}
        if cni == "flannel":
            network_config["pods_cidr"] = args.get("pods_cidr", "10.244.0.0/16")

        image_policy: Any = {
            "is_policy_enabled": True,
            "key_details": [{"kms_key_id": args["image_signing_key_id"]}],
        }
        options: Any = {
            "add_ons": {"is_kubernetes_dashboard_enabled": False, "is_tiller_enabled": False},
            "admission_controller_options": {"is_pod_security_policy_enabled": False},
            "kubernetes_network_config": network_config,
            "service_lb_subnet_ids": list(args["lb_subnet_ids"]),
        }
        cluster = oci.containerengine.Cluster(
            f"{name}-oke",
            compartment_id=compartment_id,
            name=display,
            vcn_id=args["vcn_id"],
            kubernetes_version=spec.kubernetes_version,
            type="ENHANCED_CLUSTER",
            cluster_pod_network_options=[{"cni_type": _CNI_TYPES[cni]}],
            endpoint_config={
                "subnet_id": args["api_subnet_id"],
                "is_public_ip_enabled": False,
                "nsg_ids": list(args["api_nsg_ids"]),
            },
            kms_key_id=args["secrets_key_id"],
            image_policy_config=image_policy,
            options=options,
            freeform_tags=ftags,
            opts=child(self),
        )

        if "log_group_id" in args:
            self.log_group_id = pulumi.Output.from_input(args["log_group_id"])
        else:
            group = oci.logging.LogGroup(
                f"{name}-log-group",
                compartment_id=compartment_id,
                display_name=f"{display}-logs",
                description="OKE control-plane logs (oke-secure CL-7)",
                freeform_tags=ftags,
                opts=child(self),
            )
            self.log_group_id = group.id
        oci.logging.Log(
            f"{name}-control-plane-log",
            display_name=f"{display}-control-plane",
            log_group_id=self.log_group_id,
            log_type="SERVICE",
            is_enabled=True,
            retention_duration=LOG_RETENTION_DAYS,
            configuration={
                "compartment_id": compartment_id,
                "source": {
                    "source_type": "OCISERVICE",
                    "service": CONTROL_PLANE_LOG_SERVICE,
                    "category": CONTROL_PLANE_LOG_CATEGORY,
                    "resource": cluster.id,
                },
            },
            freeform_tags=ftags,
            opts=child(self),
        )

        # CoreDNS tolerates the system pool's taint (NP-1). CoreDNS is an essential OKE cluster add-on that
        # OKE installs itself; its "tolerations" configuration argument takes a JSON list of tolerations
        # (Oracle, "Cluster Add-on Configuration Arguments: CoreDNS"), so the add-on is taken over
        # (override_existing) and left in place on destroy (remove_addon_resources_on_delete=False).
        oci.containerengine.Addon(
            f"{name}-coredns",
            addon_name="CoreDNS",
            cluster_id=cluster.id,
            override_existing=True,
            remove_addon_resources_on_delete=False,
            configurations=[{"key": "tolerations", "value": json.dumps(COREDNS_TOLERATIONS, sort_keys=True)}],
            opts=child(self),
        )

        self.cluster_id = cluster.id
        self.kubernetes_version = cluster.kubernetes_version
        # The private endpoint, named: a kubeconfig targets one endpoint of a cluster, chosen by ``endpoint``
        # (oci SDK CreateClusterKubeconfigContentDetails: LEGACY_KUBERNETES, PUBLIC_ENDPOINT, PRIVATE_ENDPOINT,
        # VCN_HOSTNAME); this cluster has only the private one (CL-1).
        kubeconfig = oci.containerengine.get_cluster_kube_config_output(
            cluster_id=cluster.id,
            endpoint=KUBECONFIG_ENDPOINT,
            token_version="2.0.0",
            opts=pulumi.InvokeOutputOptions(parent=self),
        )
        self.kubeconfig = pulumi.Output.secret(kubeconfig.content)
        self.private_endpoint = cluster.endpoints.apply(_private_endpoint)
        self.register_outputs(
            {
                "cluster_id": self.cluster_id,
                "kubeconfig": self.kubeconfig,
                "private_endpoint": self.private_endpoint,
                "kubernetes_version": self.kubernetes_version,
                "log_group_id": self.log_group_id,
            }
        )
