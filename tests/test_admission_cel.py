"""Every ValidatingAdmissionPolicy's CEL, evaluated with a CEL library (cel-python) against an admitted and
a rejected sample object of every resource kind the policy matches (WL-6, CL-3, CL-5, NP-1, NP-6).

The API server evaluates ``spec.variables`` in order (each may use the earlier ones) and then each
``spec.validations[].expression`` with ``object`` bound to the request's object; a request is denied when
any validation is false (Kubernetes, "Validating Admission Policy"). This test does the same with celpy.
For the ``pods/ephemeralcontainers`` subresource the object is the whole Pod (Kubernetes, "Ephemeral
Containers": ``kubectl debug`` updates that subresource).
"""

from __future__ import annotations

import copy
from typing import Any

import celpy
import pytest
from celpy import celtypes

from oke_secure.builders import admission
from oke_secure.builders import load_balancers as lb
from oke_secure.builders.labels import PREEMPTIBLE_KEY, WORKLOAD_KEY
from oke_secure.offline.engine import run_program
from oke_secure.offline.engine.capture import UNKNOWN
from oke_secure.policies import types as T
from oke_secure.spec import NodePoolSpec
from tests.conftest import COMPONENT_PROGRAMS as PROGRAMS

OURS = "eu-frankfurt-1.ocir.io/acme"
DIGEST = "@sha256:" + "b" * 64
GOOD_IMAGE = f"{OURS}/shop/api{DIGEST}"
POOLS = [NodePoolSpec(name="system", system=True), NodePoolSpec(name="gpu", namespaces=["ml"])]
#: The stack's load-balancer NSGs (internal, public) and worker NSG, and an NSG that is none of them.
LB_NSG = "ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaalbnsg"
PUBLIC_LB_NSG = "ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaapublb"
WORKER_NSG = "ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaaworker"
OTHER_NSG = "ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaaother"
OBJECTS = admission.admission_objects(
    allowed_registries=[OURS],
    pools=POOLS,
    public_load_balancer=True,
    lb_nsg_ids=[LB_NSG, PUBLIC_LB_NSG],
    backend_nsg_ids=[WORKER_NSG],
)
POLICIES = {m["metadata"]["name"]: m for m in OBJECTS if m["kind"] == "ValidatingAdmissionPolicy"}
_ENV = celpy.Environment()


def admitted(policy: dict[str, Any], obj: dict[str, Any]) -> bool:
    """Evaluate ``policy``'s variables and validations on ``obj`` as the API server does."""
    variables: dict[celtypes.StringType, Any] = {}
    activation: dict[str, Any] = {"object": celpy.json_to_cel(obj)}
    for var in policy["spec"].get("variables", []):
        activation["variables"] = celtypes.MapType(variables)
        program = _ENV.program(_ENV.compile(var["expression"]))
        variables[celtypes.StringType(var["name"])] = program.evaluate(activation)
    activation["variables"] = celtypes.MapType(variables)
    results = [_ENV.program(_ENV.compile(v["expression"])).evaluate(activation) for v in policy["spec"]["validations"]]
    for r in results:
        assert isinstance(r, celtypes.BoolType), f"validation did not evaluate to a bool: {r!r}"
    return all(bool(r) for r in results)


# Sample objects per matched resource ---------------------------------------------------------------


def _pod_spec(**extra: Any) -> dict[str, Any]:
    return {"containers": [{"name": "api", "image": GOOD_IMAGE}], **extra}


def _workload(resource: str, pod_spec: dict[str, Any]) -> dict[str, Any]:
    meta = {"name": "x", "namespace": "shop"}
    template = {"metadata": {"labels": {"app": "x"}}, "spec": pod_spec}
    if resource in ("pods", "pods/ephemeralcontainers"):
        return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": pod_spec}
    if resource == "cronjobs":
        return {
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "metadata": meta,
            "spec": {"schedule": "@hourly", "jobTemplate": {"spec": {"template": template}}},
        }
    kind = {
        "deployments": "Deployment",
        "replicasets": "ReplicaSet",
        "statefulsets": "StatefulSet",
        "daemonsets": "DaemonSet",
        "jobs": "Job",
    }[resource]
    group = "batch/v1" if resource == "jobs" else "apps/v1"
    return {"apiVersion": group, "kind": kind, "metadata": meta, "spec": {"template": template}}


