"""The defined tag that names each node's workload pool, so a dynamic group can match one pool (IAM-3)."""

from typing import NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.components._common import check_args, identity_opts, name_prefix, tags, token

#: Name of the one tag key in the namespace; its value on an instance is the pool's workload name.
KEY_NAME = "workload"


class WorkloadTagsArgs(TypedDict):
    """Arguments of :class:`WorkloadTags`."""

    compartment_id: Required[pulumi.Input[str]]
    """Compartment that holds the tag namespace (the cluster compartment)."""
    name_prefix: NotRequired[str]
    """Prefix of the tag namespace name (default: the component name); namespace names are tenancy-unique."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags on the namespace and key."""
    identity_provider: NotRequired[oci.Provider]
    """OCI provider in the tenancy's home region for the IAM resources (DEP-1); default: the default provider."""


class WorkloadTags(pulumi.ComponentResource):
    """One defined tag namespace with the key ``workload`` per stack (IAM-3).

    Node pools tag their instances ``<namespace>.workload = <pool>``; each pool's dynamic group matches
    that value in the cluster compartment, and nothing else.
    """

    namespace_name: pulumi.Output[str]
    """Name of the tag namespace."""
    key_name: pulumi.Output[str]
    """Name of the tag key (``workload``)."""

    def __init__(self, name: str, args: WorkloadTagsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("WorkloadTags", args, WorkloadTagsArgs)
        super().__init__(token("WorkloadTags"), name, None, opts)
        prefix = name_prefix(args, name)
        ftags = tags(args.get("freeform_tags"))
        namespace = oci.identity.TagNamespace(
            f"{name}-namespace",
            compartment_id=args["compartment_id"],
            name=f"{prefix}-oke-secure",
            description="oke-secure: the workload node pool each instance belongs to (IAM-3)",
            freeform_tags=ftags,
            opts=identity_opts(self, args.get("identity_provider")),
        )
        key = oci.identity.Tag(
            f"{name}-workload",
            tag_namespace_id=namespace.id,
            name=KEY_NAME,
            description="Workload (node pool) name; dynamic groups match it (IAM-3)",
            freeform_tags=ftags,
            opts=identity_opts(self, args.get("identity_provider")),
        )
        self.namespace_name = namespace.name
        self.key_name = key.name
        self.register_outputs({"namespace_name": self.namespace_name, "key_name": self.key_name})
