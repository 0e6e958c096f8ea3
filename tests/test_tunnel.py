"""`oke-secure tunnel` (DEP-3): the Bastion port-forwarding session through the real `oci` SDK, answered by
recorded API responses (shaped as the Bastion API reference's Session), and the tunnel kubeconfig."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import pytest
import requests
import yaml
from requests.adapters import BaseAdapter

from oke_secure import tunnel
from oke_secure.cli import main

RECORDED = Path(__file__).resolve().parent / "recorded" / "bastion"
BASTION = "ocid1.bastion.oc1.eu-frankfurt-1.amaaaaaaexamplebastion"
KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- name: cluster-c1
  cluster:
    server: https://10.0.0.5:6443
    certificate-authority-data: Y2E=
contexts:
- name: context-c1
  context: {cluster: cluster-c1, user: user-c1}
current-context: context-c1
users:
- name: user-c1
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: oci
      args: [ce, cluster, generate-token, --cluster-id, ocid1.cluster.oc1.eu-frankfurt-1.c1, --region, eu-frankfurt-1]
"""


class Recorded(BaseAdapter):
    """Answers the SDK's HTTP calls with recorded bodies, and keeps the requests it saw."""

    def __init__(self, answers: list[str]) -> None:
        super().__init__()
        self.answers = list(answers)
        self.requests: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.requests.append(request)
        response = requests.Response()
        response.status_code = 200
        response._content = (RECORDED / self.answers.pop(0)).read_bytes()
        response.headers["content-type"] = "application/json"
        response.headers["opc-request-id"] = "recorded"
        response.request = request
        response.url = request.url or ""
        return response

    def close(self) -> None:
        pass


def _client(adapter: Recorded, tmp: Path) -> Any:
    """A real BastionClient with a throwaway API key (requests are really signed), answered by ``adapter``."""
    import oci
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    (tmp / "key.pem").write_bytes(pem)
    config = {
        "user": "ocid1.user.oc1..aaaaaaaaexampleuser",
        "tenancy": "ocid1.tenancy.oc1..aaaaaaaaexampletenancy",
        "fingerprint": "20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34",
        "key_file": str(tmp / "key.pem"),
        "region": "eu-frankfurt-1",
    }
    client = oci.bastion.BastionClient(config)
    client.base_client.session.mount("https://", adapter)
    return client


def test_session_is_created_through_the_sdk_and_waited_for(tmp_path: Path) -> None:
    """The SDK serialises a PORT_FORWARDING session to the endpoint's IP and 6443; we wait for ACTIVE."""
    adapter = Recorded(["create_session.json", "get_session_active.json"])
    session = tunnel.open_session(
        _client(adapter, tmp_path),
        BASTION,
        tunnel.Endpoint.parse("10.0.0.5:6443"),
        "ssh-ed25519 AAAA ops",
        sleep=lambda s: None,
    )
    assert session.lifecycle_state == "ACTIVE" and session.id.startswith("ocid1.bastionsession.")
    create, get = adapter.requests
    assert create.method == "POST" and create.url is not None and create.url.endswith("/20210331/sessions")
    assert "bastion.eu-frankfurt-1.oci.oraclecloud.com" in create.url
    body = json.loads(cast(str | bytes, create.body or b"{}"))  # requests keeps the prepared body as str or bytes
    assert body["targetResourceDetails"] == {
        "sessionType": "PORT_FORWARDING",
        "targetResourcePrivateIpAddress": "10.0.0.5",
        "targetResourcePort": 6443,
    }
    assert body["bastionId"] == BASTION and body["keyDetails"]["publicKeyContent"] == "ssh-ed25519 AAAA ops"
    # AC-1: within every Bastion the spec can build (max_session_ttl_in_seconds 1800..10800)
    assert body["sessionTtlInSeconds"] == tunnel.DEFAULT_TTL_SECONDS == 1800
    assert get.method == "GET" and session.id in (get.url or "")
    assert str(create.headers["authorization"]).startswith("Signature ")  # the SDK signed it


