"""Oracle's documented prerequisites, each stated as a rule over the captured graph of the example stacks
(DEP-1, DEP-2). Each rule cites the page it comes from; each is also shown to fail on a graph that breaks it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from oke_secure.builders import iam_statements as iam
from oke_secure.offline.engine import Capture, CapturedResource, run_program
from oke_secure.offline.evaluate import provider_urn
from oke_secure.offline.preview import PreviewResult, run_preview
from oke_secure.policies import types as T
from oke_secure.spec import CONFIG_KEY
from tests.conftest import ROOT, STACKS, example_spec

Rule = Callable[[Capture], list[str]]


def _closure(cap: Capture, r: CapturedResource) -> set[str]:
    """URNs ``r`` waits for: its dependencies and property dependencies, transitively."""
    by_urn = cap.by_urn()
    seen: set[str] = set()
    todo = list(r.dependencies) + [u for us in r.property_dependencies.values() for u in us]
    while todo:
        urn = todo.pop()
        if urn in seen:
            continue
        seen.add(urn)
        dep = by_urn.get(urn)
        if dep is not None:
            todo.extend(dep.dependencies)
            todo.extend(u for us in dep.property_dependencies.values() for u in us)
    return seen


def _policies_naming(cap: Capture, text: str) -> list[CapturedResource]:
    return [p for p in cap.by_type(T.IAM_POLICY) if any(text in s for s in p.inputs.get("statements") or [])]


def iam_in_home_region(cap: Capture) -> list[str]:
    """Oracle, "Managing Regions" (docs.oracle.com/en-us/iaas/Content/Identity/regions/managingregions.htm):
    IAM resources are created in the home region. Every identity resource goes through an explicit OCI
    provider with a region; nothing else uses that provider."""
    by_urn = cap.by_urn()
    out = []
    home: set[str] = set()
    for r in cap.resources:
        if r.type not in T.IDENTITY:
            continue
        p = by_urn.get(provider_urn(r.provider) or "")
        if p is None or p.type != "pulumi:providers:oci" or not p.inputs.get("region"):
            out.append(f"{r.name}: not created through an explicit home-region provider")
        else:
            home.add(p.urn)
    for r in cap.resources:
        if r.type.startswith("oci:") and r.type not in T.IDENTITY and provider_urn(r.provider) in home:
            out.append(f"{r.name}: a regional resource created through the home-region provider")
    return out


def key_policy_before_cluster(cap: Capture) -> list[str]:
    """Oracle, "Encrypting Kubernetes Secrets at Rest" (.../ContEng/Tasks/contengencryptingdata.htm): the
    policy letting OKE use the master encryption key exists before the cluster is created."""
    out = []
    for c in cap.by_type(T.CLUSTER):
        key = c.inputs.get("kmsKeyId")
        policies = _policies_naming(cap, str(key)) if key else []
        if not policies or not any(p.urn in _closure(cap, c) for p in policies):
            out.append(f"{c.name}: does not wait for the policy naming its key {key}")
    return out


def key_delegates_before_pools(cap: Capture) -> list[str]:
    """Oracle, "Policy Configuration for Cluster Creation and Deployment" (.../ContEng/Concepts/
    contengpolicyconfig.htm): node pools whose boot volumes use a Vault key need the key-delegate grants first."""
    out = []
    for pool in cap.by_type(T.NODE_POOL):
        key = (pool.inputs.get("nodeConfigDetails") or {}).get("kmsKeyId")
        policies = [
            p for p in _policies_naming(cap, str(key)) if any("key-delegates" in s for s in p.inputs["statements"])
        ]
        if not policies or not any(p.urn in _closure(cap, pool) for p in policies):
            out.append(f"{pool.name}: does not wait for the key-delegate policy of {key}")
    return out


def endorsement_before_virtual_pools(cap: Capture) -> list[str]:
    """Oracle, "Required IAM Policies for Using Virtual Nodes" (.../ContEng/Tasks/
    contengvirtualnodes-Required_IAM_Policies.htm): define/endorse statements, in the root compartment."""
    endorsements = [
        p
        for p in cap.by_type(T.IAM_POLICY)
        if p.inputs.get("statements") == iam.virtual_node_statements()
        and str(p.inputs.get("compartmentId", "")).startswith("ocid1.tenancy.")
    ]
    return [
        f"{v.name}: does not wait for the virtual-node endorsement in the root compartment"
        for v in cap.by_type(T.VIRTUAL_NODE_POOL)
        if not any(p.urn in _closure(cap, v) for p in endorsements)
    ]


def bastion_rights_for_cluster_users(cap: Capture) -> list[str]:
    """Oracle, "Managing Sessions in Bastion" (.../Bastion/Tasks/managingsessions.htm, Required IAM Policy):
    a group told to reach the endpoint through the Bastion can create sessions on it."""
    if not cap.by_type(T.BASTION):
        return []
    statements = [s for p in cap.by_type(T.IAM_POLICY) for s in p.inputs.get("statements") or []]
    users = {s.split()[3] for s in statements if s.startswith("Allow group id ") and " to use clusters in " in s}
    out = []
    for g in sorted(users):
        for verb, res in iam.BASTION_SESSION_GRANTS:
            if not any(s.startswith(f"Allow group id {g} to {verb} {res} in ") for s in statements):
                out.append(f"group {g}: lacks {verb} {res}")
    return out


def bastion_reaches_the_endpoint(cap: Capture) -> list[str]:
    """Oracle, "Connecting to Sessions in Bastion" (.../Bastion/Tasks/connectingtosessions.htm, "Allowing
    Network Access From the Bastion"): the target's subnet admits the Bastion's private endpoint on the
    target port. The Bastion's endpoint lives in its target subnet (the API subnet): TCP 6443 from that
    subnet's CIDR must be admitted by the API NSG or the API subnet's security list."""
    out = []
    subnets = {s.id: s for s in cap.by_type(T.SUBNET)}
    for b in cap.by_type(T.BASTION):
        target = subnets.get(b.inputs.get("targetSubnetId"))
        if target is None:
            out.append(f"{b.name}: its target subnet is not in the stack")
            continue
        cidr = target.inputs["cidrBlock"]
        rules = [r.inputs for r in cap.by_type(T.NSG_RULE) if r.inputs.get("direction") == "INGRESS"]
        rules += [x for sl in cap.by_type(T.SECURITY_LIST) for x in sl.inputs.get("ingressSecurityRules") or []]
        ok = False
        for r in rules:
            rng = (r.get("tcpOptions") or {}).get("destinationPortRange") or (r.get("tcpOptions") or {})
            if r.get("source") == cidr and r.get("protocol") == "6" and rng.get("min", 0) <= 6443 <= rng.get("max", 0):
                ok = True
        if not ok:
            out.append(f"{b.name}: nothing admits TCP 6443 from {cidr}")
    return out


def cluster_manages_lb_nsgs(cap: Capture) -> list[str]:
    """Oracle, "Configuring Load Balancers and Network Load Balancers", "Required IAM Policies for Managing
    Security Rules in NSGs" (.../ContEng/Tasks/contengconfiguringloadbalancersnetworkloadbalancers-subtopic.htm):
    in NSG rule-management mode (which admission imposes on every LoadBalancer Service, NET-10) "you must give
    the cluster permission to manage NSGs", and VCNs (or the virtual network family) to create one. A cluster
    that may get load balancers (it names load-balancer subnets) has these grants, for its principal, in the
    compartment of those subnets (where the VCN and the load balancers' NSGs are) and in its own."""
    statements = [s for p in cap.by_type(T.IAM_POLICY) for s in p.inputs.get("statements") or []]
    subnets = {s.id: s for s in cap.by_type(T.SUBNET)}
    out = []
    for c in cap.by_type(T.CLUSTER):
        lb_subnets = (c.inputs.get("options") or {}).get("serviceLbSubnetIds") or []
        if not lb_subnets:
            continue
        compartments = {str(c.inputs.get("compartmentId"))}
        compartments |= {str(subnets[s].inputs.get("compartmentId")) for s in lb_subnets if s in subnets}
        for cid in sorted(compartments):
            if not iam.grants_cluster_lb_nsgs(statements, cid, c.id):
                out.append(f"{c.name}: no policy lets the cluster manage NSGs and VCNs in compartment {cid}")
    return out


RULES: dict[str, Rule] = {
    "DEP-1 iam-in-home-region": iam_in_home_region,
    "DEP-2 key-policy-before-cluster": key_policy_before_cluster,
    "DEP-2 key-delegates-before-pools": key_delegates_before_pools,
    "DEP-2 endorsement-before-virtual-pools": endorsement_before_virtual_pools,
    "DEP-2 bastion-rights-for-cluster-users": bastion_rights_for_cluster_users,
    "DEP-2 cluster-manages-lb-nsgs": cluster_manages_lb_nsgs,
    "AC-1 bastion-reaches-the-endpoint": bastion_reaches_the_endpoint,
}


@pytest.fixture(scope="module", params=["prod", "prod-virtual"])
def preview(request: pytest.FixtureRequest) -> PreviewResult:
    return run_preview(stack=request.param, root=ROOT)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_example_stack_meets_oracles_prerequisite(preview: PreviewResult, rule: str) -> None:
    """DEP-1, DEP-2: each of Oracle's prerequisites holds in the captured graph of prod and prod-virtual."""
    assert RULES[rule](preview.capture) == []


def test_rules_see_what_they_check(preview: PreviewResult) -> None:
    """The rules are not vacuous: the graph holds what each rule is about."""
    cap = preview.capture
    assert cap.by_type(T.CLUSTER) and cap.by_type(T.BASTION) and cap.by_type(T.IAM_POLICY)
    assert cap.by_type(T.NODE_POOL) or cap.by_type(T.VIRTUAL_NODE_POOL)
    assert all((c.inputs.get("options") or {}).get("serviceLbSubnetIds") for c in cap.by_type(T.CLUSTER))
    if preview.capture.stack == "prod-virtual":
        assert cap.by_type(T.VIRTUAL_NODE_POOL)


def _cut(cap: Capture, type_: str, drop: Callable[[str], bool]) -> Capture:
    """A copy of ``cap`` where resources of ``type_`` no longer depend on the URNs ``drop`` selects."""
    out = copy.deepcopy(cap)
    for r in out.resources:
        if r.type == type_:
            r.dependencies = [u for u in r.dependencies if not drop(u)]
            r.property_dependencies = {k: [u for u in v if not drop(u)] for k, v in r.property_dependencies.items()}
    return out


@pytest.mark.slow
def test_rules_fail_on_a_graph_that_breaks_them() -> None:
    """Each ordering rule reports when the dependency is cut, and DEP-1 when IAM uses the default provider."""
    cap = run_preview(stack="prod-virtual", root=ROOT).capture
    no_key_policy = _cut(cap, T.CLUSTER, lambda u: "keys" in u)
    assert key_policy_before_cluster(no_key_policy)
    no_endorsement = _cut(cap, T.VIRTUAL_NODE_POOL, lambda u: True)
    assert endorsement_before_virtual_pools(no_endorsement)
    default = copy.deepcopy(cap)
    for r in default.resources:
        if r.type in T.IDENTITY:
            r.provider = None
    assert iam_in_home_region(default)
    no_rights = copy.deepcopy(cap)
    for p in no_rights.by_type(T.IAM_POLICY):
        p.inputs["statements"] = [s for s in p.inputs.get("statements") or [] if "bastion" not in s]
    assert bastion_rights_for_cluster_users(no_rights)
    for drop in ("network-security-groups", "vcns"):
        no_nsg_rights = copy.deepcopy(cap)
        for p in no_nsg_rights.by_type(T.IAM_POLICY):
            p.inputs["statements"] = [s for s in p.inputs.get("statements") or [] if f"manage {drop} " not in s]
        assert cluster_manages_lb_nsgs(no_nsg_rights), drop
    other_cluster = copy.deepcopy(cap)
    for c in other_cluster.by_type(T.CLUSTER):
        c.id = "ocid1.cluster.oc1..another"
    assert cluster_manages_lb_nsgs(other_cluster)


def _cloud_guard_provider_region(spec: dict[str, object]) -> str | None:
    cap = run_program(STACKS, stack=str(spec["name"]), config={CONFIG_KEY: spec}, region=str(spec["region"]))
    (target,) = cap.by_type(T.CLOUD_GUARD_TARGET)
    provider = cap.by_urn().get(provider_urn(target.provider) or "")
    return None if provider is None else str(provider.inputs.get("region"))


@pytest.mark.parametrize(
    ("detection", "home", "expected"),
    [
        ({}, None, None),  # reporting region = home region = the stack's region: the default provider
        ({}, "us-ashburn-1", "us-ashburn-1"),  # default reporting region: the home region
        ({"reporting_region": "eu-amsterdam-1"}, "us-ashburn-1", "eu-amsterdam-1"),
    ],
)
def test_cloud_guard_target_is_created_from_the_reporting_region(
    detection: dict[str, str], home: str | None, expected: str | None
) -> None:
    """DT-1 / OCI Cloud Guard API reference: "you can perform Create, Update, and Delete operations only from
    the reporting region of your Cloud Guard tenancy"; the target goes through a provider there (default: the
    home region) unless that is the stack's own region."""
    spec = example_spec("prod")
    spec["home_region"] = home or spec["region"]
    spec["detection"] = {**(spec.get("detection") or {}), **detection}
    assert _cloud_guard_provider_region(spec) == expected
