"""IAM statements that let OKE and Block Volume use customer-managed keys, each naming its key (IAM-5).

Pure functions: the Keys component renders these once the key OCIDs are known, and the policy pack
uses :func:`unscoped_key_grants` to flag any hand-written statement on keys that does not name one.

The statements follow Oracle's "Policy Configuration for Cluster Creation and Deployment" and
"Encrypting Kubernetes Secrets at Rest" pages: the cluster (and the OKE service) may use only the
secrets key; the image-verification RSA key is usable only by cluster principals; node pools (and the
OKE service) may use only *key-delegates* of the boot-volume key, while Block Volume uses the key
itself. Every grant carries ``target.key.id``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Resource types whose grants must name a key with ``target.key.id`` (IAM-5).
KEY_RESOURCE_TYPES = frozenset({"keys", "key-delegates", "key-family"})

_STATEMENT_RE = re.compile(
    r"^\s*allow\s+(?P<subject>.+?)\s+to\s+(?P<verb>\{[^}]*\}|\S+)\s+(?P<resource>\S+)\s+in\s+"
    r"(?P<location>tenancy|compartment\s+id\s+\S+|compartment\s+\S+)(?:\s+where\s+(?P<where>.*))?\s*$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class KeyGrant:
    """One ``Allow`` statement that grants something on a key resource type."""

    statement: str
    subject: str
    verb: str
    resource: str
    where: str


def _location(compartment_id: str) -> str:
    return f"compartment id {compartment_id}"


def secrets_key_statements(compartment_id: str, key_id: str) -> list[str]:
    """Cluster -> its secrets-encryption AES key (CL-4, IAM-5)."""
    loc = _location(compartment_id)
    return [
        f"Allow service oke to use keys in {loc} where target.key.id = '{key_id}'",
        f"Allow any-user to use keys in {loc} where ALL {{request.principal.type = 'cluster', "
        f"target.key.id = '{key_id}'}}",
    ]


def image_signing_key_statements(compartment_id: str, key_id: str) -> list[str]:
    """Cluster -> the RSA key its image policy verifies signatures with (CL-5, IAM-5)."""
    return [
        f"Allow any-user to use keys in {_location(compartment_id)} where ALL "
        f"{{request.principal.type = 'cluster', target.key.id = '{key_id}'}}",
    ]


def boot_volume_key_statements(compartment_id: str, key_id: str) -> list[str]:
    """Node pools -> key-delegates of the boot-volume key; Block Volume -> the key (NP-3, IAM-5)."""
    loc = _location(compartment_id)
    return [
        f"Allow service oke to use key-delegates in {loc} where target.key.id = '{key_id}'",
        f"Allow service blockstorage to use keys in {loc} where target.key.id = '{key_id}'",
        f"Allow any-user to use key-delegates in {loc} where ALL {{request.principal.type = 'nodepool', "
        f"target.key.id = '{key_id}'}}",
    ]


def service_statements(
    compartment_id: str, secrets_key_id: str, boot_volume_key_id: str, image_signing_key_id: str
) -> list[str]:
    """Every statement OKE needs to use the three keys, each scoped to one key (IAM-5)."""
    return (
        secrets_key_statements(compartment_id, secrets_key_id)
        + image_signing_key_statements(compartment_id, image_signing_key_id)
        + boot_volume_key_statements(compartment_id, boot_volume_key_id)
    )


def parse_key_grant(statement: str) -> KeyGrant | None:
    """The grant in ``statement`` if it is an ``Allow`` on keys, key-delegates or key-family; else None."""
    m = _STATEMENT_RE.match(statement)
    if not m or m.group("resource").lower() not in KEY_RESOURCE_TYPES:
        return None
    return KeyGrant(
        statement=statement,
        subject=m.group("subject").strip(),
        verb=m.group("verb"),
        resource=m.group("resource").lower(),
        where=(m.group("where") or "").strip(),
    )


def names_a_key(grant: KeyGrant) -> bool:
    """True when the grant's condition pins it to a key with ``target.key.id = '...'``.

    An ``ANY {...}`` condition with several clauses does not pin anything: any other clause would do.
    """
    where = grant.where
    if re.search(r"target\.key\.id\s*=\s*'[^']+'", where, re.IGNORECASE) is None:
        return False
    return not (re.match(r"^\s*any\s*\{", where, re.IGNORECASE) and "," in where)


def unscoped_key_grants(statements: list[str]) -> list[KeyGrant]:
    """Grants on key resource types that do not name a key with ``target.key.id`` (IAM-5)."""
    out: list[KeyGrant] = []
    for s in statements:
        grant = parse_key_grant(s) if isinstance(s, str) else None
        if grant is not None and not names_a_key(grant):
            out.append(grant)
    return out