def test_tunnel_kubeconfig_points_at_the_local_end_and_keeps_the_tls_name() -> None:
    out = yaml.safe_load(tunnel.tunnel_kubeconfig(KUBECONFIG, tunnel.Endpoint("10.0.0.5"), 16443))
    cluster = out["clusters"][0]["cluster"]
    assert cluster["server"] == "https://127.0.0.1:16443" and cluster["tls-server-name"] == "10.0.0.5"
    assert cluster["certificate-authority-data"] == "Y2E="
    assert out["users"][0]["user"]["exec"]["args"][:3] == ["ce", "cluster", "generate-token"]
    with pytest.raises(ValueError):
        tunnel.tunnel_kubeconfig("apiVersion: v1\n", tunnel.Endpoint("10.0.0.5"), 16443)


def test_ssh_command_names_the_session_host_of_the_region() -> None:
    cmd = tunnel.ssh_command("ocid1.bastionsession.oc1..s", "eu-frankfurt-1", tunnel.Endpoint("10.0.0.5"), 6443, "k")
    host = "host.bastion.eu-frankfurt-1.oci.oraclecloud.com"
    assert cmd == f"ssh -i k -N -L 6443:10.0.0.5:6443 -p 22 ocid1.bastionsession.oc1..s@{host}"


def test_cli_print_only_writes_the_kubeconfig(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kc.yaml").write_text(KUBECONFIG)
    (tmp_path / "id.pub").write_text("ssh-ed25519 AAAA ops\n")
    args = ["tunnel", "--bastion-id", BASTION, "--endpoint", "10.0.0.5:6443", "--region", "eu-frankfurt-1"]
    args += ["--kubeconfig", str(tmp_path / "kc.yaml"), "--public-key", str(tmp_path / "id.pub")]
    args += ["--out", str(tmp_path / "tunnel.yaml"), "--print-only"]
    assert main(args) == 0
    assert "create-port-forwarding" in capsys.readouterr().out
    assert (
        yaml.safe_load((tmp_path / "tunnel.yaml").read_text())["clusters"][0]["cluster"]["tls-server-name"]
        == "10.0.0.5"
    )


@pytest.mark.parametrize("ttl", ["900", "20000"])
def test_cli_refuses_a_session_length_no_bastion_allows(
    ttl: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["tunnel", "--bastion-id", BASTION, "--endpoint", "10.0.0.5:6443", "--region", "eu-frankfurt-1"]
    args += ["--kubeconfig", str(tmp_path / "kc.yaml"), "--public-key", str(tmp_path / "id.pub")]
    args += ["--out", str(tmp_path / "tunnel.yaml"), "--ttl", ttl]
    assert main(args) == 2
    assert f"--ttl: {ttl} is outside a Bastion's 1800-10800 s" in capsys.readouterr().err
    assert not (tmp_path / "tunnel.yaml").exists()


def test_client_calls_the_stacks_region_whatever_the_profile_says(tmp_path: Path) -> None:
    """The Bastion lives in the stack's region; a profile whose region is another one must not send the
    session request there (the SDK's endpoint follows the config's region)."""
    _client(Recorded([]), tmp_path)  # writes a throwaway key.pem
    (tmp_path / "config").write_text(
        "[DEFAULT]\nuser=ocid1.user.oc1..aaaaaaaaexampleuser\ntenancy=ocid1.tenancy.oc1..aaaaaaaaexampletenancy\n"
        f"fingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34\nkey_file={tmp_path / 'key.pem'}\n"
        "region=us-ashburn-1\n"
    )
    client = tunnel.bastion_client("DEFAULT", "eu-frankfurt-1", str(tmp_path / "config"))
    assert "bastion.eu-frankfurt-1.oci.oraclecloud.com" in client.base_client.endpoint
