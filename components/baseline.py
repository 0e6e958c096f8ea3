"""The Kubernetes baseline: Pod Security, network policy, quotas, RBAC, admission policies.

Controls built: CL-3, CL-5 (admission), NET-7, NET-8, NP-6, WL-1 to WL-6. ``kube-system`` and the
other system namespaces are left alone.

NetworkPolicy enforcement (NET-8): OKE's flannel and OCI VCN-native CNI plugins both rely on Calico to
implement ``NetworkPolicy`` (Oracle, "Pod Networking" and "Example: Installing Calico and Setting Up
Network Policies"), so Calico is installed in policy-only mode from its pinned upstream manifest and
configured per CNI, as the reference module did, by a ``transforms`` callback on the ``yaml/v2``
``ConfigFile`` (:mod:`oke_secure.builders.calico`). Offline, a remote manifest is not downloaded (its
``file`` input is what a preview shows); a local copy is read and the transform applied to its objects.

Add-on images (NET-4): with ``image_mirror`` (the spec's ``registry.mirror``; required when the nodes
have no internet egress) Calico and the Secrets Store CSI driver take every image from that OCIR prefix.
"""

from typing import NotRequired, Required, TypedDict

import pulumi
import pulumi_kubernetes as k8s

from oke_secure.builders import calico
from oke_secure.builders import k8s_manifests as km
from oke_secure.builders import vault_secrets as vault
from oke_secure.components._common import check_args, child, token
from oke_secure.components._transforms import object_transform
from oke_secure.components._validate import validated_list, validated_value
from oke_secure.components.baseline_admission import AdmissionPolicies
from oke_secure.components.baseline_namespace import NamespaceBaseline, NamespaceBaselineArgs
from oke_secure.components.baseline_resources import create
from oke_secure.spec import (
    AllowedRegistries,
    Cni,
    DefaultNamespaceSpec,
    GroupOcid,
    KubeVersion,
    NamespaceSpec,
    NodePoolSpec,
    mirror_problems,
    workload_problems,
)
from oke_secure.spec.errors import Problem, SpecError
from oke_secure.spec.inputs import DefaultNamespaceSpecInput, NamespaceSpecInput, NodePoolSpecInput, as_input
from oke_secure.spec.types import Cidr, refuse


class KubernetesBaselineArgs(TypedDict):
    """Arguments of :class:`KubernetesBaseline`."""

    kubeconfig: NotRequired[pulumi.Input[str]]
    """The cluster's kubeconfig (kept secret); the component builds its Kubernetes provider from it."""
    namespaces: NotRequired[list[NamespaceSpecInput]]
    """Team namespaces, as the fields of ``NamespaceSpec``."""
    node_pools: NotRequired[list[NodePoolSpecInput]]
    """Node pools, as the fields of ``NodePoolSpec`` (their ``namespaces`` drive the toleration policy)."""
    allowed_registries: Required[list[str]]
    """Registry prefixes images may come from (CL-5)."""
    cni: NotRequired[str]
    """Pod networking: 'vcn-native' (default) or 'flannel'; Calico enforces NetworkPolicy with either (NET-8)."""
    kubernetes_version: Required[str]
    """The cluster's pinned version (vX.Y.Z); pins the Pod Security label versions (CL-3)."""
    break_glass_group: NotRequired[str]
    """OCID of the only OCI group bound to cluster-admin (WL-4)."""
    public_load_balancer: NotRequired[bool]
    """Public load balancers allowed (for services that record why); otherwise internal only (WL-6)."""
    lb_nsg_ids: NotRequired[list[pulumi.Input[str]]]
    """OCIDs of the stack's load-balancer NSGs (the network's ``lb_nsg_id``, and ``public_lb_nsg_id`` when public
    load balancers are allowed): the only NSGs a ``LoadBalancer`` Service may attach (NET-10). Without them the
    admission policy still requires NSG rule management and an NSG, of any OCID."""
    backend_nsg_ids: NotRequired[list[pulumi.Input[str]]]
    """OCIDs of the NSGs a ``LoadBalancer`` Service may name as backend NSGs, where the cloud controller adds
    its rules (the network's ``worker_nsg_id``) (NET-10). Without them any NSG OCID is accepted, but one is
    required."""
    name_prefix: NotRequired[str]
    """Stack name prefix, recorded as the ``oke-secure.io/stack`` label of each namespace."""
    provider: NotRequired[k8s.Provider]
    """Use this Kubernetes provider instead of building one from ``kubeconfig``."""
    cluster_id: NotRequired[pulumi.Input[str]]
    """OCID of the cluster, as the provider's ``cluster_identifier`` when the component builds it: the provider
    (and everything it manages) is then replaced only if the cluster changes, not when the kubeconfig moves
    between the tunnel and the in-VCN endpoint (pulumi-kubernetes ``clusterIdentifier``)."""
    calico_manifest: NotRequired[str]
    """Path or URL of the Calico policy-only manifest (default: the pinned upstream release, whose shape the
    per-CNI configuration expects; a local copy of that file works offline)."""
    pods_cidr: NotRequired[str]
    """The cluster's pods CIDR: Calico's IPv4 pool with flannel (default 10.244.0.0/16, OKE's)."""
    image_mirror: NotRequired[str]
    """OCIR prefix the add-on images (Calico, Secrets Store CSI driver) are taken from (``registry.mirror``)."""
    image_pull_secret: NotRequired[str]
    """docker-registry Secret in kube-system for a private mirror (``registry.mirror_pull_secret``)."""
    internet_egress: NotRequired[bool]
    """Whether the nodes reach the internet (default true); false requires ``image_mirror`` in ``region``'s OCIR."""
    region: NotRequired[str]
    """OCI region of the cluster; needed when a namespace declares vault_secrets (workload identity)."""
    api_endpoint_cidr: NotRequired[str]
    """CIDR of the API endpoint subnet; needed when a namespace declares egress to the Kubernetes API (NET-8)."""
    default_namespace: NotRequired[DefaultNamespaceSpecInput]
    """The ``default`` namespace, as the fields of ``DefaultNamespaceSpec`` (WL-7): locked (zero-pod quota)
    unless ``workloads`` is true with a ``reason``; either way restricted Pod Security and default deny."""


