"""Policies on the access layer: the Bastion allow-list and session TTL (AC-1)."""

from __future__ import annotations

from pulumi_policy import ResourceValidationArgs

from oke_secure.policies import types as T
from oke_secure.policies._base import Report, get, resource_policy
from oke_secure.spec import cidr as _cidr

#: Longest Bastion session the library accepts (AC-1): three hours.
MAX_SESSION_TTL = 10800


@resource_policy(
    name="oke-bastion-allow-list",
    controls=["AC-1"],
    types=[T.BASTION],
    description="The Bastion admits only allow-listed client CIDRs (never 0.0.0.0/0) for sessions of at most 3 h.",
    remediation="Set client_cidr_block_allow_lists to the office/VPN CIDRs and max_session_ttl_in_seconds <= 10800.",
)
def bastion_allow_list(args: ResourceValidationArgs, report: Report) -> None:
    allow = get(args.props, "clientCidrBlockAllowLists", []) or []
    if not allow:
        report("the Bastion has no client CIDR allow-list (client_cidr_block_allow_lists) (AC-1)")
    for block in allow:
        if isinstance(block, str) and _cidr.is_anywhere(block):
            report(f"the Bastion allow-list contains {block}: anyone may try to open sessions (AC-1)")
    ttl = get(args.props, "maxSessionTtlInSeconds")
    if isinstance(ttl, int | float) and ttl > MAX_SESSION_TTL:
        report(f"Bastion sessions may last {int(ttl)} s, more than three hours (AC-1)")
