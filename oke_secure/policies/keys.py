"""Policies on the keys layer: vaults and keys protected (CL-4, DS-1), key policies name the key (IAM-5)."""

from __future__ import annotations

from pulumi_policy import ResourceValidationArgs

from oke_secure.builders.key_policies import unscoped_key_grants
from oke_secure.policies import types as T
from oke_secure.policies._base import Report, known_items, resource_policy


@resource_policy(
    name="oke-keys-protected",
    controls=["CL-4", "DS-1"],
    types=[T.VAULT, T.KEY],
    description="Vaults and keys are protected against deletion by a careless destroy or replacement.",
    remediation="Create the vault and keys with opts=pulumi.ResourceOptions(protect=True).",
)
def keys_protected(args: ResourceValidationArgs, report: Report) -> None:
    if not getattr(args.opts, "protect", False):
        kind = "vault" if args.resource_type == T.VAULT else "key"
        report(
            f"the {kind} {args.name} is not protected (protect=True); deleting it makes every secret and "
            "volume it encrypts unreadable (DS-1)"
        )


@resource_policy(
    name="oke-key-policies-name-the-key",
    controls=["IAM-5"],
    types=[T.IAM_POLICY],
    description="IAM statements on keys and key-delegates are scoped to one key with target.key.id.",
    remediation="Add \"where target.key.id = '<key OCID>'\" (inside ALL {...} with other conditions).",
)
def key_policies_name_the_key(args: ResourceValidationArgs, report: Report) -> None:
    statements = list(known_items(args.props, "statements", "IAM statement", args.urn, args.name))
    for grant in unscoped_key_grants([s for s in statements if isinstance(s, str)]):
        report(
            f"the statement {grant.statement!r} grants {grant.verb} {grant.resource} without naming the "
            "key (target.key.id) (IAM-5)"
        )
