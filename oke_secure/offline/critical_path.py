"""The critical path of a real deploy: the longest chain of slow resources in a captured dependency graph.

The graph is Pulumi's real ordering, rebuilt from a :class:`~oke_secure.offline.engine.Capture`:

* a resource waits for every URN in its ``dependencies`` and ``property_dependencies``;
* a parent -> child link is *not* an ordering (a component registers at once; its children do not wait
  for it, and it does not wait for them);
* waiting for a component means waiting for all of that component's custom descendants (that is what
  ``depends_on=[component]`` or an output of a component does in a real ``pulumi up``);
* components themselves take no time.

Durations are estimates of a real OCI create (see :data:`DURATIONS`); only their relative size matters:
the path shows which chain a real ``pulumi up`` waits for, and the tests use the graph to prove that
node pools, IAM and the Kubernetes baseline only wait for what they truly need.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from oke_secure.offline.engine.capture import Capture, CapturedResource

#: Estimated create time in seconds of the slow OCI resource types. Assumptions, from OCI console
#: experience and provider behaviour rather than a published SLA: a virtual vault is provisioned
#: asynchronously and takes minutes; an OKE control plane about 7-10 minutes; a managed node pool waits
#: for its instances to boot and join (about 5-10 minutes); a Bastion becomes ACTIVE in a few minutes;
#: a KMS key about a minute. Everything else (network, IAM, Kubernetes objects) takes seconds.
DURATIONS: dict[str, float] = {
    "oci:Kms/vault:Vault": 600.0,
    "oci:ContainerEngine/cluster:Cluster": 540.0,
    "oci:ContainerEngine/nodePool:NodePool": 450.0,
    "oci:ContainerEngine/virtualNodePool:VirtualNodePool": 300.0,
    "oci:Bastion/bastion:Bastion": 180.0,
    "oci:Kms/key:Key": 60.0,
    "oci:Identity/compartment:Compartment": 60.0,
    "oci:ContainerEngine/addon:Addon": 120.0,
}
#: Estimated create time of any other resource, in seconds.
DEFAULT_DURATION = 5.0


def duration_of(resource: CapturedResource, durations: Mapping[str, float] | None = None) -> float:
    """Estimated create time of ``resource`` in seconds (0 for components)."""
    if not resource.custom:
        return 0.0
    table = DURATIONS if durations is None else durations
    return table.get(resource.type, DEFAULT_DURATION)


def _custom_descendants(resources: Iterable[CapturedResource]) -> dict[str, set[str]]:
    """For each component URN, the URNs of all its custom descendants."""
    children: dict[str, list[CapturedResource]] = defaultdict(list)
    for r in resources:
        if r.parent:
            children[r.parent].append(r)
    memo: dict[str, set[str]] = {}

    def walk(urn: str) -> set[str]:
        # Iterative to stay clear of the recursion limit on deep trees.
        if urn in memo:
            return memo[urn]
        out: set[str] = set()
        stack = [urn]
        seen = {urn}
        while stack:
            cur = stack.pop()
            for c in children.get(cur, []):
                if c.urn in seen:
                    continue
                seen.add(c.urn)
                if c.custom:
                    out.add(c.urn)
                stack.append(c.urn)
        memo[urn] = out
        return out

    return {r.urn: walk(r.urn) for r in resources if not r.custom}


def dependency_graph(capture: Capture) -> dict[str, set[str]]:
    """Direct ordering edges between custom resources: URN -> URNs of custom resources it waits for.

    Dependencies on a component are expanded to that component's custom descendants; dependencies on
    URNs the capture does not know (e.g. an existing resource's provider) are dropped. Components are
    not nodes of the graph.
    """
    by_urn = capture.by_urn()
    expand = _custom_descendants(capture.resources)
    graph: dict[str, set[str]] = {}
    for r in capture.resources:
        if not r.custom:
            continue
        raw: set[str] = set(r.dependencies)
        for urns in r.property_dependencies.values():
            raw.update(urns)
        deps: set[str] = set()
        for urn in raw:
            target = by_urn.get(urn)
            if target is None or urn == r.urn:
                continue
            if target.custom:
                deps.add(urn)
            else:
                deps.update(expand.get(urn, set()))
        deps.discard(r.urn)
        graph[r.urn] = deps
    return graph


def ancestors(graph: Mapping[str, set[str]], urn: str) -> set[str]:
    """Every URN that ``urn`` waits for, directly or transitively."""
    out: set[str] = set()
    stack = list(graph.get(urn, ()))
    while stack:
        cur = stack.pop()
        if cur in out:
            continue
        out.add(cur)
        stack.extend(graph.get(cur, ()))
    return out


def _topological(graph: Mapping[str, set[str]], order: list[str]) -> list[str]:
    """Dependencies before dependents (Kahn's algorithm, the given order breaks ties)."""
    remaining = {u: len(graph[u]) for u in order}
    dependents: dict[str, list[str]] = defaultdict(list)
    for u in order:
        for d in graph[u]:
            dependents[d].append(u)
    ready = [u for u in order if remaining[u] == 0]
    out: list[str] = []
    i = 0
    while i < len(ready):
        u = ready[i]
        i += 1
        out.append(u)
        for v in dependents[u]:
            remaining[v] -= 1
            if remaining[v] == 0:
                ready.append(v)
    if len(out) != len(order):
        stuck = sorted(set(order) - set(out))[:3]
        raise ValueError(f"the dependency graph has a cycle through {', '.join(stuck)}")
    return out


def finish_times(capture: Capture, durations: Mapping[str, float] | None = None) -> dict[str, float]:
    """Earliest finish time of every custom resource with unlimited parallelism (seconds from start)."""
    graph = dependency_graph(capture)
    by_urn = capture.by_urn()
    finish: dict[str, float] = {}
    for u in _topological(graph, sorted(r.urn for r in capture.resources if r.custom)):
        start = max((finish[d] for d in graph[u]), default=0.0)
        finish[u] = start + duration_of(by_urn[u], durations)
    return finish


def critical_path(capture: Capture, durations: Mapping[str, float] | None = None) -> list[CapturedResource]:
    """The longest weighted chain of custom resources, first to last (empty for an empty capture).

    Ties are broken by URN (the smallest URN wins), not by registration order, which varies from run to
    run because the SDK registers resources from concurrent tasks; so the result is deterministic.
    """
    graph = dependency_graph(capture)
    by_urn = capture.by_urn()
    order = sorted(r.urn for r in capture.resources if r.custom)
    if not order:
        return []
    rank = {u: i for i, u in enumerate(order)}
    finish: dict[str, float] = {}
    best_dep: dict[str, str | None] = {}
    for u in _topological(graph, order):
        prev: str | None = None
        for d in sorted(graph[u], key=rank.__getitem__):
            if prev is None or finish[d] > finish[prev]:
                prev = d
        best_dep[u] = prev
        finish[u] = (finish[prev] if prev else 0.0) + duration_of(by_urn[u], durations)
    end = max(order, key=lambda u: (finish[u], -rank[u]))
    path: list[CapturedResource] = []
    cur: str | None = end
    while cur is not None:
        path.append(by_urn[cur])
        cur = best_dep[cur]
    return list(reversed(path))


def path_duration(path: Iterable[CapturedResource], durations: Mapping[str, float] | None = None) -> float:
    """Sum of the estimated create times along ``path``, in seconds."""
    return sum(duration_of(r, durations) for r in path)


def format_path(path: list[CapturedResource], durations: Mapping[str, float] | None = None) -> str:
    """``"critical path: A -> B -> C (~N min estimated)"`` with short type names, or a note when empty."""
    if not path:
        return "critical path: (no resources)"
    steps = " -> ".join(f"{r.type.split(':')[-1]} {r.name}" for r in path)
    minutes = path_duration(path, durations) / 60
    return f"critical path: {steps} (~{minutes:.0f} min estimated)"
