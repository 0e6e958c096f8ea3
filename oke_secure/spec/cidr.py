"""Pure CIDR helpers used by spec validation and the network rule tables."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

ANYWHERE = "0.0.0.0/0"
METADATA_CIDR = "169.254.0.0/16"
METADATA_IP = "169.254.169.254/32"


def parse(cidr: str) -> ipaddress.IPv4Network:
    """Parse an IPv4 CIDR strictly; raise ``ValueError`` with a message that says how to fix it."""
    if not isinstance(cidr, str) or "/" not in cidr:
        raise ValueError(f"{cidr!r} is not a CIDR block. Fix: write it as address/prefix, e.g. 10.0.0.0/16")
    try:
        return ipaddress.IPv4Network(cidr, strict=True)
    except ipaddress.NetmaskValueError as exc:
        raise ValueError(f"{cidr!r} has an invalid prefix ({exc}). Fix: use a prefix from /0 to /32") from None
    except ValueError as exc:
        if "host bits set" in str(exc):
            net = ipaddress.IPv4Network(cidr, strict=False)
            raise ValueError(
                f"{cidr!r} has host bits set. Fix: use the network address, {net.with_prefixlen}"
            ) from None
        raise ValueError(f"{cidr!r} is not a valid IPv4 CIDR block. Fix: e.g. 10.0.0.0/16") from None


def overlaps(a: str, b: str) -> bool:
    """True when the two CIDR blocks share at least one address."""
    return parse(a).overlaps(parse(b))


def contains(outer: str, inner: str) -> bool:
    """True when ``inner`` lies entirely inside ``outer``."""
    return parse(inner).subnet_of(parse(outer))


def is_anywhere(cidr: str) -> bool:
    """True for a block that covers the whole IPv4 internet (prefix length 0)."""
    try:
        return parse(cidr).prefixlen == 0
    except ValueError:
        return cidr.strip() in {ANYWHERE, "::/0"}


def overlapping_pairs(blocks: Iterable[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """Every overlapping pair among ``(label, cidr)`` blocks, as ``(label_a, cidr_a, label_b, cidr_b)``."""
    items = list(blocks)
    out: list[tuple[str, str, str, str]] = []
    for i, (la, ca) in enumerate(items):
        for lb, cb in items[i + 1 :]:
            if overlaps(ca, cb):
                out.append((la, ca, lb, cb))
    return out
