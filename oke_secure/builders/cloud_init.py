"""Node bootstrap for OKE managed node pools: the cloud-init script and the node image (NP-1, NET-7).

Pure functions, no Pulumi: the node-pool component renders with them and the policies read back what
a (possibly hand-written) program put in ``node_metadata["user_data"]``.

The script does three things, in this order:

1. installs the seed's rule that blocks containers from instance metadata (NET-7)::

       iptables --insert FORWARD 1 --in-interface veth+ --destination 169.254.0.0/16 --jump DROP

   as a systemd one-shot unit that runs before the kubelet at every boot, so it survives reboots
   (skipped only for a pool declared to need instance principals);
2. fetches OKE's own init script over IMDS v2 (the legacy v1 endpoints are disabled, NP-2);
3. runs it with ``--kubelet-extra-args "--register-with-taints=..."``: managed node pools have no taint
   field, so the kubelet registers the workload (and preemptible) taints itself (NP-1, NP-6).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: The seed's rule (Oracle, "Securing Container Engine for Kubernetes") with the link-local range filled in.
METADATA_CIDR = "169.254.0.0/16"
BLOCK_RULE = f"--in-interface veth+ --destination {METADATA_CIDR} --jump DROP"
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


_IPT_LINE = re.compile(r"\biptables\b(?P<args>[^\n;|&]*)")


def blocks_metadata(script: str | None) -> bool:
    """True when ``script`` inserts a FORWARD rule dropping pod (``veth+``) traffic to link-local metadata.

    Accepts long or short flags (``-I FORWARD 1 -i veth+ -d 169.254.0.0/16 -j DROP``), the /16 or the
    metadata address itself, and DROP or REJECT.
    """
    if not script:
        return False
    for m in _IPT_LINE.finditer(script):
        args = m.group("args").split()
        if not _insert_or_append_forward(args):
            continue
        iface = _flag(args, "--in-interface", "-i")
        dest = _flag(args, "--destination", "-d")
        jump = _flag(args, "--jump", "-j")
        if (
            iface in {"veth+", "+"}
            and dest in {METADATA_CIDR, "169.254.169.254", "169.254.169.254/32"}
            and jump in {"DROP", "REJECT"}
        ):
            return True
    return False


def _insert_or_append_forward(args: list[str]) -> bool:
    for flag in ("--insert", "-I", "--append", "-A"):
        if flag in args:
            i = args.index(flag)
            return i + 1 < len(args) and args[i + 1] == "FORWARD"
    return False


def _flag(args: list[str], long: str, short: str) -> str | None:
    for i, a in enumerate(args):
        if a in (long, short) and i + 1 < len(args):
            return args[i + 1].strip("'\"")
        if a.startswith(long + "="):
            return a.split("=", 1)[1].strip("'\"")
    return None


_REGISTER_RE = re.compile(r"--register-with-taints[= ]['\"]?(?P<value>[^\s'\"]+)")


def registered_taints(script: str | None) -> list[str]:
    """Every ``key=value:Effect`` passed to ``--register-with-taints`` in ``script``."""
    if not script:
        return []
    out: list[str] = []
    for m in _REGISTER_RE.finditer(script):
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
