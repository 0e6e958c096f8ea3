"""Access: the OCI Bastion service in front of the private Kubernetes API endpoint (AC-1).

No bastion VM: a managed ``STANDARD`` Bastion whose private endpoint lives in the API subnet, an
allow-list of client CIDRs that can never be ``0.0.0.0/0``, and sessions of at most three hours. The
network layer already admits TCP 6443 from the API subnet itself when the Bastion is enabled (the
Bastion's private endpoint sits in that subnet), so this component adds no security rule of its own.

Open a port-forwarding session and use kubectl through it::

    oci bastion session create-port-forwarding --bastion-id <bastion_id> \\
        --target-private-ip <API endpoint private IP> --target-port 6443 \\
        --ssh-public-key-file ~/.ssh/id_ed25519.pub --session-ttl 3600
    ssh -i ~/.ssh/id_ed25519 -N -L 6443:<API endpoint private IP>:6443 -p 22 \\
        <session OCID>@host.bastion.<region>.oci.oraclecloud.com
    # the kubeconfig points at https://<API endpoint private IP>:6443; point it at the tunnel:
    kubectl config set-cluster <cluster> --server https://127.0.0.1:6443 --tls-server-name <private IP>
    kubectl get nodes
"""

import re
from typing import NotRequired, Required, TypedDict

import pulumi
import pulumi_oci as oci

from oke_secure.components._common import check_args, child, name_prefix, tags, token
from oke_secure.components._validate import validated
from oke_secure.spec import BastionSpec
from oke_secure.spec.inputs import BastionSpecInput


class AccessArgs(TypedDict):
    """Arguments of :class:`Access`."""

    compartment_id: Required[pulumi.Input[str]]
    """OCID of the compartment of the Bastion."""
    target_subnet_id: Required[pulumi.Input[str]]
    """The private API-endpoint subnet the Bastion reaches (its private endpoint is created there)."""
    bastion: NotRequired[BastionSpecInput]
    """The ``access.bastion`` spec section (BastionSpec fields: enabled, client_cidrs,
    session_ttl_seconds)."""
    name_prefix: NotRequired[str]
    """Prefix of display names (default: the component's name)."""
    freeform_tags: NotRequired[dict[str, str]]
    """Freeform tags on every resource."""


class Access(pulumi.ComponentResource):
    """The OCI Bastion service targeting the private API subnet, with an allow-list and short sessions."""

    bastion_id: pulumi.Output[str] | None
    """OCID of the Bastion, or None when it is disabled."""

    def __init__(self, name: str, args: AccessArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("Access", args, AccessArgs)
        spec = validated(BastionSpec, args.get("bastion"), "bastion")  # fails before any child exists
        super().__init__(token("Access"), name, None, opts)
        prefix = name_prefix(args, name)
        self.bastion_id = None
        if spec.enabled:
            bastion = oci.bastion.Bastion(
                f"{name}-bastion",
                bastion_type="STANDARD",
                compartment_id=args["compartment_id"],
                target_subnet_id=args["target_subnet_id"],
                client_cidr_block_allow_lists=list(spec.client_cidrs),
                max_session_ttl_in_seconds=spec.session_ttl_seconds,
                name=re.sub(r"[^A-Za-z0-9]", "", f"{prefix}bastion")[:255],
                freeform_tags=tags(args.get("freeform_tags")),
                opts=child(self),
            )
            self.bastion_id = bastion.id
        self.register_outputs({"bastion_id": self.bastion_id})
