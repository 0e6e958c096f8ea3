"""OCI IAM text: dynamic-group matching rules and policy statements, built and read back (IAM-2 to IAM-4).

Pure functions, no Pulumi. Components build statements with the ``*_rule`` / ``*_statements``
helpers; policies read any program's statements with :func:`parse_statement` and
:func:`parse_conditions`.

Grammar (OCI "Policy Syntax" and "Managing Dynamic Groups")::

    Allow <subject> to <verb> <resource-type> in <tenancy | compartment [id] <x>> [where <conditions>]
    <conditions> := <condition> | all {<condition>, ...} | any {<condition>, ...}
    matching rule := <condition> | ALL {<condition>, ...} | ANY {<condition>, ...}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

#: The four conditions of an OKE workload-identity grant (IAM-4).
WORKLOAD_CONDITIONS = (
    "request.principal.type",
    "request.principal.namespace",
    "request.principal.service_account",
    "request.principal.cluster_id",
)
COMPARTMENT_KEYS = ("instance.compartment.id", "resource.compartment.id")


class PermissionLike(Protocol):
    """What a statement builder needs of a declared permission (``oke_secure.spec.Permission``)."""

    @property
    def verb(self) -> str:
        """IAM verb."""

    @property
    def resource(self) -> str:
        """Resource type or family."""

    @property
    def where(self) -> str | None:
        """Optional condition."""


def _quote(value: str) -> str:
    if "'" in value:
        raise ValueError(f"{value!r} cannot be quoted in an IAM condition")
    return f"'{value}'"


# Building --------------------------------------------------------------------------------------


def pool_matching_rule(compartment_id: str, tag_namespace: str, tag_key: str, pool: str) -> str:
    """The matching rule of one pool's dynamic group: its compartment AND its defined tag (IAM-3)."""
    return (
        f"ALL {{instance.compartment.id = {_quote(compartment_id)}, "
        f"tag.{tag_namespace}.{tag_key}.value = {_quote(pool)}}}"
    )


def in_compartment(compartment_id: str) -> str:
    """The location clause of a statement scoped to one compartment."""
    return f"compartment id {compartment_id}"


def pool_statements(dynamic_group_id: str, compartment_id: str, permissions: Iterable[PermissionLike]) -> list[str]:
    """One statement per declared permission, for one pool's dynamic group, in one compartment (IAM-3)."""
    subject = f"dynamic-group id {dynamic_group_id}"
    out = []
    for p in permissions:
        stmt = f"Allow {subject} to {p.verb} {p.resource} in {in_compartment(compartment_id)}"
        out.append(f"{stmt} where {p.where}" if p.where else stmt)
    return out


def human_statements(group_ids: Iterable[str], compartment_id: str) -> list[str]:
    """``use clusters`` in the cluster compartment and nothing else, per OCI group (IAM-2)."""
    return [f"Allow group id {g} to use clusters in {in_compartment(compartment_id)}" for g in group_ids]


#: What a person needs to open a port-forwarding session on the stack's Bastion (DEP-2, AC-1), each in
#: the cluster compartment only. Source: Oracle, "Managing Sessions in Bastion" (Required IAM Policy:
#: manage bastions and sessions, networks, inspect work requests;
#: docs.oracle.com/en-us/iaas/Content/Bastion/Tasks/managingsessions.htm) and "Bastion IAM Policies"
#: (``use bastion`` is what CreateSession needs on the bastion, ``manage bastion-session`` creates and
#: deletes sessions; .../Bastion/Reference/bastionpolicyreference.htm). Oracle's example grants
#: ``manage bastion-family`` and ``manage virtual-network-family`` in the tenancy and ``read
#: instance-family`` / ``read instance-agent-plugins`` for managed SSH sessions; a port-forwarding
#: session to the API endpoint's private IP needs no instance, and the network is only read, so the
#: grants are narrowed to the compartment (confirmed only at a first real deployment; see README).
BASTION_SESSION_GRANTS: tuple[tuple[str, str], ...] = (
    ("use", "bastion"),
    ("manage", "bastion-session"),
    ("read", "virtual-network-family"),
    ("inspect", "work-requests"),
)


