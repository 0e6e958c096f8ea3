"""A Mermaid flowchart of a stack, drawn from an offline preview's capture (``oke-secure diagram``).

Pure: a :class:`~oke_secure.offline.engine.Capture` in, Mermaid text out. The diagram shows what matters for a
security review: the network (VCN, subnets, gateways), the vault and keys, the cluster, the node pools,
the identities (dynamic groups and IAM policies), the bastion, the registry and the Kubernetes
namespaces, grouped in subgraphs, with the references between them as edges. Output is deterministic:
nodes, subgraphs and edges are sorted, and node ids are derived from logical names (never from mock
ids), so the same program always gives the same text and a diff shows real changes only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oke_secure.builders.netrules import ROLE_TAG
from oke_secure.policies import types as T

if TYPE_CHECKING:
    from oke_secure.offline.engine import Capture, CapturedResource

#: Kind of each drawn resource type: (kind, subgraph).
KINDS: dict[str, tuple[str, str]] = {
    T.VCN: ("vcn", "network"),
    T.SUBNET: ("subnet", "subnets"),
    T.SERVICE_GATEWAY: ("sgw", "gateways"),
    T.NAT_GATEWAY: ("nat", "gateways"),
    T.INTERNET_GATEWAY: ("igw", "gateways"),
    T.VAULT: ("vault", "keys"),
    T.KEY: ("key", "keys"),
    T.CLUSTER: ("cluster", "cluster"),
    T.NODE_POOL: ("pool", "pools"),
    T.VIRTUAL_NODE_POOL: ("vpool", "pools"),
    T.DYNAMIC_GROUP: ("dg", "identity"),
    T.IAM_POLICY: ("policy", "identity"),
    T.BASTION: ("bastion", "access"),
    T.REPOSITORY: ("repo", "registry"),
    T.K8S_NAMESPACE: ("ns", "namespaces"),
}

#: Subgraphs in drawing order: (id, title, parent subgraph or None).
SUBGRAPHS: tuple[tuple[str, str, str | None], ...] = (
    ("network", "Network", None),
    ("subnets", "Subnets", "network"),
    ("gateways", "Gateways", "network"),
    ("keys", "Vault and keys", None),
    ("cluster", "OKE cluster", None),
    ("pools", "Node pools", None),
    ("identity", "Identities: dynamic groups and IAM policies", None),
    ("access", "Bastion", None),
    ("registry", "Container registry", None),
    ("namespaces", "Kubernetes namespaces", None),
)

#: Input keys that never make an edge: containment is already shown by the subgraphs.
_SKIP_KEYS = frozenset({"compartmentId", "vcnId", "managementEndpoint", "freeformTags", "definedTags"})

#: Edge labels by (source kind, input key, target kind); other edges are drawn unlabelled.
_EDGE_LABELS: dict[tuple[str, str, str], str] = {
    ("cluster", "endpointConfig", "subnet"): "API endpoint",
    ("cluster", "options", "subnet"): "load balancers",
    ("cluster", "kmsKeyId", "key"): "encrypts secrets",
    ("cluster", "imagePolicyConfig", "key"): "verifies images",
    ("pool", "clusterId", "cluster"): "joins",
    ("vpool", "clusterId", "cluster"): "joins",
    ("pool", "nodeConfigDetails", "key"): "boot volumes",
    ("bastion", "targetSubnetId", "subnet"): "sessions",
    ("subnet", "routeTableId", "sgw"): "routes",
    ("subnet", "routeTableId", "nat"): "routes",
    ("subnet", "routeTableId", "igw"): "routes",
    ("dg", "sibling", "pool"): "matches nodes of",
    ("policy", "sibling", "dg"): "grants",
    ("policy", "sibling", "pool"): "grants",
    ("policy", "statements", "key"): "lets services use",
    ("policy", "statements", "cluster"): "grants on",
}

#: Resources an edge passes through without being drawn (subnet -> route table -> gateway).
_PASS_THROUGH = frozenset({T.ROUTE_TABLE})


@dataclass
class Node:
    """One drawn resource."""

    id: str
    kind: str
    group: str
    label: str
    urn: str


@dataclass
class Diagram:
    """Nodes and edges of a stack diagram, before rendering."""

    title: str
    nodes: list[Node] = field(default_factory=list)
    edges: dict[tuple[str, str], str] = field(default_factory=dict)
    """(source id, target id) -> label; one edge per pair."""

    def link(self, src: str, dst: str, label: str = "") -> None:
        """Add an edge; of two labels for one pair the non-empty (then the smaller) one is kept."""
        old = self.edges.get((src, dst))
        if old is None or (label and (not old or label < old)):
            self.edges[(src, dst)] = label


def safe_id(text: str) -> str:
    """A Mermaid-safe node id: letters, digits and underscores only, never starting with a digit."""
    out = re.sub(r"[^A-Za-z0-9_]", "_", text)
    return out if out and not out[0].isdigit() else f"n_{out}"


def escape(text: str) -> str:
    """Text safe inside a quoted Mermaid label (quotes and angle brackets as entity codes)."""
    return (
        text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;").replace("\n", " ")
    )


def _get(props: Mapping[str, Any], path: str) -> Any:
    cur: Any = props
    for part in path.split("."):
        if not isinstance(cur, Mapping):
            return None
        cur = cur.get(part)
    return cur


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _display(r: CapturedResource) -> str:
    for key in ("displayName", "name"):
        value = r.inputs.get(key)
        if isinstance(value, str) and value:
            return value
    meta = r.inputs.get("metadata")
    if isinstance(meta, Mapping) and isinstance(meta.get("name"), str):
        return str(meta["name"])
    return r.name


def _lines(*parts: str | None) -> str:
    return "<br/>".join(escape(p) for p in parts if p)


def label_of(kind: str, r: CapturedResource) -> str:
    """The label of a drawn resource: its name and the few facts a reviewer looks for."""
    i, name = r.inputs, _display(r)
    if kind == "vcn":
        return _lines(f"VCN {name}", ", ".join(str(c) for c in i.get("cidrBlocks") or []))
    if kind == "subnet":
        role = (i.get("freeformTags") or {}).get(ROLE_TAG)
        access = "private" if i.get("prohibitPublicIpOnVnic") is True else "PUBLIC"
        return _lines(f"subnet {name}", " · ".join(str(x) for x in (i.get("cidrBlock"), access, role) if x))
    if kind in ("sgw", "nat", "igw"):
        what = {"sgw": "service gateway", "nat": "NAT gateway", "igw": "internet gateway"}[kind]
        return _lines(what, name)
    if kind == "vault":
        return _lines(f"vault {name}", str(i.get("vaultType") or ""))
    if kind == "key":
        shape = i.get("keyShape") or {}
        length = shape.get("length")
        bits = f"-{int(length) * 8}" if isinstance(length, int | float) else ""  # OCI key lengths are bytes
        algo = f"{shape.get('algorithm', '')}{bits}"
        return _lines(f"key {name}", " · ".join(x for x in (algo, str(i.get("protectionMode") or "")) if x))
    if kind == "cluster":
        endpoint = "public endpoint" if _get(i, "endpointConfig.isPublicIpEnabled") is True else "private endpoint"
        cni = (i.get("clusterPodNetworkOptions") or [{}])[0].get("cniType", "")
        facts = " · ".join(str(x) for x in (i.get("kubernetesVersion"), endpoint, cni) if x)
        return _lines(f"OKE {name}", facts, str(i.get("type") or ""))
    if kind in ("pool", "vpool"):
        size = _get(i, "nodeConfigDetails.size") if kind == "pool" else i.get("size")
        shape = i.get("nodeShape") or _get(i, "podConfiguration.shape") or ""
        count = f"{_num(size)} nodes" if size is not None else "virtual nodes"
        return _lines(f"node pool {name}", " · ".join(x for x in (count, str(shape)) if x))
    if kind == "dg":
        return _lines(f"dynamic group {name}")
    if kind == "policy":
        statements = i.get("statements") or []
        return _lines(f"policy {name}", f"{len(statements)} statement{'s' if len(statements) != 1 else ''}")
    if kind == "bastion":
        clients = ", ".join(str(c) for c in i.get("clientCidrBlockAllowLists") or [])
        return _lines(f"bastion {name}", f"clients {clients}" if clients else None)
    if kind == "repo":
        facts = " · ".join(
            x for x in ("public" if i.get("isPublic") else "private", "immutable" if i.get("isImmutable") else "") if x
        )
        return _lines(f"repository {name}", facts)
    if kind == "ns":
        labels = _get(i, "metadata.labels") or {}
        pss = labels.get("pod-security.kubernetes.io/enforce")
        return _lines(f"namespace {name}", f"PSS {pss}" if pss else None)
    return _lines(name)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _references(r: CapturedResource, by_id: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """(input key, URN) of every resource ``r`` refers to: property dependencies and OCID values."""
    for key, urns in r.property_dependencies.items():
        for urn in urns:
            yield key, urn
    for key, value in r.inputs.items():
        for text in _strings(value):
            if text.startswith("ocid1.") and text in by_id:
                yield key, by_id[text]


def _edge_label(src: Node, key: str, dst: Node, by_urn: Mapping[str, CapturedResource]) -> str:
    if src.kind in ("pool", "vpool") and dst.kind == "subnet":
        target = by_urn.get(dst.urn)
        role = (target.inputs.get("freeformTags") or {}).get(ROLE_TAG) if target else None
        return "pods" if role == "pods" else "nodes"
    return _EDGE_LABELS.get((src.kind, key, dst.kind), "")


def _existing_vcn(capture: Capture) -> str | None:
    """The id of an existing VCN the program builds in (no VCN resource, subnets name one)."""
    if capture.by_type(T.VCN):
        return None
    ids = sorted(
        {
            str(r.inputs["vcnId"])
            for r in capture.resources
            if r.type in (T.SUBNET, T.CLUSTER) and isinstance(r.inputs.get("vcnId"), str)
        }
    )
    return ids[0] if ids else None


def build(capture: Capture, title: str | None = None) -> Diagram:
    """The nodes and edges of ``capture``'s diagram."""
    diagram = Diagram(title or f"oke-secure stack {capture.stack}")
    by_urn = capture.by_urn()
    drawn: dict[str, Node] = {}
    used: set[str] = set()
    for r in sorted(capture.resources, key=lambda x: (x.type, x.name, x.urn)):
        if r.type not in KINDS:
            continue
        kind, group = KINDS[r.type]
        base = safe_id(f"{kind}_{r.name}")
        nid, n = base, 2
        while nid in used:
            nid, n = f"{base}_{n}", n + 1
        used.add(nid)
        drawn[r.urn] = Node(nid, kind, group, label_of(kind, r), r.urn)
    vcn = _existing_vcn(capture)
    if vcn is not None:
        drawn["existing-vcn"] = Node("vcn_existing", "vcn", "network", _lines("existing VCN", vcn), "existing-vcn")
    diagram.nodes = sorted(drawn.values(), key=lambda x: (x.group, x.label, x.id))

    by_id = {r.id: r.urn for r in capture.resources if r.id and (r.urn in drawn or r.type in _PASS_THROUGH)}
    for urn, node in drawn.items():
        res = by_urn.get(urn)
        if res is None:
            continue
        for key, target in _references(res, by_id):
            if key in _SKIP_KEYS or target == urn:
                continue
            hops = [target]
            t = by_urn.get(target)
            if t is not None and t.type in _PASS_THROUGH:
                hops = [u for k, u in _references(t, by_id) if k not in _SKIP_KEYS]
            for hop in hops:
                if hop in drawn and hop != urn:
                    dst = drawn[hop]
                    diagram.link(node.id, dst.id, _edge_label(node, key, dst, by_urn))
        # Identities: a dynamic group or policy made for one component points at what it serves there.
        if node.group == "identity" and res.parent:
            siblings = [s for s in drawn.values() if s.urn in by_urn and by_urn[s.urn].parent == res.parent]
            pools = [s for s in siblings if s.kind in ("pool", "vpool")]
            groups = [s for s in siblings if s.kind == "dg" and s.urn != urn]
            targets = pools if node.kind == "dg" else (groups or pools)
            for s in targets:
                diagram.link(node.id, s.id, _EDGE_LABELS.get((node.kind, "sibling", s.kind), ""))
    clusters = [n for n in diagram.nodes if n.kind == "cluster"]
    if len(clusters) == 1 and any(n.group == "namespaces" for n in diagram.nodes):
        diagram.link(clusters[0].id, "namespaces", "runs")
    return diagram


