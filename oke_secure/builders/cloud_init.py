"""Node bootstrap for OKE managed node pools: the cloud-init script and the node image (NP-1, NET-7).

Pure functions, no Pulumi: the node-pool component renders with them and the policies read back what
a (possibly hand-written) program put in ``node_metadata["user_data"]``.

The script does three things, in this order:

1. installs the rule that blocks containers from the instance metadata service (NET-7)::

       iptables --insert FORWARD 1 --destination 169.254.169.254/32 --protocol tcp --destination-port 80 --jump DROP

   as a systemd one-shot unit that runs before the kubelet at every boot, so it survives reboots
   (skipped only for a pool declared to need instance principals). Why this rule and not the seed's
   ``--in-interface veth+ --destination 169.254.0.0/16``:

   - *which traffic*: a pod's packets leave its network namespace through a veth pair and are routed by
     the node, so they cross the node's FORWARD chain, while the node's own processes (kubelet, OKE's
     bootstrap, host-network pods) use OUTPUT and keep IMDS. With flannel the host side of each veth
     is enslaved to the ``cni0`` bridge (flannel delegates to the CNI ``bridge`` plugin,
     flannel-io/cni-plugin), so routed pod traffic enters FORWARD with ``--in-interface cni0``, never
     ``veth+``: the seed's rule misses it. The OCI VCN-native plugin (2.x) connects pods with routed
     veth pairs (Oracle, "Introducing Oracle Kubernetes VCN CNI 2.0.0"; Calico enforces policy on both
     CNIs, Oracle, "Pod Networking", which needs pod traffic to cross the node's netfilter). Matching
     on no interface at all holds for both CNIs and for whatever name a CNI version picks: forwarded
     traffic to a link-local address can only come from a container on this node.
   - *what is dropped*: only IMDS, i.e. TCP port 80 of 169.254.169.254 (Oracle, "Getting Instance
     Metadata": ``http://169.254.169.254/opc/v2/...``). The same address answers DNS on port 53 as the
     VCN resolver (Oracle, "DNS in Your Virtual Cloud Network"), which CoreDNS forwards to; the seed's
     /16 drop cut pods off it.

   ``tests/test_node_rule_netns.py`` installs the rule with real iptables in network namespaces built
   as each CNI builds them and shows IMDS dropped while DNS and other traffic pass.
2. fetches OKE's own init script over IMDS v2 (the legacy v1 endpoints are disabled, NP-2);
3. runs it with ``--kubelet-extra-args "--register-with-taints=..."``: managed node pools have no taint
   field, so the kubelet registers the workload (and preemptible) taints itself (NP-1, NP-6).

The reading side (:func:`metadata_rule`, :func:`registered_taints`) parses the script as a shell
script (:func:`effective_commands`): comments, quoted heredocs written to files that are then run,
line continuations, ``;``/``&&``/``||`` lists and ``set -e`` lines; a commented-out rule does not count.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: The instance metadata service (IMDS): HTTP on this address, port 80 (NET-7).
METADATA_IP = "169.254.169.254"
METADATA_CIDR = f"{METADATA_IP}/32"
IMDS_PORT = 80
#: The VCN resolver answers on the same address, port 53: it must stay reachable.
DNS_PORT = 53
BLOCK_RULE = f"--destination {METADATA_CIDR} --protocol tcp --destination-port {IMDS_PORT} --jump DROP"
BLOCK_COMMAND = f"iptables --insert FORWARD 1 {BLOCK_RULE}"
#: Where OKE serves its node init script (IMDS v2 needs the ``Authorization: Bearer Oracle`` header).
OKE_INIT_URL = "http://169.254.169.254/opc/v2/instance/metadata/oke_init_script"
OKE_INIT_PATH = "/var/run/oke-init.sh"
UNIT_NAME = "oke-secure-block-imds.service"
HELPER_PATH = "/usr/local/sbin/oke-secure-block-imds"

_TAINT_RE = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_./]*=[-A-Za-z0-9_.]*:(NoSchedule|PreferNoSchedule|NoExecute)$")


def render(*, taints: Sequence[str] = (), block_metadata: bool = True) -> str:
    """The node's cloud-init user data (a shell script, which cloud-init runs as is).

    Args:
        taints: ``key=value:Effect`` entries the kubelet registers the node with.
        block_metadata: Install the NET-7 rule; false only for a declared instance-principal pool.

    Raises:
        ValueError: A taint is not of the form ``key=value:Effect``.
    """
    for taint in taints:
        if not _TAINT_RE.match(taint):
            raise ValueError(f"{taint!r} is not a taint of the form key=value:NoSchedule")
    lines = [
        "#!/bin/bash",
        "# Rendered by oke-secure (oke_secure.builders.cloud_init). Do not edit by hand.",
        "set -euo pipefail",
    ]
    if block_metadata:
        lines += [
            "",
            "# NET-7: containers cannot reach instance metadata; applied before the kubelet at every boot.",
            f"cat >{HELPER_PATH} <<'EOF'",
            "#!/bin/bash",
            f"iptables --check FORWARD {BLOCK_RULE} 2>/dev/null || {BLOCK_COMMAND}",
            "EOF",
            f"chmod 0755 {HELPER_PATH}",
            f"cat >/etc/systemd/system/{UNIT_NAME} <<'EOF'",
            "[Unit]",
            "Description=oke-secure: block containers from instance metadata (NET-7)",
            "After=network-pre.target",
            "Before=kubelet.service",
            "",
            "[Service]",
            "Type=oneshot",
            f"ExecStart={HELPER_PATH}",
            "RemainAfterExit=yes",
            "",
            "[Install]",
            "WantedBy=multi-user.target",
            "EOF",
            "systemctl daemon-reload",
            f"systemctl enable --now {UNIT_NAME}",
            "# Fail the bootstrap (the node never joins) rather than run pods without the rule.",
            f"iptables --check FORWARD {BLOCK_RULE}",
        ]
    lines += [
        "",
        "# OKE's node bootstrap, fetched over IMDS v2 (legacy v1 endpoints are disabled, NP-2).",
        f'curl --fail --silent --show-error -H "Authorization: Bearer Oracle" -L0 {OKE_INIT_URL} '
        f"| base64 --decode >{OKE_INIT_PATH}",
    ]
    run = f"bash {OKE_INIT_PATH}"
    if taints:
        # taints are validated above (no quotes, spaces or shell characters), so plain quoting is safe
        run += f' --kubelet-extra-args "--register-with-taints={",".join(taints)}"'
    lines.append(run)
    return "\n".join(lines) + "\n"


def encode(script: str) -> str:
    """Base64, as ``node_metadata["user_data"]`` expects."""
    return base64.b64encode(script.encode()).decode()


def decode(user_data: Any) -> str | None:
    """The text of base64 ``user_data`` (``None`` when absent or not base64)."""
    if not isinstance(user_data, str) or not user_data.strip():
        return None
    try:
        return base64.b64decode(user_data.strip(), validate=True).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        return None


def user_data_of(node_metadata: Any) -> str | None:
    """The decoded cloud-init of a node pool's ``node_metadata`` (``user_data`` key)."""
    if not isinstance(node_metadata, Mapping):
        return None
    return decode(node_metadata.get("user_data") or node_metadata.get("userData"))


