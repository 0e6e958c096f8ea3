"""HumanAccess: OCI groups get `use clusters` in the cluster compartment and nothing broader (IAM-2).

When the stack has an OCI Bastion, the same groups also get the Bastion session rights Oracle lists
(``use bastion``, ``manage bastion-session``, ``read virtual-network-family``, ``inspect work-requests``;
see :data:`oke_secure.builders.iam_statements.BASTION_SESSION_GRANTS`), in the cluster compartment only,
so the people the README sends to the Bastion can open a port-forwarding session (DEP-2).

What people may do inside Kubernetes comes from RBAC bound to the same group OCIDs (the Kubernetes
baseline), not from OCI policies.
"""

from typing import NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.builders import iam_statements
from oke_secure.components._common import check_args, identity_opts, name_prefix, tags, token
from oke_secure.components._validate import validated_value
from oke_secure.spec import GroupOcid


class HumanAccessArgs(TypedDict):
    """Arguments of :class:`HumanAccess`."""

    compartment_id: Required[pulumi.Input[str]]
    """OCID of the cluster compartment; the only place the groups get rights, and where the policy lives."""
    tenancy_id: Required[pulumi.Input[str]]
    """OCID of the tenancy (kept for symmetry with the other IAM components; nothing is granted there)."""
    cluster_user_groups: NotRequired[list[str]]
    """OCIDs of the OCI groups that may use the cluster (generate kubeconfig tokens)."""
    bastion_sessions: NotRequired[bool]
    """Also grant the groups the rights to open Bastion sessions in the compartment (default false; the
    stack sets it when its Bastion is enabled) (DEP-2)."""
    name_prefix: NotRequired[str]
    """Prefix of the policy name (default: the component's name)."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags on the policy."""
    identity_provider: NotRequired[oci.Provider]
    """OCI provider in the tenancy's home region for the IAM resources (DEP-1); default: the default provider."""


class HumanAccess(pulumi.ComponentResource):
    """One policy: ``Allow group id <g> to use clusters in compartment id <c>`` per declared group (IAM-2)."""

    policy_id: pulumi.Output[str] | None
    """OCID of the policy; ``None`` when no groups are declared."""

    def __init__(self, name: str, args: HumanAccessArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("HumanAccess", args, HumanAccessArgs)
        groups = validated_value(list[GroupOcid], list(args.get("cluster_user_groups") or []), "cluster_user_groups")
        super().__init__(token("HumanAccess"), name, None, opts)
        self.policy_id = None
        if groups:
            prefix = name_prefix(args, name)
            bastion = bool(args.get("bastion_sessions", False))
            statements = pulumi.Output.from_input(args["compartment_id"]).apply(
                lambda cid: (
                    iam_statements.human_statements(groups, cid)
                    + (iam_statements.bastion_session_statements(groups, cid) if bastion else [])
                )
            )
            policy = oci.identity.Policy(
                f"{name}-policy",
                compartment_id=args["compartment_id"],
                name=f"{prefix}-cluster-users",
                description="oke-secure: cluster users may use the cluster (and its Bastion); Kubernetes rights come "
                "from RBAC (IAM-2, DEP-2)",
                statements=statements,
                freeform_tags=tags(args.get("freeform_tags")),
                opts=identity_opts(self, args.get("identity_provider")),
            )
            self.policy_id = policy.id
        self.register_outputs({"policy_id": self.policy_id})