def _edge(src: str, dst: str, label: str) -> str:
    return f"  {src} -->|{escape(label)}| {dst}" if label else f"  {src} --> {dst}"


def render(diagram: Diagram) -> str:
    """Mermaid flowchart text of ``diagram`` (sorted, so equal diagrams give equal text)."""
    out = ["---", f"title: {escape(diagram.title)}", "---", "flowchart TB"]
    present = {n.group for n in diagram.nodes}
    children: dict[str | None, list[str]] = {}
    for gid, _, parent in SUBGRAPHS:
        children.setdefault(parent, []).append(gid)
    titles = {gid: title for gid, title, _ in SUBGRAPHS}

    def has_content(gid: str) -> bool:
        return gid in present or any(has_content(c) for c in children.get(gid, []))

    def emit(gid: str, depth: int) -> None:
        pad = "  " * depth
        out.append(f'{pad}subgraph {gid}["{escape(titles[gid])}"]')
        for n in diagram.nodes:
            if n.group == gid:
                out.append(f'{pad}  {n.id}["{n.label}"]')
        for c in children.get(gid, []):
            if has_content(c):
                emit(c, depth + 1)
        out.append(f"{pad}end")

    for gid in children[None]:
        if has_content(gid):
            emit(gid, 1)
    for (src, dst), label in sorted(diagram.edges.items()):
        out.append(_edge(src, dst, label))
    return "\n".join(out) + "\n"