# Reading a script back: a small shell reader ------------------------------------------------------

_HEREDOC_RE = re.compile(r"<<-?\s*(?P<q>['\"]?)(?P<tag>[A-Za-z_][A-Za-z0-9_]*)(?P=q)")
_REDIRECT_RE = re.compile(r"(?:^|\s)(?:>|>>)\s*(?P<path>[^\s;&|<>]+)")
_TEE_RE = re.compile(r"\btee\s+(?:-a\s+)?(?P<path>[^\s;&|<>]+)")
_SEPARATORS = {";", "&&", "||", "|", "&", ";;", "(", ")", "{", "}"}
_KEYWORDS = {"then", "do", "else", "elif", "if", "while", "until", "!", "time", "exec", "sudo", "command", "nohup"}
_UNIT_DIR = "/etc/systemd/system/"


@dataclass(frozen=True)
class _Heredoc:
    path: str | None
    body: str


def _split_lines(script: str) -> tuple[list[str], list[_Heredoc]]:
    """Top-level logical lines (continuations joined) and the heredocs the script writes."""
    raw = script.splitlines()
    lines: list[str] = []
    docs: list[_Heredoc] = []
    i = 0
    pending = ""
    while i < len(raw):
        line = pending + raw[i]
        i += 1
        if line.endswith("\\") and not line.lstrip().startswith("#"):
            pending = line[:-1] + " "
            continue
        pending = ""
        m = _HEREDOC_RE.search(_strip_comment(line))
        if m:
            tag, strip_tabs = m.group("tag"), "<<-" in line
            body: list[str] = []
            while i < len(raw):
                candidate = raw[i].lstrip("\t") if strip_tabs else raw[i]
                i += 1
                if candidate == tag:
                    break
                body.append(candidate)
            head = _strip_comment(line)
            target = _REDIRECT_RE.search(head[: m.start()] + " " + head[m.end() :]) or _TEE_RE.search(head)
            docs.append(_Heredoc(target.group("path").strip("'\"") if target else None, "\n".join(body)))
            line = head[: m.start()] + head[m.end() :]
        lines.append(line)
    return lines, docs


