"""One team namespace with its Kubernetes baseline (CL-3, NET-7, NET-8, WL-1 to WL-5)."""

from typing import NotRequired, Required, TypedDict

import pulumi
import pulumi_kubernetes as k8s

from oke_secure.builders import k8s_manifests as km
from oke_secure.components._common import check_args, child, token
from oke_secure.components._validate import validated, validated_value
from oke_secure.components.baseline_resources import create
from oke_secure.spec import KubeVersion, NamespaceSpec
from oke_secure.spec.inputs import NamespaceSpecInput


class NamespaceBaselineArgs(TypedDict):
    """Arguments of :class:`NamespaceBaseline`."""

    namespace: Required[NamespaceSpecInput]
    """The namespace, as the fields of ``NamespaceSpec`` (name, team, groups, pod_security, quota, ...)."""
    kubernetes_version: Required[str]
    """Cluster version (vX.Y.Z); pins the Pod Security label versions (CL-3)."""
    provider: NotRequired[k8s.Provider]
    """The Kubernetes provider every object uses."""
    stack: NotRequired[str]
    """Stack name prefix, recorded as the ``oke-secure.io/stack`` namespace label."""
    api_endpoint_cidr: NotRequired[str]
    """CIDR of the API endpoint subnet; needed when the namespace declares egress to the Kubernetes API (NET-8)."""
    instance_principal_reason: NotRequired[str]
    """Set only for a namespace of a pool declared to need instance principals: its pods get egress to
    IMDS (169.254.169.254 TCP 80), recorded with this reason (NET-7). Every other namespace gets none."""


class NamespaceBaseline(pulumi.ComponentResource):
    """A team namespace: Pod Security labels, default-deny NetworkPolicy with DNS egress and only the declared
    egress (IMDS only for an instance-principal pool's namespaces), ResourceQuota and LimitRange, RBAC to OCI
    group/user OCIDs, token-less service accounts."""

    namespace_name: pulumi.Output[str]
    """The namespace's name."""

    def __init__(self, name: str, args: NamespaceBaselineArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("NamespaceBaseline", args, NamespaceBaselineArgs)
        ns = validated(NamespaceSpec, args.get("namespace"), "namespace")
        version: str = validated_value(KubeVersion, args.get("kubernetes_version"), "kubernetes_version")
        super().__init__(token("NamespaceBaseline"), name, None, opts)
        provider = args.get("provider")
        manifests = km.namespace_objects(
            ns,
            version,
            args.get("stack"),
            api_endpoint_cidr=args.get("api_endpoint_cidr"),
            instance_principal_reason=args.get("instance_principal_reason"),
        )

        namespace = k8s.core.v1.Namespace(
            f"{name}-ns", metadata=manifests[0]["metadata"], opts=child(self, provider=provider)
        )
        after = child(self, provider=provider, depends_on=[namespace])
        for m in manifests[1:]:
            create(f"{name}-{m['kind'].lower()}-{m['metadata']['name']}", m, after)
        create(f"{name}-default-sa", km.default_service_account_patch(ns.name), after, patch=True)

        self.namespace_name = namespace.metadata.apply(lambda m: str(m.name))
        self.register_outputs({"namespace_name": self.namespace_name})