def to_mermaid(capture: Capture, title: str | None = None) -> str:
    """Mermaid flowchart text of a captured stack."""
    return render(build(capture, title))


def to_markdown(mermaid: str, heading: str, note: str) -> str:
    """A Markdown document holding ``mermaid`` in a fenced ``mermaid`` block (GitHub renders it)."""
    return f"# {heading}\n\n{note}\n\n```mermaid\n{mermaid}```\n"


START, END = "<!-- diagram:start -->\n", "<!-- diagram:end -->"


def update_readme_diagram(path: str, mermaid: str | None = None, stack: str = "prod") -> bool:
    """Rewrite the diagram between the README's markers; True when it changed.

    Args:
        path: The README (must hold ``<!-- diagram:start -->`` and ``<!-- diagram:end -->``).
        mermaid: The diagram text; default: the offline preview of example stack ``stack``.
        stack: Example stack drawn when ``mermaid`` is not given.
    """
    if mermaid is None:
        from oke_secure.offline.preview import run_preview

        mermaid = to_mermaid(run_preview(stack=stack).capture)
    p = Path(path)
    text = p.read_text()
    if START not in text or END not in text:
        raise ValueError(f"{path}: no {START.strip()} ... {END} markers to rewrite")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}```mermaid\n{mermaid}```\n{END}{tail}"
    if new != text:
        p.write_text(new)
        return True
    return False
