"""WorkloadIdentity: OCI grants for one Kubernetes service account through OKE workload identity (IAM-4).

Every statement is ``Allow any-user to ... where all {request.principal.type = 'workload',
request.principal.namespace = ..., request.principal.service_account = ...,
request.principal.cluster_id = ...}``: only pods of that service account, in that namespace, on that
cluster, get the declared permissions, and only in the cluster compartment.
"""

from typing import NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.builders import iam_statements
from oke_secure.components._common import check_args, identity_opts, name_prefix, tags, token
from oke_secure.components._validate import validated, validated_value
from oke_secure.spec import K8sName
from oke_secure.spec import WorkloadIdentity as WorkloadIdentitySpec
from oke_secure.spec.inputs import PermissionInput


class WorkloadIdentityArgs(TypedDict):
    """Arguments of :class:`WorkloadIdentity`."""

    compartment_id: Required[pulumi.Input[str]]
    """OCID of the cluster compartment; grants apply there and the policy lives there."""
    cluster_id: Required[pulumi.Input[str]]
    """OCID of the (enhanced) cluster whose pods get the grants."""
    namespace: Required[str]
    """Kubernetes namespace of the service account."""
    service_account: Required[str]
    """Kubernetes service account the pods run as."""
    permissions: Required[list[PermissionInput]]
    """Declared permissions (Permission fields: verb, resource, where)."""
    name_prefix: NotRequired[str]
    """Prefix of the policy name (default: the component's name)."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags on the policy."""
    identity_provider: NotRequired[oci.Provider]
    """OCI provider in the tenancy's home region for the IAM resources (DEP-1); default: the default provider."""


class WorkloadIdentity(pulumi.ComponentResource):
    """A policy granting one service account's declared permissions, with all four conditions (IAM-4)."""

    policy_id: pulumi.Output[str]
    """OCID of the policy."""

    def __init__(self, name: str, args: WorkloadIdentityArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("WorkloadIdentity", args, WorkloadIdentityArgs)
        spec = validated(
            WorkloadIdentitySpec,
            {"service_account": args.get("service_account"), "permissions": args.get("permissions") or []},
            "",
        )
        namespace = validated_value(K8sName, args.get("namespace"), "namespace")
        super().__init__(token("WorkloadIdentity"), name, None, opts)
        prefix = name_prefix(args, name)
        statements = pulumi.Output.all(args["compartment_id"], args["cluster_id"]).apply(
            lambda a: iam_statements.workload_statements(spec.permissions, a[0], namespace, spec.service_account, a[1])
        )
        policy = oci.identity.Policy(
            f"{name}-policy",
            compartment_id=args["compartment_id"],
            name=f"{prefix}-{namespace}-{spec.service_account}",
            description=f"oke-secure: workload identity of {namespace}/{spec.service_account} (IAM-4)",
            statements=statements,
            freeform_tags=tags(args.get("freeform_tags")),
            opts=identity_opts(self, args.get("identity_provider")),
        )
        self.policy_id = policy.id
        self.register_outputs({"policy_id": self.policy_id})
