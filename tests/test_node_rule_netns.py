"""NET-7 with the real mechanism: the node rule of the rendered cloud-init, installed with real iptables
in network namespaces this test creates, drops pod traffic to IMDS (169.254.169.254:80) for each CNI's
pod interfaces while DNS to the VCN resolver (169.254.169.254:53) and other traffic pass.

Topology, built fresh for each case and deleted afterwards (no packet ever leaves these namespaces;
nothing is sent from the machine's own network namespace):

    pod ns  --(pod veth pair, named as the CNI names it)-->  node ns  --(ens3 veth)-->  vcn ns

- flannel: OKE's flannel delegates to the CNI ``bridge`` plugin: the pod's ``eth0`` is paired with a
  host-side ``veth<8 hex>`` enslaved to the ``cni0`` bridge, which holds the pod gateway address; routed
  pod traffic therefore enters the node's FORWARD chain on ``cni0``.
- vcn-native: the OCI VCN-native plugin 2.x (``oci-ptp``) gives the pod a /32 VCN address on a routed
  veth pair: host side ``veth<8 hex>`` with a host route to the pod, pod side default route via the host.
- ``vcn`` holds the stand-ins: 169.254.169.254 (our own address on an interface inside the test
  namespaces) answering HTTP on 80 and DNS on 53 (UDP and TCP), and a VCN service on 10.0.16.1:443.

The node ns forwards (``net.ipv4.ip_forward=1``), as a worker node does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from oke_secure.builders import cloud_init

pytestmark = pytest.mark.slow

SEED_RULE = ["iptables", "--insert", "FORWARD", "1", "--in-interface", "veth+", "--destination", "169.254.0.0/16"]
SEED_RULE += ["--jump", "DROP"]


def _why_skip() -> str | None:
    if os.geteuid() != 0:
        return "network namespaces and iptables need root; this machine runs the tests unprivileged"
    return None


def _require_tools() -> None:
    missing = [t for t in ("ip", "iptables") if shutil.which(t) is None]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} missing although we are root: the Makefile's netns-tools step installs them "
            "(apt-get install iproute2 iptables); run `make netns-tools`"
        )


_SERVER = textwrap.dedent(
    """
    import selectors, socket, sys
    sel = selectors.DefaultSelector()
    for host, port in (("169.254.169.254", 80), ("169.254.169.254", 53), ("10.0.16.1", 443)):
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, port)); s.listen(8); sel.register(s, selectors.EVENT_READ, "tcp")
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("169.254.169.254", 53))
    sel.register(u, selectors.EVENT_READ, "udp")
    print("ready", flush=True)
    while True:
        for key, _ in sel.select():
            if key.data == "tcp":
                c, _ = key.fileobj.accept(); c.sendall(b"ok"); c.close()
            else:
                data, peer = key.fileobj.recvfrom(512); key.fileobj.sendto(b"ok" + data[:2], peer)
    """
)

_CLIENT = textwrap.dedent(
    """
    import json, socket
    out = {}
    for name, host, port, kind in (("imds", "169.254.169.254", 80, "tcp"), ("dns_tcp", "169.254.169.254", 53, "tcp"),
                                   ("dns_udp", "169.254.169.254", 53, "udp"), ("vcn_443", "10.0.16.1", 443, "tcp")):
        try:
            if kind == "tcp":
                s = socket.create_connection((host, port), timeout=0.6); ok = s.recv(2) == b"ok"; s.close()
            else:
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.6)
                s.sendto(b"\\x12\\x34", (host, port)); ok = s.recv(16).startswith(b"ok"); s.close()
        except OSError:
            ok = False
        out[name] = ok
    print(json.dumps(out))
    """
)


def _run(*args: str) -> None:
    subprocess.run(list(args), check=True, capture_output=True, text=True)


def _in(ns: str, *args: str) -> None:
    _run("ip", "netns", "exec", ns, *args)


@contextmanager
def _cluster_node(cni: str) -> Iterator[dict[str, str]]:
    tag = uuid.uuid4().hex[:6]
    ns = {"pod": f"f20-{tag}-pod", "node": f"f20-{tag}-node", "vcn": f"f20-{tag}-vcn"}
    host_if, pod_if = f"veth{uuid.uuid4().hex[:8]}", f"p{tag}"
    server: subprocess.Popen[str] | None = None
    try:
        for name in ns.values():
            _run("ip", "netns", "add", name)
            _in(name, "ip", "link", "set", "lo", "up")
        _in(ns["node"], "sysctl", "-qw", "net.ipv4.ip_forward=1")
        # node <-> VCN: the node's primary VNIC (ens3 on Oracle Linux) and the VCN side holding the stand-ins
        _in(ns["node"], "ip", "link", "add", "ens3", "type", "veth", "peer", "name", "vcn0", "netns", ns["vcn"])
        _in(ns["node"], "ip", "addr", "add", "10.0.16.10/24", "dev", "ens3")
        _in(ns["node"], "ip", "link", "set", "ens3", "up")
        _in(ns["node"], "ip", "route", "add", "169.254.169.254/32", "via", "10.0.16.1", "dev", "ens3")
        _in(ns["vcn"], "ip", "addr", "add", "10.0.16.1/24", "dev", "vcn0")
        _in(ns["vcn"], "ip", "addr", "add", "169.254.169.254/32", "dev", "vcn0")
        _in(ns["vcn"], "ip", "link", "set", "vcn0", "up")
        _in(ns["vcn"], "ip", "route", "add", "default", "via", "10.0.16.10", "dev", "vcn0")
        # the pod's veth pair, named as the CNI names it
        _in(ns["node"], "ip", "link", "add", host_if, "type", "veth", "peer", "name", pod_if, "netns", ns["pod"])
        _in(ns["pod"], "ip", "link", "set", pod_if, "name", "eth0")
        _in(ns["pod"], "ip", "link", "set", "eth0", "up")
        _in(ns["node"], "ip", "link", "set", host_if, "up")
        if cni == "flannel":
            _in(ns["node"], "ip", "link", "add", "cni0", "type", "bridge")
            _in(ns["node"], "ip", "addr", "add", "10.244.1.1/24", "dev", "cni0")
            _in(ns["node"], "ip", "link", "set", "cni0", "up")
            _in(ns["node"], "ip", "link", "set", host_if, "master", "cni0")
            _in(ns["pod"], "ip", "addr", "add", "10.244.1.5/24", "dev", "eth0")
            _in(ns["pod"], "ip", "route", "add", "default", "via", "10.244.1.1")
        else:
            _in(ns["node"], "ip", "addr", "add", "10.0.128.1/32", "dev", host_if)
            _in(ns["node"], "ip", "route", "add", "10.0.130.7/32", "dev", host_if)
            _in(ns["pod"], "ip", "addr", "add", "10.0.130.7/32", "dev", "eth0")
            _in(ns["pod"], "ip", "route", "add", "10.0.128.1/32", "dev", "eth0")
            _in(ns["pod"], "ip", "route", "add", "default", "via", "10.0.128.1", "dev", "eth0")
        server = subprocess.Popen(
            ["ip", "netns", "exec", ns["vcn"], sys.executable, "-c", _SERVER], stdout=subprocess.PIPE, text=True
        )
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        yield ns
    finally:
        if server is not None:
            server.kill()
            server.wait()
        for name in ns.values():
            subprocess.run(["ip", "netns", "del", name], capture_output=True)


def _probe(ns: str) -> dict[str, bool]:
    out = subprocess.run(
        ["ip", "netns", "exec", ns, sys.executable, "-c", _CLIENT], check=True, capture_output=True, text=True
    )
    result: dict[str, bool] = json.loads(out.stdout)
    return result


def _install(ns: str, commands: list[list[str]]) -> None:
    for cmd in commands:
        _in(ns, *cmd)


def _rendered_rules() -> list[list[str]]:
    """The iptables commands the rendered cloud-init really runs (read back as a shell would)."""
    cmds = [c for c in cloud_init.effective_commands(cloud_init.render()) if c and c[0] == "iptables"]
    inserts = [c for c in cmds if "--insert" in c]
    assert inserts, "the rendered cloud-init inserts no iptables rule"
    return inserts


@pytest.mark.parametrize("cni", ["flannel", "vcn-native"])
def test_rendered_rule_drops_imds_keeps_dns_for_each_cni_net7(cni: str) -> None:
    reason = _why_skip()
    if reason:
        pytest.skip(reason)
    _require_tools()
    with _cluster_node(cni) as ns:
        before = _probe(ns["pod"])
        assert before == {"imds": True, "dns_tcp": True, "dns_udp": True, "vcn_443": True}, before
        _install(ns["node"], _rendered_rules())
        # the cloud-init's own final check passes once the rule is in
        _in(ns["node"], "iptables", "--check", "FORWARD", *cloud_init.BLOCK_RULE.split())
        after = _probe(ns["pod"])
        assert after == {"imds": False, "dns_tcp": True, "dns_udp": True, "vcn_443": True}, (cni, after)
        # the node's own processes (kubelet, OKE's bootstrap) still reach IMDS: the rule is on FORWARD only
        assert _probe(ns["node"])["imds"] is True


def test_seed_rule_misses_flannel_pods_net7() -> None:
    """The seed's ``-i veth+ -d 169.254.0.0/16`` rule: flannel pods still reach IMDS (traffic enters on cni0)."""
    reason = _why_skip()
    if reason:
        pytest.skip(reason)
    _require_tools()
    with _cluster_node("flannel") as ns:
        _install(ns["node"], [SEED_RULE])
        assert _probe(ns["pod"])["imds"] is True


def test_seed_rule_cuts_dns_of_routed_veth_pods_net7() -> None:
    """Where the seed's rule does match (routed veth), its /16 drop also cuts the VCN resolver."""
    reason = _why_skip()
    if reason:
        pytest.skip(reason)
    _require_tools()
    with _cluster_node("vcn-native") as ns:
        _install(ns["node"], [SEED_RULE])
        result = _probe(ns["pod"])
        assert result["imds"] is False and result["dns_udp"] is False and result["dns_tcp"] is False
