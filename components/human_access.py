"""HumanAccess: OCI groups get `use clusters` in the cluster compartment and nothing broader (IAM-2).

What people may do inside Kubernetes comes from RBAC bound to the same group OCIDs (the Kubernetes
baseline), not from OCI policies.
"""

from typing import NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.builders import iam_statements
from oke_secure.components._common import child, tags, token
from oke_secure.components._validate import validated_value
from oke_secure.spec import Ocid


class HumanAccessArgs(TypedDict, total=False):
    """Arguments of :class:`HumanAccess`."""

    compartment_id: Required[pulumi.Input[str]]
    """OCID of the cluster compartment; the only place the groups get rights, and where the policy lives."""
    tenancy_id: Required[pulumi.Input[str]]
    """OCID of the tenancy (kept for symmetry with the other IAM components; nothing is granted there)."""
    cluster_user_groups: NotRequired[list[str]]
    """OCIDs of the OCI groups that may use the cluster (generate kubeconfig tokens)."""
    name_prefix: NotRequired[str]
    """Prefix of the policy name (default: the component name)."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags on the policy."""


class HumanAccess(pulumi.ComponentResource):
    """One policy: ``Allow group id <g> to use clusters in compartment id <c>`` per declared group (IAM-2)."""

    policy_id: pulumi.Output[str] | None
    """OCID of the policy; ``None`` when no groups are declared."""

    def __init__(self, name: str, args: HumanAccessArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        groups = validated_value(list[Ocid], list(args.get("cluster_user_groups") or []), "cluster_user_groups")
        super().__init__(token("HumanAccess"), name, None, opts)
        self.policy_id = None
        if groups:
            prefix = args.get("name_prefix") or name
            statements = pulumi.Output.from_input(args["compartment_id"]).apply(
                lambda cid: iam_statements.human_statements(groups, cid)
            )
            policy = oci.identity.Policy(
                f"{name}-policy",
                compartment_id=args["compartment_id"],
                name=f"{prefix}-cluster-users",
                description="oke-secure: cluster users may use the cluster; Kubernetes rights come from RBAC (IAM-2)",
                statements=statements,
                freeform_tags=tags(args.get("freeform_tags")),
                opts=child(self),
            )
            self.policy_id = policy.id
        self.register_outputs({"policy_id": self.policy_id})