def _matched(policy: dict[str, Any]) -> list[str]:
    return [r for rule in policy["spec"]["matchConstraints"]["resourceRules"] for r in rule["resources"]]


def test_every_policy_and_resource_is_covered_wl6() -> None:
    """The cases below cover each policy the builder emits and each resource it matches."""
    covered = {name for name, *_ in WORKLOAD_CASES} | {"oke-secure-namespace-pod-security"}
    covered |= {"oke-secure-internal-load-balancers", "oke-secure-load-balancer-nsgs"}
    assert set(POLICIES) == covered
    assert "pods/ephemeralcontainers" in _matched(POLICIES[admission.IMAGES])


_OTHER_TENANCY = "eu-frankfurt-1.ocir.io/someone-else/shop/api" + DIGEST
_LOOKALIKE = "eu-frankfurt-1.ocir.io/acme-evil/shop/api" + DIGEST
_TAG = f"{OURS}/shop/api:1.2.3"

#: (policy, rejected pod-spec variants (name, pod spec)) for the workload policies; the admitted one is
#: the plain pod spec with a good image and no toleration.
WORKLOAD_CASES: list[tuple[str, list[tuple[str, dict[str, Any]]]]] = [
    (
        admission.IMAGES,
        [
            ("another tenancy's image", _pod_spec(containers=[{"name": "a", "image": _OTHER_TENANCY}])),
            ("a look-alike namespace", _pod_spec(containers=[{"name": "a", "image": _LOOKALIKE}])),
            ("a tag, not a digest", _pod_spec(containers=[{"name": "a", "image": _TAG}])),
            ("a docker.io image", _pod_spec(containers=[{"name": "a", "image": "nginx" + DIGEST}])),
            ("an init container by tag", _pod_spec(initContainers=[{"name": "i", "image": _TAG}])),
            (
                "an ephemeral container from another tenancy",
                _pod_spec(ephemeralContainers=[{"name": "debugger", "image": _OTHER_TENANCY}]),
            ),
            ("an ephemeral container by tag", _pod_spec(ephemeralContainers=[{"name": "d", "image": "busybox:1.36"}])),
        ],
    ),
    (
        admission.PREEMPTIBLE,
        [
            ("tolerates preemptible", _pod_spec(tolerations=[{"key": PREEMPTIBLE_KEY, "operator": "Exists"}])),
            ("tolerates everything", _pod_spec(tolerations=[{"operator": "Exists"}])),
        ],
    ),
    (
        admission.WORKLOAD_TOLERATIONS,
        [
            ("Exists on the workload key", _pod_spec(tolerations=[{"key": WORKLOAD_KEY, "operator": "Exists"}])),
            ("tolerates everything", _pod_spec(tolerations=[{"operator": "Exists"}])),
        ],
    ),
    (
        admission.pool_policy_name("gpu"),
        [
            (
                "tolerates the gpu pool",
                _pod_spec(tolerations=[{"key": WORKLOAD_KEY, "operator": "Equal", "value": "gpu"}]),
            ),
        ],
    ),
]


@pytest.mark.parametrize(("policy_name", "rejected"), WORKLOAD_CASES, ids=[c[0] for c in WORKLOAD_CASES])
def test_workload_policies_admit_good_and_reject_bad_for_every_kind_cl5_np1_np6(
    policy_name: str, rejected: list[tuple[str, dict[str, Any]]]
) -> None:
    policy = POLICIES[policy_name]
    resources = _matched(policy)
    assert {"pods", "pods/ephemeralcontainers", "deployments", "cronjobs", "jobs"} <= set(resources)
    for resource in resources:
        assert admitted(policy, _workload(resource, _pod_spec())), (policy_name, resource)
        for why, spec in rejected:
            assert not admitted(policy, _workload(resource, copy.deepcopy(spec))), (policy_name, resource, why)