class KubernetesBaseline(pulumi.ComponentResource):
    """Hardened Kubernetes defaults for an OKE cluster: a NamespaceBaseline per team namespace, the
    admission policies, Calico to enforce NetworkPolicy, and the one break-glass binding."""

    namespace_names: pulumi.Output[list[str]]
    """Names of the managed team namespaces."""

    def __init__(self, name: str, args: KubernetesBaselineArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("KubernetesBaseline", args, KubernetesBaselineArgs, either=("kubeconfig", "provider"))
        # The spec's own models and types: the same rules as the stack's, none of this component's own.
        namespaces = validated_list(NamespaceSpec, args.get("namespaces"), "namespaces")
        pools = validated_list(NodePoolSpec, args.get("node_pools"), "node_pools")
        refuse(workload_problems(pools, namespaces))
        version: str = validated_value(KubeVersion, args.get("kubernetes_version"), "kubernetes_version")
        registries: list[str] = validated_value(AllowedRegistries, args.get("allowed_registries"), "allowed_registries")
        break_glass: str | None = validated_value(GroupOcid | None, args.get("break_glass_group"), "break_glass_group")
        cni: str = validated_value(Cni, args.get("cni", "vcn-native"), "cni")
        pods_cidr: str = validated_value(Cidr, args.get("pods_cidr", "10.244.0.0/16"), "pods_cidr")
        mirror = args.get("image_mirror")
        pull_secret = args.get("image_pull_secret")
        if args.get("internet_egress") is False and not args.get("region"):
            raise SpecError(
                [Problem("region", "internet_egress is false but no region is given", "pass the cluster's OCI region")]
            )
        egress = bool(args.get("internet_egress", True))
        fields = ("image_mirror", "image_pull_secret")
        refuse(mirror_problems(args.get("region", ""), egress, mirror, pull_secret, fields))
        if any(n.vault_secrets for n in namespaces) and not args.get("region"):
            raise SpecError(
                [
                    Problem(
                        "region",
                        "namespaces declare vault_secrets but no region is given",
                        "pass the cluster's OCI region, e.g. eu-frankfurt-1",
                    )
                ]
            )
        if "kubeconfig" not in args and "provider" not in args:
            raise SpecError([Problem("kubeconfig", "no kubeconfig and no provider", "pass the cluster's kubeconfig")])

        super().__init__(token("KubernetesBaseline"), name, None, opts)
        provider = args.get("provider")
        if provider is None:
            provider = k8s.Provider(
                f"{name}-k8s",
                kubeconfig=pulumi.Output.secret(args["kubeconfig"]),
                enable_server_side_apply=True,
                cluster_identifier=args.get("cluster_id"),
                opts=child(self),
            )
        self.provider = provider  # the Kubernetes provider out (OkeStack.kubernetes_provider)
        k8s_opts = child(self, provider=provider)

        calico_settings = calico.CalicoSettings(
            cni=cni,
            pods_cidr=pods_cidr,
            nodes=sum(p.size for p in pools if p.virtual is None),
            mirror=mirror,
            pull_secret=pull_secret,
            manifest=args.get("calico_manifest", calico.CALICO_POLICY_ONLY_MANIFEST),
            virtual_pools=tuple(p.name for p in pools if p.virtual is not None),
        )
        k8s.yaml.v2.ConfigFile(
            f"{name}-calico",
            file=calico_settings.manifest,
            opts=child(
                self,
                provider=provider,
                transforms=[object_transform(lambda obj: calico.configure(obj, calico_settings))],
            ),
        )
        AdmissionPolicies(
            f"{name}-admission",
            {
                "allowed_registries": registries,
                "node_pools": [as_input(p) for p in pools],
                "public_load_balancer": bool(args.get("public_load_balancer", False)),
                "lb_nsg_ids": list(args.get("lb_nsg_ids", [])),
                "backend_nsg_ids": list(args.get("backend_nsg_ids", [])),
                "provider": provider,
            },
            k8s_opts,
        )
        if break_glass:
            create(f"{name}-break-glass", km.break_glass_binding(break_glass), k8s_opts)
        default_ns = DefaultNamespaceSpec.model_validate(args.get("default_namespace", {}))
        self._default_namespace(name, version, default_ns.reason if default_ns.workloads else None, provider)

        created: list[NamespaceBaseline] = []
        # NET-7: only the namespaces of a pool declared to need instance principals get IMDS, with its reason
        metadata_reasons = {
            ns_name: pool.instance_principal.reason
            for pool in pools
            if pool.instance_principal is not None
            for ns_name in pool.namespaces
        }
        for ns in namespaces:
            ns_args: NamespaceBaselineArgs = {
                "namespace": as_input(ns),
                "kubernetes_version": version,
                "provider": provider,
            }
            if args.get("api_endpoint_cidr"):
                ns_args["api_endpoint_cidr"] = args["api_endpoint_cidr"]
            if ns.name in metadata_reasons:
                ns_args["instance_principal_reason"] = metadata_reasons[ns.name]
            if args.get("name_prefix"):
                ns_args["stack"] = args["name_prefix"]
            created.append(NamespaceBaseline(f"{name}-{ns.name}", ns_args, k8s_opts))
        self._vault_secrets(name, namespaces, pools, created, provider, args.get("region", ""), mirror, pull_secret)

        self.namespace_names = pulumi.Output.all(*[c.namespace_name for c in created]).apply(list)
        self.register_outputs({"namespace_names": self.namespace_names})

    def _default_namespace(self, name: str, version: str, reason: str | None, provider: k8s.Provider) -> None:
        """Lock ``default`` down (WL-7): restricted labels (a patch: the namespace exists), default deny,
        and a zero-pod quota unless ``reason`` records why workloads may run there."""
        objects = km.default_namespace_objects(version, reason)
        opts = child(self, provider=provider)
        create(f"{name}-default-ns", objects[0], opts, patch=True)
        for m in objects[1:]:  # none needs the labels first: only true dependencies
            create(f"{name}-default-{m['kind'].lower()}-{m['metadata']['name']}", m, opts)

    def _vault_secrets(
        self,
        name: str,
        namespaces: list[NamespaceSpec],
        pools: list[NodePoolSpec],
        created: list[NamespaceBaseline],
        provider: k8s.Provider,
        region: str,
        mirror: str | None,
        pull_secret: str | None,
    ) -> None:
        """The Secrets Store CSI driver with Oracle's OCI provider (workload identity only) and one
        SecretProviderClass per declared service account (IAM-4, AC-2); nothing when none is declared.

        A ``helm/v4`` Chart, not a Release: its objects are Pulumi resources, so a transform can give the
        provider DaemonSet the tolerations of the pools that mount secrets, which the chart cannot
        (Pulumi: Chart v4 "allows you to apply Pulumi Transformations and Pulumi Policies")."""
        if not any(n.vault_secrets for n in namespaces):
            return
        tolerations = vault.csi_tolerations(pools, namespaces)
        driver = k8s.helm.v4.Chart(
            f"{name}-secrets-store-csi",
            chart=vault.CHART,
            version=vault.CHART_VERSION,
            namespace=vault.CHART_NAMESPACE,
            repository_opts=k8s.helm.v4.RepositoryOptsArgs(repo=vault.CHART_REPO),
            values=vault.chart_values(region, tolerations, mirror, pull_secret),
            opts=child(
                self,
                provider=provider,
                transforms=[object_transform(lambda obj: vault.configure_provider(obj, tolerations))],
            ),
        )
        for ns, ns_component in zip(namespaces, created, strict=True):
            for entry in ns.vault_secrets:
                m = vault.secret_provider_class(ns.name, entry)
                k8s.apiextensions.CustomResource(
                    f"{name}-{ns.name}-spc-{entry.service_account}",
                    api_version=m["apiVersion"],
                    kind=m["kind"],
                    metadata=m["metadata"],
                    spec=m["spec"],
                    opts=child(self, provider=provider, depends_on=[driver, ns_component]),
                )