def _strip_comment(line: str) -> str:
    """The line without a trailing shell comment (a ``#`` at the start of a word, outside quotes)."""
    out: list[str] = []
    quote = ""
    prev = " "
    for ch in line:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and prev.isspace():
            break
        out.append(ch)
        prev = ch
    return "".join(out)


def _commands_of_line(line: str) -> list[list[str]]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    try:
        tokens = list(lexer)
    except ValueError:  # unbalanced quotes: not a command the shell would run either
        return []
    out: list[list[str]] = []
    cur: list[str] = []
    for tok in [*tokens, ";"]:
        if tok in _SEPARATORS or set(tok) <= set(";&|()"):
            while cur and (cur[0] in _KEYWORDS or re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", cur[0])):
                cur.pop(0)
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(tok)
    return out


def effective_commands(script: str | None) -> list[list[str]]:
    """The commands ``script`` runs, as argument lists, read the way a shell reads them.

    Comments are dropped; ``a && b || c`` and ``a; b`` give each command; a quoted heredoc written to a
    file counts only when that file is run: directly (``bash /path``, ``/path``) or as the
    ``ExecStart`` of a systemd unit the script enables or starts. ``set``, ``chmod`` and the like are
    returned like any other command; callers look for the ones they need.
    """
    if not script:
        return []
    lines, docs = _split_lines(script)
    top = [cmd for line in lines for cmd in _commands_of_line(line)]
    ran: list[list[str]] = list(top)
    pending = [d for d in docs if d.path]
    changed = True
    while changed:
        changed = False
        started_units = {
            arg
            for cmd in ran
            if cmd and cmd[0] == "systemctl" and any(a in ("enable", "start", "restart") for a in cmd)
            for arg in cmd[1:]
            if not arg.startswith("-")
        }
        executed = {a for cmd in ran for a in cmd[:2]}
        for doc in list(pending):
            assert doc.path is not None
            unit = doc.path.removeprefix(_UNIT_DIR) if doc.path.startswith(_UNIT_DIR) else None
            if unit is not None and (unit in started_units or unit.removesuffix(".service") in started_units):
                for raw in doc.body.splitlines():
                    raw = raw.strip()
                    if raw.startswith("ExecStart=") or raw.startswith("ExecStartPre="):
                        ran += _commands_of_line(raw.split("=", 1)[1].lstrip("-+@!"))
                pending.remove(doc)
                changed = True
            elif unit is None and doc.path in executed:
                ran += effective_commands(doc.body)
                pending.remove(doc)
                changed = True
    return ran


def _flag(args: list[str], long: str, short: str) -> str | None:
    for i, a in enumerate(args):
        if a in (long, short) and i + 1 < len(args):
            return args[i + 1]
        if a.startswith(long + "="):
            return a.split("=", 1)[1]
    return None


def _inserts_forward(args: list[str]) -> bool:
    for flag in ("--insert", "-I"):
        if flag in args:
            i = args.index(flag)
            return i + 1 < len(args) and args[i + 1] == "FORWARD"
    return False


def _covers_metadata(dest: str | None) -> bool:
    if not dest:
        return False
    try:
        return any(ipaddress.ip_address(METADATA_IP) in ipaddress.ip_network(d, strict=False) for d in dest.split(","))
    except ValueError:
        return False


@dataclass(frozen=True)
class MetadataRule:
    """What a cloud-init does about pod access to instance metadata (NET-7)."""

    blocks_imds: bool
    """An effective FORWARD rule drops (or rejects) TCP 80 to 169.254.169.254 for every pod interface."""
    cuts_dns: bool
    """The dropping rule also covers port 53 of 169.254.169.254 (the VCN resolver)."""
    problem: str | None
    """Why the script does not block IMDS as NET-7 needs (``None`` when it does)."""


def metadata_rule(script: str | None) -> MetadataRule:
    """Judge the iptables rules ``script`` really runs (comments and unused heredocs do not count)."""
    near_miss: str | None = None
    for cmd in effective_commands(script):
        if not cmd or cmd[0].rsplit("/", 1)[-1] not in ("iptables", "iptables-legacy", "iptables-nft"):
            continue
        args = cmd[1:]
        if not _inserts_forward(args) or _flag(args, "--jump", "-j") not in ("DROP", "REJECT"):
            continue
        if not _covers_metadata(_flag(args, "--destination", "-d")):
            continue
        iface = _flag(args, "--in-interface", "-i")
        if iface not in (None, "+"):
            near_miss = (
                f"its rule only matches --in-interface {iface}, so it misses pods of a CNI that names or "
                "bridges their interfaces differently (flannel routes pod traffic in through cni0)"
            )
            continue
        proto = (_flag(args, "--protocol", "-p") or "all").lower()
        port = _flag(args, "--destination-port", "--dport")
        if proto in ("all", "0"):
            return MetadataRule(
                True, True, "its rule drops every port of 169.254.169.254, so pods lose the VCN resolver (DNS, port 53)"
            )
        if proto == "tcp" and (port is None or _port_in(port, IMDS_PORT)):
            cuts = port is None or _port_in(port, DNS_PORT)
            return MetadataRule(True, cuts, "its rule also drops TCP port 53 of the VCN resolver" if cuts else None)
    return MetadataRule(False, False, near_miss or "no effective FORWARD rule drops TCP 80 to 169.254.169.254")


def _port_in(spec: str, port: int) -> bool:
    lo, _, hi = spec.partition(":")
    try:
        return int(lo or 0) <= port <= int(hi or lo or 65535)
    except ValueError:
        return False


def blocks_metadata(script: str | None) -> bool:
    """True when ``script`` effectively drops pod traffic to IMDS and leaves the VCN resolver reachable."""
    return metadata_rule(script).problem is None


_REGISTER_RE = re.compile(r"--register-with-taints[= ](?P<value>[^\s'\"]+)")


def registered_taints(script: str | None) -> list[str]:
    """Every ``key=value:Effect`` passed to ``--register-with-taints`` by a command ``script`` runs."""
    out: list[str] = []
    for cmd in effective_commands(script):
        for m in _REGISTER_RE.finditer(" ".join(cmd)):
            out += [t for t in m.group("value").split(",") if t]
    return out


# Node image ------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"(\d{4})\.(\d{2})\.(\d{2})-(\d+)")


def choose_image(sources: Iterable[Mapping[str, Any]], kubernetes_version: str) -> str:
    """The id of the newest x86 OKE image built for ``kubernetes_version`` (e.g. ``v1.33.1``).

    ``sources`` are the node-pool option's sources (``source_name`` / ``image_id``, or camelCase).
    Images whose name contains ``OKE-<version>`` qualify; aarch64 and GPU images are left out; the
    newest build date wins (then the highest name).

    Raises:
        ValueError: No image matches; the message names the version.
    """
    bare = kubernetes_version.lstrip("v")
    wanted = re.compile(rf"OKE-{re.escape(bare)}(?![0-9])")
    candidates: list[tuple[tuple[int, ...], str, str]] = []
    for src in sources:
        name = str(src.get("source_name") or src.get("sourceName") or "")
        image = src.get("image_id") or src.get("imageId")
        if not image or not wanted.search(name) or "aarch64" in name or "GPU" in name.upper():
            continue
        d = _DATE_RE.search(name)
        key = tuple(int(x) for x in d.groups()) if d else (0,)
        candidates.append((key, name, str(image)))
    if not candidates:
        raise ValueError(
            f"no x86 OKE image for Kubernetes {kubernetes_version} in this region. Fix: pin a "
            "version OKE supports (oci ce node-pool-options get --node-pool-option-id all)"
        )
    return max(candidates)[2]
