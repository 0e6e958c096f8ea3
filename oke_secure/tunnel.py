"""Reach a private OKE endpoint through the OCI Bastion service (DEP-3): a port-forwarding session and a
kubeconfig whose server is the local end of the tunnel.

Steps (Oracle, "Managing Sessions in Bastion" and "Connecting to Sessions in Bastion",
docs.oracle.com/en-us/iaas/Content/Bastion/Tasks/managingsessions.htm, connectingtosessions.htm):

1. create an SSH port-forwarding session on the stack's Bastion to the endpoint's private IP and port
   6443, with your public key (``oci.bastion.BastionClient.create_session``), and wait until it is ACTIVE;
2. run ``ssh -i <private key> -N -L <local port>:<endpoint ip>:6443 -p 22
   <session id>@host.bastion.<region>.oci.oraclecloud.com`` and keep it open;
3. point kubectl or the baseline stage at a kubeconfig whose ``server`` is ``https://127.0.0.1:<local
   port>`` and whose ``tls-server-name`` is the endpoint's IP, so TLS still verifies the API server's
   certificate for the name it was issued to (Kubernetes client config ``clusters[].cluster.tls-server-name``).
   Authentication stays the exec plugin ``oci ce cluster generate-token`` of the cluster's kubeconfig.

Only the SDK calls need credentials; :func:`tunnel_kubeconfig` and :func:`ssh_command` are pure.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

#: OCI's upper bound for a session's lifetime is the bastion's ``max_session_ttl_in_seconds`` (AC-1), which
#: the spec's ``access.bastion.session_ttl_seconds`` sets between 1800 and 10800: 1800 fits every Bastion
#: the spec can build (a longer session is asked for with ``--ttl``).
DEFAULT_TTL_SECONDS = 1800
API_PORT = 6443


@dataclass(frozen=True)
class Endpoint:
    """The private API endpoint: IP and port (``Cluster.endpoints[].private_endpoint``, ``ip:port``)."""

    ip: str
    port: int = API_PORT

    @classmethod
    def parse(cls, text: str) -> Endpoint:
        """``10.0.0.5:6443`` or ``10.0.0.5``."""
        host, _, port = text.strip().partition(":")
        if not host:
            raise ValueError(f"{text!r} is not <ip>:<port>")
        return cls(host, int(port) if port else API_PORT)


def bastion_client(profile: str, region: str, config_file: str | None = None) -> Any:
    """A BastionClient signed with ``profile`` of the OCI config file, calling the stack's ``region``: a
    Bastion exists in one region, and the client's endpoint follows the config's ``region`` (oci SDK
    BaseClient), which may be another one in the profile."""
    import oci

    config = (
        oci.config.from_file(file_location=config_file, profile_name=profile)
        if config_file
        else (oci.config.from_file(profile_name=profile))
    )
    config["region"] = region
    return oci.bastion.BastionClient(config)


def session_details(bastion_id: str, endpoint: Endpoint, public_key: str, ttl: int = DEFAULT_TTL_SECONDS) -> Any:
    """The ``CreateSessionDetails`` of a port-forwarding session to ``endpoint``."""
    from oci.bastion.models import (
        CreatePortForwardingSessionTargetResourceDetails,
        CreateSessionDetails,
        PublicKeyDetails,
    )

    return CreateSessionDetails(
        bastion_id=bastion_id,
        display_name="oke-secure-tunnel",
        key_type="PUB",
        session_ttl_in_seconds=ttl,
        key_details=PublicKeyDetails(public_key_content=public_key.strip()),
        target_resource_details=CreatePortForwardingSessionTargetResourceDetails(
            target_resource_private_ip_address=endpoint.ip, target_resource_port=endpoint.port
        ),
    )


def open_session(
    client: Any,
    bastion_id: str,
    endpoint: Endpoint,
    public_key: str,
    *,
    ttl: int = DEFAULT_TTL_SECONDS,
    timeout: float = 300,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    """Create the session with ``client`` (an ``oci.bastion.BastionClient``) and wait until it is ACTIVE."""
    session = client.create_session(session_details(bastion_id, endpoint, public_key, ttl)).data
    waited = 0.0
    while session.lifecycle_state != "ACTIVE":
        if session.lifecycle_state in ("FAILED", "DELETED", "DELETING"):
            raise RuntimeError(
                f"bastion session {session.id} is {session.lifecycle_state}: {session.lifecycle_details}"
            )
        if waited >= timeout:
            raise TimeoutError(f"bastion session {session.id} not ACTIVE after {timeout:.0f}s")
        sleep(5)
        waited += 5
        session = client.get_session(session.id).data
    return session


def ssh_command(session_id: str, region: str, endpoint: Endpoint, local_port: int, private_key: str) -> str:
    """The ssh command that holds the port-forwarding session open (Oracle, connectingtosessions.htm)."""
    return (
        f"ssh -i {private_key} -N -L {local_port}:{endpoint.ip}:{endpoint.port} -p 22 "
        f"{session_id}@host.bastion.{region}.oci.oraclecloud.com"
    )


def tunnel_kubeconfig(kubeconfig: str, endpoint: Endpoint, local_port: int) -> str:
    """The cluster's kubeconfig with every cluster's server at the tunnel's local end and the endpoint's IP
    as TLS server name; users (the ``oci ce cluster generate-token`` exec plugin) are kept as they are."""
    data = yaml.safe_load(kubeconfig)
    if not isinstance(data, dict) or not data.get("clusters"):
        raise ValueError("not a kubeconfig with clusters (use `pulumi stack output --show-secrets kubeconfig`)")
    for entry in data["clusters"]:
        cluster = entry.setdefault("cluster", {})
        cluster["server"] = f"https://127.0.0.1:{local_port}"
        cluster["tls-server-name"] = endpoint.ip
    return yaml.safe_dump(data, sort_keys=False)