def bastion_session_statements(group_ids: Iterable[str], compartment_id: str) -> list[str]:
    """The Bastion session rights of each cluster user group, in the cluster compartment (DEP-2)."""
    loc = in_compartment(compartment_id)
    return [f"Allow group id {g} to {verb} {res} in {loc}" for g in group_ids for verb, res in BASTION_SESSION_GRANTS]


#: The OKE service tenancy and compartment that run virtual nodes' container instances. Source: Oracle,
#: "Required IAM Policies for Using Virtual Nodes" (docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/
#: contengvirtualnodes-Required_IAM_Policies.htm): a policy in the ROOT compartment, with these
#: statements exactly as shown there.
SKE_TENANCY = "ocid1.tenancy.oc1..aaaaaaaacrvwsphodcje6wfbc3xsixhzcan5zihki6bvc7xkwqds4tqhzbaq"
SKE_COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaa2bou6r766wmrh5zt3vhu2rwdya7ahn4dfdtwzowb662cmtdc5fea"
_VN_WHERE = "request.principal.type='virtualnode',request.operation='CreateContainerInstance'"


def virtual_node_statements() -> list[str]:
    """The ``define``/``endorse`` statements virtual nodes need, for a policy in the root compartment (DEP-2).

    OKE's service tenancy creates the container instances behind virtual nodes and attaches their VNICs
    to the stack's subnets and NSGs; the endorsement lets it, for virtual-node principals creating
    container instances only.
    """
    endorse = "endorse any-user to associate compute-container-instances in compartment ske_compartment of tenancy ske"
    subnet = f"where ALL {{{_VN_WHERE},request.principal.subnet=2.subnet.id}}"
    return [
        f"define tenancy ske as {SKE_TENANCY}",
        f"define compartment ske_compartment as {SKE_COMPARTMENT}",
        f"{endorse} with subnets in tenancy {subnet}",
        f"{endorse} with vnics in tenancy {subnet}",
        f"{endorse} with network-security-group in tenancy where ALL {{{_VN_WHERE}}}",
    ]


def is_virtual_node_endorsement(statements: Sequence[str]) -> bool:
    """True when ``statements`` hold the virtual-node define/endorse set (all three endorsements)."""
    text = [" ".join(str(s).lower().split()) for s in statements]
    wanted = ("with subnets in tenancy", "with vnics in tenancy", "with network-security-group in tenancy")
    defines = any(t.startswith("define tenancy ske as ") for t in text)
    return defines and all(
        any(t.startswith("endorse any-user to associate compute-container-instances") and w in t for t in text)
        for w in wanted
    )


#: What the cluster itself needs so that the OCI cloud controller manager can keep a load balancer's
#: security rules in NSGs (``oci.oraclecloud.com/security-rule-management-mode: NSG``, which the admission
#: policy ``oke-secure-load-balancer-nsgs`` requires of every LoadBalancer Service, NET-10). Source: Oracle,
#: "Configuring Load Balancers and Network Load Balancers", section "Required IAM Policies for Managing
#: Security Rules in NSGs" (docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/
#: contengconfiguringloadbalancersnetworkloadbalancers-subtopic.htm), which says "you must give the cluster
#: permission to manage NSGs", e.g.
#:     ALLOW any-user to manage network-security-groups in compartment <compartment-name>
#:         where request.principal.type = 'cluster'
#: and, "to enable the oci-cloud-controller-manager to create a network security group", permission "to
#: manage VCNs or to manage virtual network families", by "one or other of" these statements:
#:     ALLOW any-user to manage vcns in compartment <compartment-name> where request.principal.type = 'cluster'
#:     ALLOW any-user to manage virtual-network-family in compartment <compartment-name>
#:         where request.principal.type = 'cluster'
#: We take the first alternative (``vcns``: the family would also cover subnets, route tables, gateways and
#: security lists, which Pulumi owns). The same page allows narrowing such a cluster grant to one compartment
#: "and/or to explicitly specify the cluster" with ``request.principal.id = '<cluster-ocid>'`` (its note on
#: NSGs in another compartment); both narrowings are applied, the principal type is kept.
CLUSTER_LB_NSG_GRANTS: tuple[tuple[str, str], ...] = (
    ("manage", "network-security-groups"),
    ("manage", "vcns"),
)