def test_kubectl_debug_on_a_running_pod_is_checked_cl5() -> None:
    """``kubectl debug -it pod --image=busybox`` sends the Pod with a new ephemeral container to the
    pods/ephemeralcontainers subresource: rejected; a pinned image of our namespace is admitted."""
    policy = POLICIES[admission.IMAGES]
    pod = _workload("pods/ephemeralcontainers", _pod_spec())
    pod["spec"]["ephemeralContainers"] = [{"name": "debugger", "image": "busybox", "targetContainerName": "api"}]
    assert not admitted(policy, pod)
    pod["spec"]["ephemeralContainers"][0]["image"] = f"{OURS}/tools/debug{DIGEST}"
    assert admitted(policy, pod)


def _namespace(labels: dict[str, str], annotations: dict[str, str] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": "shop", "labels": labels}
    if annotations is not None:
        meta["annotations"] = annotations
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": meta}


def _psa(level: str) -> dict[str, str]:
    return {f"pod-security.kubernetes.io/{m}": level for m in ("enforce", "audit", "warn")}


def test_namespace_policy_cl3() -> None:
    policy = POLICIES[admission.POD_SECURITY]
    assert _matched(policy) == ["namespaces"]
    assert admitted(policy, _namespace(_psa("restricted")))
    assert admitted(policy, _namespace(_psa("baseline"), {"oke-secure.io/exception-CL-3": "vendor image runs as root"}))
    assert not admitted(policy, _namespace({}))
    assert not admitted(policy, _namespace({"pod-security.kubernetes.io/enforce": "restricted"}))
    assert not admitted(policy, _namespace(_psa("baseline")))
    assert not admitted(policy, _namespace(_psa("privileged")))


def _service(type_: str | None, annotations: dict[str, str] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": "web", "namespace": "shop"}
    if annotations is not None:
        meta["annotations"] = annotations
    spec: dict[str, Any] = {"ports": [{"port": 443}]}
    if type_:
        spec["type"] = type_
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec}


#: The annotations that keep the cloud controller manager in the stack's NSGs (NET-10), per load balancer type.
NSG_LB = {lb.RULE_MODE: "NSG", lb.NSGS_LB: LB_NSG, lb.BACKEND_NSG: WORKER_NSG}
NSG_NLB = {lb.LB_TYPE: "nlb", lb.RULE_MODE: "NSG", lb.NSGS_NLB: LB_NSG, lb.BACKEND_NSG: WORKER_NSG}


def test_load_balancer_policy_wl6_net6() -> None:
    """Internal means the internal annotation of the Service's own type: the cloud controller manager reads
    oci-network-load-balancer.oraclecloud.com/internal only for ``nlb`` and the OCI load balancer's only
    for ``lb`` (Oracle, "Summary of Annotations for Load Balancers and Network Load Balancers";
    oci-cloud-controller-manager load_balancer_spec.go isInternalLB, getLoadBalancerType)."""
    policy = POLICIES[admission.LOAD_BALANCERS]
    assert _matched(policy) == ["services"]
    assert admitted(policy, _service(None))
    assert admitted(policy, _service("ClusterIP"))
    assert admitted(policy, _service("LoadBalancer", {admission.LB_INTERNAL: "true"}))
    assert admitted(policy, _service("LoadBalancer", {lb.LB_TYPE: "nlb", admission.NLB_INTERNAL: "true"}))
    assert admitted(policy, _service("LoadBalancer", {lb.LB_TYPE: "NLB", admission.NLB_INTERNAL: "true"}))
    assert admitted(policy, _service("LoadBalancer", {"oke-secure.io/exception-WL-6": "public storefront"}))
    assert not admitted(policy, _service("LoadBalancer"))
    assert not admitted(policy, _service("LoadBalancer", {admission.LB_INTERNAL: "false"}))
    # the other type's annotation leaves the load balancer public
    assert not admitted(policy, _service("LoadBalancer", {admission.NLB_INTERNAL: "true"}))
    assert not admitted(policy, _service("LoadBalancer", {lb.LB_TYPE: "nlb", admission.LB_INTERNAL: "true"}))
    strict = admission.load_balancer_policy(public_allowed=False)
    assert not admitted(strict, _service("LoadBalancer", {"oke-secure.io/exception-WL-6": "public storefront"}))


#: (why, annotations) of LoadBalancer Services the NSG policy refuses (NET-10). Annotation names and values:
#: Oracle, "Specifying Security Rule Management Options for Load Balancers and Network Load Balancers" and
#: "Summary of Annotations for Load Balancers and Network Load Balancers"; oci-cloud-controller-manager
#: docs/load-balancer-annotations.md (modes "SL-All", "SL-Frontend", "NSG", "None"; NSG lists are
#: comma-separated OCIDs).
NSG_REJECTED: list[tuple[str, dict[str, str]]] = [
    ("no annotation: the controller defaults to security-list mode All", {}),
    ("internal only", {admission.LB_INTERNAL: "true"}),
    ("security lists managed", {**NSG_LB, lb.RULE_MODE: "SL-All"}),
    ("frontend security list managed", {**NSG_LB, lb.RULE_MODE: "SL-Frontend"}),
    ("no rule management, so nothing opens the NSG", {**NSG_LB, lb.RULE_MODE: "None"}),
    ("mode missing", {k: v for k, v in NSG_LB.items() if k != lb.RULE_MODE}),
    ("no NSG attached", {k: v for k, v in NSG_LB.items() if k != lb.NSGS_LB}),
    ("an empty NSG list", {**NSG_LB, lb.NSGS_LB: ""}),
    ("an NSG that is not the stack's", {**NSG_LB, lb.NSGS_LB: OTHER_NSG}),
    ("the stack's NSG plus another", {**NSG_LB, lb.NSGS_LB: f"{LB_NSG},{OTHER_NSG}"}),
    ("an empty entry (the controller refuses it)", {**NSG_LB, lb.NSGS_LB: f"{LB_NSG},,"}),
    ("a look-alike OCID", {**NSG_LB, lb.NSGS_LB: LB_NSG + "x"}),
    ("no backend NSG", {k: v for k, v in NSG_LB.items() if k != lb.BACKEND_NSG}),
    ("the load-balancer NSG as backend", {**NSG_LB, lb.BACKEND_NSG: LB_NSG}),
    ("another backend NSG too", {**NSG_LB, lb.BACKEND_NSG: f"{WORKER_NSG}, {OTHER_NSG}"}),
    ("an NLB with the LB's NSG key (the controller ignores it)", {**NSG_LB, lb.LB_TYPE: "nlb"}),
    ("an LB with the NLB's NSG key", {k: v for k, v in NSG_NLB.items() if k != lb.LB_TYPE}),
]
NSG_ADMITTED: list[tuple[str, dict[str, str]]] = [
    ("OCI load balancer", NSG_LB),
    ("network load balancer", NSG_NLB),
    ("type lb named explicitly", {**NSG_LB, lb.LB_TYPE: "lb"}),
    (
        "both of the stack's LB NSGs, spaced as the controller allows",
        {**NSG_LB, lb.NSGS_LB: f"{LB_NSG} , {PUBLIC_LB_NSG}"},
    ),
    ("the public LB NSG", {**NSG_LB, lb.NSGS_LB: PUBLIC_LB_NSG}),
]


@pytest.mark.parametrize(
    ("why", "annotations"), NSG_ADMITTED + NSG_REJECTED, ids=[w for w, _ in NSG_ADMITTED + NSG_REJECTED]
)
def test_load_balancer_nsg_policy_net10(why: str, annotations: dict[str, str]) -> None:
    """NET-10: every LoadBalancer Service has its rules managed in NSGs (never in the security lists Pulumi
    owns), attaches only the stack's load-balancer NSGs and names only the worker NSG as backend NSG."""
    policy = POLICIES[admission.LOAD_BALANCER_NSGS]
    assert _matched(policy) == ["services"]
    expected = (why, annotations) in NSG_ADMITTED
    assert admitted(policy, _service("LoadBalancer", annotations)) is expected
    assert admitted(policy, _service("ClusterIP", annotations))  # only LoadBalancer Services are concerned


def test_load_balancer_nsg_policy_without_ids_still_requires_nsgs_net10() -> None:
    """Used without the stack's NSG ids, the policy still requires NSG mode and NSG OCIDs (of any NSG)."""
    loose = admission.load_balancer_nsg_policy()
    other = {**NSG_LB, lb.NSGS_LB: OTHER_NSG, lb.BACKEND_NSG: OTHER_NSG}
    assert admitted(loose, _service("LoadBalancer", other))
    for why, bad in [
        ("no mode", {k: v for k, v in other.items() if k != lb.RULE_MODE}),
        ("no NSG", {k: v for k, v in other.items() if k != lb.NSGS_LB}),
        ("not an OCID", {**other, lb.NSGS_LB: "lb-nsg"}),
        ("empty backend", {**other, lb.BACKEND_NSG: ""}),
        ("SL-All", {**other, lb.RULE_MODE: "SL-All"}),
    ]:
        assert not admitted(loose, _service("LoadBalancer", bad)), why


def test_nsg_ids_are_validated_before_they_enter_cel_net10() -> None:
    """An id is quoted into CEL and RE2 only once it is an NSG OCID (so it cannot change the expression)."""
    for bad in ("ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaavcnid", "ocid1.networksecuritygroup.oc1..aaaa')||true||('"):
        with pytest.raises(ValueError, match="OCID"):
            admission.load_balancer_nsg_policy([bad])


def test_hardened_service_admitted_plain_one_refused_through_the_components_net10() -> None:
    """NET-10 end to end with the Pulumi SDK: AdmissionPolicies takes the NSG ids as Outputs (as OkeStack and
    stacks/baseline pass them), the CEL the cluster would run is built from their values, and it admits the
    Service HardenedLoadBalancerService makes with the same NSGs while refusing a plain LoadBalancer Service.
    At a first preview (ids unknown) only the validations wait for the ids; the policy and binding stay known."""
    prog = PROGRAMS / "load_balancer_admission.py"
    cap = run_program(prog, config={}, mode="preview")
    policies = {r.inputs["metadata"]["name"]: r.inputs for r in cap.resources if r.type == T.K8S_VAP}
    policy = policies[admission.LOAD_BALANCER_NSGS]
    nsg_ids = {
        r.name: str(r.id) for r in cap.resources if r.type == "oci:Core/networkSecurityGroup:NetworkSecurityGroup"
    }
    assert nsg_ids["lb"].replace(".", "[.]") in policy["spec"]["validations"][1]["expression"]
    assert nsg_ids["workers"].replace(".", "[.]") in policy["spec"]["validations"][2]["expression"]
    services = {r.name: r.inputs for r in cap.resources if r.type == T.K8S_SERVICE}
    hardened = {**services["web"], "kind": "Service"}
    assert admitted(policy, hardened)
    assert admitted(policies[admission.LOAD_BALANCERS], hardened)
    assert not admitted(policy, {**services["plain"], "kind": "Service"})
    first = run_program(prog, config={}, mode="first")
    (unknown,) = [
        r.inputs for r in first.resources if r.type == T.K8S_VAP and r.name.endswith(admission.LOAD_BALANCER_NSGS)
    ]
    assert unknown["metadata"]["name"] == admission.LOAD_BALANCER_NSGS
    assert unknown["spec"]["matchConstraints"] == policy["spec"]["matchConstraints"]
    assert all(v["expression"] is UNKNOWN for v in unknown["spec"]["validations"])