def cluster_lb_nsg_statements(compartment_id: str, cluster_id: str) -> list[str]:
    """The statements letting one cluster manage its load balancers' security rules in NSGs (DEP-2, NET-10).

    ``compartment_id`` is the compartment of the VCN and of the load balancers' NSGs (the stack's);
    ``cluster_id`` the OCID of the cluster whose cloud controller manager creates the frontend NSG and adds
    rules to it and to the backend (worker) NSG. Oracle's statements (see :data:`CLUSTER_LB_NSG_GRANTS`),
    narrowed to this compartment and this cluster.
    """
    where = f"where ALL {{request.principal.type = 'cluster', request.principal.id = {_quote(cluster_id)}}}"
    loc = in_compartment(compartment_id)
    return [f"Allow any-user to {verb} {res} in {loc} {where}" for verb, res in CLUSTER_LB_NSG_GRANTS]


def grants_cluster_lb_nsgs(statements: Sequence[str], compartment_id: str, cluster_id: str | None = None) -> bool:
    """True when ``statements`` give the cluster principal (``cluster_id``'s, if given) every grant of
    :data:`CLUSTER_LB_NSG_GRANTS` in ``compartment_id`` (or the tenancy) (DEP-2, NET-10).

    A statement counts when it is to ``any-user``, names the verb and resource (or ``manage
    virtual-network-family``, Oracle's other alternative, which includes both), and its conditions are
    all-required ones that admit the cluster principal: ``request.principal.type = 'cluster'`` and/or
    ``request.principal.id = '<cluster>'``, nothing else.
    """
    have: set[tuple[str, str]] = set()
    for text in statements:
        stmt = parse_statement(str(text))
        if stmt is None or stmt.subject.lower() != "any-user" or stmt.verb != "manage" or stmt.where is None:
            continue
        loc = stmt.location.lower()
        if not (stmt.tenancy_wide or loc == in_compartment(compartment_id).lower()):
            continue
        conds = stmt.where.narrowing()
        keys = {c.key for c in conds}
        if not conds or not keys <= {"request.principal.type", "request.principal.id"}:
            continue
        if any(c.op != "=" for c in conds):
            continue
        if any(c.key == "request.principal.type" and c.value != "cluster" for c in conds):
            continue
        ids = [c.value for c in conds if c.key == "request.principal.id"]
        if cluster_id is not None and any(v != cluster_id for v in ids):
            continue
        if stmt.resource == "virtual-network-family":
            have.update(CLUSTER_LB_NSG_GRANTS)
        else:
            have.add((stmt.verb, stmt.resource))
    return set(CLUSTER_LB_NSG_GRANTS) <= have


def workload_statements(
    permissions: Iterable[PermissionLike], compartment_id: str, namespace: str, service_account: str, cluster_id: str
) -> list[str]:
    """Workload-identity statements: every grant carries all four principal conditions (IAM-4).

    A permission's own ``where`` is added inside the same ``all {...}``.
    """
    base = [
        "request.principal.type = 'workload'",
        f"request.principal.namespace = {_quote(namespace)}",
        f"request.principal.service_account = {_quote(service_account)}",
        f"request.principal.cluster_id = {_quote(cluster_id)}",
    ]
    out = []
    for p in permissions:
        conds = base + ([p.where.strip()] if p.where else [])
        out.append(
            f"Allow any-user to {p.verb} {p.resource} in {in_compartment(compartment_id)} "
            f"where all {{{', '.join(conds)}}}"
        )
    return out


# Reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """One ``key op value`` condition (key lower-cased, value unquoted)."""

    key: str
    op: str
    value: str


@dataclass(frozen=True)
class Conditions:
    """A parsed condition list: ``combinator`` is ``all``, ``any`` or ``single``."""

    combinator: str
    items: tuple[Condition, ...]

    def values(self, key: str, op: str = "=") -> list[str]:
        """Values compared with ``op`` to ``key``."""
        return [c.value for c in self.items if c.key == key and c.op == op]

    def narrowing(self) -> tuple[Condition, ...]:
        """Conditions that narrow a match: all under ``all``/single, none under a multi-clause ``any``."""
        if self.combinator == "any" and len(self.items) > 1:
            return ()
        return self.items


@dataclass(frozen=True)
class Statement:
    """A parsed ``Allow`` statement."""

    text: str
    subject: str
    verb: str
    resource: str
    location: str
    where: Conditions | None
    where_text: str | None

    @property
    def tenancy_wide(self) -> bool:
        """The grant applies in the whole tenancy."""
        return self.location.lower() == "tenancy"


_STMT_RE = re.compile(
    r"^\s*allow\s+(?P<subject>.+?)\s+to\s+(?P<verb>\{[^}]*\}|\S+)\s+(?P<resource>\S+)\s+in\s+"
    r"(?P<location>tenancy|compartment\s+id\s+\S+|compartment\s+\S+)(?:\s+where\s+(?P<where>.+?))?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_COND_RE = re.compile(r"^\s*(?P<key>[A-Za-z_][\w.\-/]*)\s*(?P<op>!=|=)\s*(?P<value>.+?)\s*$", re.DOTALL)
_GROUP_RE = re.compile(r"^\s*(?P<comb>all|any)\s*\{(?P<body>.*)\}\s*$", re.IGNORECASE | re.DOTALL)


def parse_statement(text: str) -> Statement | None:
    """Parse an ``Allow`` statement; ``None`` for other kinds (Define, Endorse, Admit) or unreadable text."""
    m = _STMT_RE.match(text)
    if not m:
        return None
    where_text = m.group("where")
    return Statement(
        text=text,
        subject=" ".join(m.group("subject").split()),
        verb=m.group("verb").lower(),
        resource=m.group("resource").lower(),
        location=" ".join(m.group("location").split()),
        where=parse_conditions(where_text) if where_text else None,
        where_text=where_text,
    )


def _split_top(body: str) -> list[str]:
    parts, depth, quote, cur = [], 0, "", ""
    for ch in body:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "{(":
            depth += 1
        elif ch in "})":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        cur += ch
    if cur.strip():
        parts.append(cur)
    return parts


def _condition(text: str) -> Condition | None:
    m = _COND_RE.match(text)
    if not m:
        return None
    value = m.group("value").strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return Condition(m.group("key").lower(), m.group("op"), value)


def parse_conditions(text: str) -> Conditions | None:
    """Parse a where clause or a matching rule; ``None`` when it is not a flat condition list.

    Nested groups (``any {all {...}}``) are not flat and yield ``None``: callers treat that as
    unreadable, so a policy never passes what it cannot read.
    """
    m = _GROUP_RE.match(text)
    if m:
        comb = m.group("comb").lower()
        items = []
        for part in _split_top(m.group("body")):
            cond = _condition(part)
            if cond is None:
                return None
            items.append(cond)
        return Conditions(comb, tuple(items)) if items else None
    cond = _condition(text)
    return Conditions("single", (cond,)) if cond else None


def is_workload_identity(stmt: Statement) -> bool:
    """The statement grants to OKE workloads (any ``request.principal`` workload condition)."""
    text = (stmt.where_text or "").lower()
    return bool(re.search(r"request\.principal\.type\s*=\s*'workload'", text)) or any(
        k in text for k in WORKLOAD_CONDITIONS[1:]
    )


def missing_workload_conditions(stmt: Statement) -> list[str]:
    """Which of the four workload-identity conditions are missing or not all required (IAM-4)."""
    conds = stmt.where
    if conds is None:
        return list(WORKLOAD_CONDITIONS)
    narrowing = conds.narrowing()
    missing = []
    for key in WORKLOAD_CONDITIONS:
        vals = [c.value for c in narrowing if c.key == key and c.op == "=" and c.value and not is_pattern(c.value)]
        if not vals or (key == "request.principal.type" and "workload" not in vals):
            missing.append(key)
    return missing


def is_pattern(value: str) -> bool:
    """True for an IAM pattern value (``/sa-*/``, which matches many names) or one with a wildcard.

    Oracle, "Advanced Policy Features / Conditions": a value between slashes is a pattern in which ``*``
    matches any characters; such a condition on ``request.principal.service_account`` names many service
    accounts, not one (IAM-4).
    """
    v = value.strip()
    return "*" in v or (len(v) >= 2 and v.startswith("/") and v.endswith("/"))


def wildcard_workload_conditions(stmt: Statement) -> list[str]:
    """The workload-identity conditions given only as patterns (e.g. ``service_account = /web-*/``) (IAM-4)."""
    if stmt.where is None:
        return []
    return sorted(
        {
            c.key
            for c in stmt.where.narrowing()
            if c.key in WORKLOAD_CONDITIONS and c.key != "request.principal.type" and is_pattern(c.value)
        }
    )


def rule_problem(rule: str) -> str | None:
    """Why a dynamic-group matching rule is broader than one pool's instances, or ``None`` (IAM-3)."""
    conds = parse_conditions(rule)
    if conds is None:
        return (
            "its matching rule cannot be read as ALL {...}; write it as "
            "ALL {instance.compartment.id = '...', tag.<namespace>.<key>.value = '...'}"
        )
    narrowing = conds.narrowing()
    if not narrowing:
        return "its matching rule uses ANY {...}, so each clause alone widens it"
    eq = [c for c in narrowing if c.op == "="]
    if any(c.key == "instance.id" for c in eq):
        return None
    compartments = [c.value for c in eq if c.key in COMPARTMENT_KEYS]
    if not compartments:
        return "its matching rule names no compartment, so it is tenancy-wide"
    if any(v.startswith("ocid1.tenancy.") for v in compartments):
        return "its matching rule matches the tenancy root compartment, so it is tenancy-wide"
    is_instance = any(c.key.startswith("instance.") for c in conds.items)
    if is_instance and not tag_conditions(conds):
        return (
            "its matching rule matches every instance in the compartment, not one pool's (add a "
            "defined-tag condition tag.<namespace>.<key>.value = '<pool>')"
        )
    return None


def tag_conditions(conds: Conditions) -> list[tuple[str, str]]:
    """``("<namespace>.<key>", value)`` for each narrowing ``tag.<ns>.<key>.value = '...'`` condition."""
    out = []
    for c in conds.narrowing():
        if c.op == "=" and c.key.startswith("tag.") and c.key.endswith(".value"):
            out.append((c.key[len("tag.") : -len(".value")], c.value))
    return out


def broad_grant(stmt: Statement) -> tuple[str, str] | None:
    """``(control, why)`` when a statement grants too broadly (IAM-2 humans, IAM-3 instances)."""
    subject = stmt.subject.lower()
    for_instances = subject.startswith("dynamic-group")
    control = "IAM-3" if for_instances else "IAM-2"
    if stmt.verb == "manage" and stmt.resource == "all-resources":
        return control, f"'{stmt.text}' grants manage all-resources"
    if stmt.verb == "manage" and stmt.resource == "cluster-family" and stmt.tenancy_wide:
        return control, f"'{stmt.text}' grants manage cluster-family in the tenancy"
    if for_instances and stmt.tenancy_wide:
        return "IAM-3", f"'{stmt.text}' grants a dynamic group rights in the whole tenancy"
    return None


def statements_of(value: object) -> Sequence[str]:
    """The statement strings of a policy's ``statements`` input (anything else is ignored)."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [s for s in value if isinstance(s, str)]
    return []
