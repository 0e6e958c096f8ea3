"""ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, CEL; no webhook) as plain manifests.

Built in the API server since Kubernetes 1.30, so nothing extra runs in the cluster (WL-6):

- ``oke-secure-namespace-pod-security``: namespaces carry Pod Security labels, ``restricted``, or
  ``baseline`` with a recorded exception annotation (CL-3, WL-1);
- ``oke-secure-image-digest-registry``: containers, init and ephemeral containers (also when added
  through the ``pods/ephemeralcontainers`` subresource) are pinned by ``@sha256:`` digest and come from
  the allowed registries, named down to the tenancy's OCIR namespace (CL-5);
- ``oke-secure-internal-load-balancers``: ``LoadBalancer`` services carry OCI's internal annotation (the
  one of their load balancer type), unless public load balancers are allowed and the service records why
  (WL-6, NET-6);
- ``oke-secure-load-balancer-nsgs``: ``LoadBalancer`` services have the cloud controller manage their
  security rules in NSGs, never in the security lists Pulumi owns, with the stack's load-balancer NSG
  attached and the worker NSG as backend NSG (NET-10);
- ``oke-secure-preemptible-tolerations``: only opted-in namespaces tolerate the preemptible taint (NP-6);
- ``oke-secure-workload-tolerations``: no wildcard toleration of every dedicated pool (NP-1, WL-6);
- ``oke-secure-pool-<pool>-tolerations``: only a dedicated pool's own namespaces tolerate its taint (NP-1, WL-6).

System namespaces are exempt through each binding's ``namespaceSelector`` where appropriate.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from oke_secure.builders import load_balancers as lb
from oke_secure.builders.k8s_manifests import EXCEPTION_PREFIX, NAMESPACE_NAME_LABEL, PSA_PREFIX
from oke_secure.builders.labels import MANAGED_LABEL, PREEMPTIBLE_KEY, WORKLOAD_KEY
from oke_secure.spec import SYSTEM_NAMESPACES, NodePoolSpec, check_ocid

Manifest = dict[str, Any]

API_VERSION = "admissionregistration.k8s.io/v1"
#: OCI annotations that make a Service's load balancer internal (names: :mod:`oke_secure.builders.load_balancers`).
LB_INTERNAL = lb.INTERNAL_LB
NLB_INTERNAL = lb.INTERNAL_NLB
INTERNAL_ANNOTATIONS = (LB_INTERNAL, NLB_INTERNAL)

POD_SECURITY = "oke-secure-namespace-pod-security"
IMAGES = "oke-secure-image-digest-registry"
LOAD_BALANCERS = "oke-secure-internal-load-balancers"
LOAD_BALANCER_NSGS = "oke-secure-load-balancer-nsgs"
PREEMPTIBLE = "oke-secure-preemptible-tolerations"
WORKLOAD_TOLERATIONS = "oke-secure-workload-tolerations"
POLICY_NAMES = (POD_SECURITY, IMAGES, LOAD_BALANCERS, LOAD_BALANCER_NSGS, PREEMPTIBLE, WORKLOAD_TOLERATIONS)

_OPS = ["CREATE", "UPDATE"]
_WORKLOAD_RULES: list[Manifest] = [
    # ``kubectl debug`` adds ephemeral containers through the pods/ephemeralcontainers subresource (an UPDATE
    # whose object is the whole Pod); a rule on "pods" alone does not match subresource requests
    # (Kubernetes, "Ephemeral Containers"; admissionregistration/v1 RuleWithOperations: "pods/*" or the
    # subresource must be listed) (CL-5).
    {"apiGroups": [""], "apiVersions": ["v1"], "operations": _OPS, "resources": ["pods", "pods/ephemeralcontainers"]},
    {
        "apiGroups": ["apps"],
        "apiVersions": ["v1"],
        "operations": _OPS,
        "resources": ["deployments", "replicasets", "statefulsets", "daemonsets"],
    },
    {"apiGroups": ["batch"], "apiVersions": ["v1"], "operations": _OPS, "resources": ["jobs", "cronjobs"]},
]
# The pod spec of any matched workload kind, and all its (init) containers.
_WORKLOAD_VARIABLES: list[Manifest] = [
    {
        "name": "podSpec",
        "expression": "object.kind == 'Pod' ? object.spec : "
        "(object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec)",
    },
    {
        "name": "containers",
        "expression": "variables.podSpec.containers + "
        "(has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : []) + "
        "(has(variables.podSpec.ephemeralContainers) ? variables.podSpec.ephemeralContainers : [])",
    },
    {"name": "tolerations", "expression": "has(variables.podSpec.tolerations) ? variables.podSpec.tolerations : []"},
]


def _cel(value: Any) -> str:
    """A CEL literal (strings, lists and maps of strings) from Python data."""
    return json.dumps(value, sort_keys=True)


def _policy(
    name: str,
    rules: list[Manifest],
    validations: list[Manifest],
    controls: str,
    variables: list[Manifest] | None = None,
) -> Manifest:
    spec: Manifest = {"failurePolicy": "Fail", "matchConstraints": {"resourceRules": rules}, "validations": validations}
    if variables:
        spec["variables"] = variables
    return {
        "apiVersion": API_VERSION,
        "kind": "ValidatingAdmissionPolicy",
        "metadata": {
            "name": name,
            "labels": {MANAGED_LABEL: "true"},
            "annotations": {"oke-secure.io/controls": controls},
        },
        "spec": spec,
    }


def binding(policy_name: str, exempt_namespaces: list[str], extra: list[Manifest] | None = None) -> Manifest:
    """Bind a policy with ``Deny``, skipping ``exempt_namespaces`` (matched by their name label)."""
    expressions: list[Manifest] = list(extra or [])
    if exempt_namespaces:
        expressions.append({"key": NAMESPACE_NAME_LABEL, "operator": "NotIn", "values": list(exempt_namespaces)})
    spec: Manifest = {"policyName": policy_name, "validationActions": ["Deny"]}
    if expressions:
        spec["matchResources"] = {"namespaceSelector": {"matchExpressions": expressions}}
    return {
        "apiVersion": API_VERSION,
        "kind": "ValidatingAdmissionPolicyBinding",
        "metadata": {"name": policy_name, "labels": {MANAGED_LABEL: "true"}},
        "spec": spec,
    }


def pod_security_policy() -> Manifest:
    """Namespaces must carry enforce/audit/warn labels; ``baseline`` only with a recorded exception (CL-3)."""
    labels = "object.metadata.labels"
    has = f"has({labels}) && " + " && ".join(f"'{PSA_PREFIX}{m}' in {labels}" for m in ("enforce", "audit", "warn"))
    enforce = f"{labels}['{PSA_PREFIX}enforce']"
    exception = f"has(object.metadata.annotations) && '{EXCEPTION_PREFIX}CL-3' in object.metadata.annotations"
    return _policy(
        POD_SECURITY,
        [{"apiGroups": [""], "apiVersions": ["v1"], "operations": _OPS, "resources": ["namespaces"]}],
        [
            {
                "expression": has,
                "message": "namespaces must carry pod-security.kubernetes.io/enforce, audit and warn "
                "labels (CL-3, WL-1)",
                "reason": "Forbidden",
            },
            {
                "expression": f"!({has}) || {enforce} == 'restricted' || ({enforce} == 'baseline' && {exception})",
                "message": "pod-security.kubernetes.io/enforce must be restricted, or baseline with the annotation "
                f"{EXCEPTION_PREFIX}CL-3 giving the reason (CL-3)",
                "reason": "Forbidden",
            },
        ],
        "CL-3,WL-1,WL-6",
    )


def registry_prefixes(allowed_registries: list[str]) -> list[str]:
    """The prefixes images must start with, each ending in ``/`` so that ``<region>.ocir.io/acme/`` never
    admits ``<region>.ocir.io/acme-evil/`` (CL-5)."""
    return sorted({r.rstrip("/") + "/" for r in allowed_registries})


def image_policy(allowed_registries: list[str]) -> Manifest:
    """Containers (init and ephemeral too) pinned by digest and pulled from an allowed registry (CL-5).

    An OCIR prefix names the tenancy's namespace (``<region>.ocir.io/<namespace>/``): OCIR serves every
    tenancy from the same regional host, so the host alone admits anyone's public images (Oracle,
    "Pushing Images Using the Docker CLI": images are ``<region-key>.ocir.io/<tenancy-namespace>/<repo>``).
    """
    prefixes = registry_prefixes(allowed_registries)
    return _policy(
        IMAGES,
        _WORKLOAD_RULES,
        [
            {
                "expression": "variables.containers.all(c, c.image.contains('@sha256:'))",
                "message": "every container image must be pinned by digest (image@sha256:...) (CL-5)",
                "reason": "Forbidden",
            },
            {
                "expression": f"variables.containers.all(c, {_cel(prefixes)}.exists(r, c.image.startsWith(r)))",
                "message": f"images must come from an allowed registry: {', '.join(prefixes)} (CL-5)",
                "reason": "Forbidden",
            },
        ],
        "CL-5,WL-6",
        _WORKLOAD_VARIABLES,
    )


_SERVICE_RULES: list[Manifest] = [
    {"apiGroups": [""], "apiVersions": ["v1"], "operations": _OPS, "resources": ["services"]}
]
_ANN = "object.metadata.annotations"
_IS_LOAD_BALANCER = "has(object.spec.type) && object.spec.type == 'LoadBalancer'"


def _annotation_is(key: str, test: str) -> str:
    """CEL: the Service has annotation ``key`` and its value passes ``test`` (a CEL method call or
    comparison applied to the value, e.g. ``== 'true'``)."""
    return f"(has({_ANN}) && '{key}' in {_ANN} && {_ANN}['{key}']{test})"


#: CEL: the Service asks for a network load balancer. The controller lower-cases the type annotation and
#: treats any other value as ``lb`` (oci-cloud-controller-manager ``load_balancer_spec.go``
#: ``getLoadBalancerType``); RE2's ``(?i)`` does the same here.
_IS_NLB = _annotation_is(lb.LB_TYPE, ".matches('(?i)^nlb$')")


def load_balancer_policy(public_allowed: bool) -> Manifest:
    """``LoadBalancer`` services internal; public ones only when allowed and recorded (WL-6, NET-6).

    The internal annotation must be the one of the Service's load balancer type: the controller reads
    ``oci-network-load-balancer.oraclecloud.com/internal`` only for ``nlb`` and
    ``service.beta.kubernetes.io/oci-load-balancer-internal`` only for ``lb`` (``load_balancer_spec.go``
    ``isInternalLB``), so the other one would leave the load balancer public.
    """
    is_true = " == 'true'"
    ok = f"({_IS_NLB} ? {_annotation_is(NLB_INTERNAL, is_true)} : {_annotation_is(LB_INTERNAL, is_true)})"
    if public_allowed:
        ok = f"({ok} || (has({_ANN}) && '{EXCEPTION_PREFIX}WL-6' in {_ANN}))"
    message = (
        f'LoadBalancer services must be internal: annotate {LB_INTERNAL}: "true" (or, with {lb.LB_TYPE}: "nlb", '
        f'{NLB_INTERNAL}: "true")'
    )
    if public_allowed:
        message += f", or record why it is public in {EXCEPTION_PREFIX}WL-6"
    return _policy(
        LOAD_BALANCERS,
        _SERVICE_RULES,
        [
            {
                "expression": f"!({_IS_LOAD_BALANCER}) || {ok}",
                "message": message + " (WL-6)",
                "reason": "Forbidden",
            },
        ],
        "WL-6,NET-6",
    )


#: RE2 for any NSG OCID (when the stack's NSG ids are not given).
_ANY_NSG = "ocid1[.]networksecuritygroup[.][a-z0-9]+[.][a-z0-9-]*[.][a-z0-9]+"


def _nsg_list_regex(ocids: Sequence[str] | None) -> str:
    """RE2 for an NSG annotation value whose every entry is one of ``ocids`` (any NSG OCID when none).

    The controller removes every space from the value, splits it on commas and refuses empty entries
    (``load_balancer_spec.go`` ``getNetworkSecurityGroupIds``, ``getManagedBackendNSG``); so spaces
    may surround each entry, and an empty entry is refused here too.
    """
    if ocids:
        # Validated first: an OCID holds only [a-z0-9.-], so quoted in CEL and RE2 it means itself.
        one = (
            "(" + "|".join(check_ocid(o, "networksecuritygroup").replace(".", "[.]") for o in sorted(set(ocids))) + ")"
        )
    else:
        one = f"({_ANY_NSG})"
    return f"^ *{one}( *, *{one})* *$"


def load_balancer_nsg_policy(
    lb_nsg_ids: Sequence[str] | None = None, backend_nsg_ids: Sequence[str] | None = None
) -> Manifest:
    """Every ``LoadBalancer`` Service keeps the cloud controller manager out of the security lists (NET-10).

    Without ``oci.oraclecloud.com/security-rule-management-mode: NSG`` the controller defaults an OCI load
    balancer to security-list mode ``All`` and edits the subnets' security lists, which Pulumi owns whole
    (a security list is one resource with its rules inline), so each ``pulumi up`` strips its rules again
    (Oracle, "Specifying Security Rule Management Options for Load Balancers and Network Load Balancers";
    oci-cloud-controller-manager ``docs/load-balancer-annotations.md``, ``load_balancer_spec.go``
    ``getRuleManagementMode``, ``load_balancer_security_lists.go``). In NSG mode the controller creates one
    frontend NSG per load balancer and adds rules to the backend NSGs named in
    ``oci.oraclecloud.com/oci-backend-network-security-group``; Pulumi manages NSG rules one resource each,
    so those additions are not fought over.

    Required, for every Service of type ``LoadBalancer``:

    * the rule management mode ``NSG`` (one key for ``lb`` and ``nlb``);
    * the NSG annotation of its type (``oci.oraclecloud.com/oci-network-security-groups``, or
      ``oci-network-load-balancer.oraclecloud.com/oci-network-security-groups`` for ``nlb``) naming only
      ``lb_nsg_ids`` (the stack's load-balancer NSGs) — any NSG OCIDs when none are given;
    * the backend NSG annotation naming only ``backend_nsg_ids`` (the worker NSG) — any NSG OCIDs when none.

    The OCIDs are CEL string literals (validated as NSG OCIDs first): no parameter object in the cluster
    could be edited to widen the rule, and the expression the API server runs is the one the tests run.
    """
    frontend = _nsg_list_regex(lb_nsg_ids)
    backend = _nsg_list_regex(backend_nsg_ids)
    frontend_ok = f".matches('{frontend}')"
    nsgs = f"({_IS_NLB} ? {_annotation_is(lb.NSGS_NLB, frontend_ok)} : {_annotation_is(lb.NSGS_LB, frontend_ok)})"
    mode = _annotation_is(lb.RULE_MODE, f" == '{lb.RULE_MODE_NSG}'")
    backend_ok = _annotation_is(lb.BACKEND_NSG, f".matches('{backend}')")
    expected_lb = ", ".join(sorted(set(lb_nsg_ids))) if lb_nsg_ids else "the stack's load-balancer NSG OCID"
    expected_be = ", ".join(sorted(set(backend_nsg_ids))) if backend_nsg_ids else "the worker NSG OCID"
    hint = " (HardenedLoadBalancerService sets all three) (NET-10)"
    return _policy(
        LOAD_BALANCER_NSGS,
        _SERVICE_RULES,
        [
            {
                "expression": f"!({_IS_LOAD_BALANCER}) || {mode}",
                "message": f'LoadBalancer services must annotate {lb.RULE_MODE}: "{lb.RULE_MODE_NSG}", so that the '
                "cloud controller manager keeps its rules in NSGs and never edits the security lists Pulumi owns"
                + hint,
                "reason": "Forbidden",
            },
            {
                "expression": f"!({_IS_LOAD_BALANCER}) || {nsgs}",
                "message": f"LoadBalancer services must attach the load-balancer NSG: annotate {lb.NSGS_LB} (or, "
                f'with {lb.LB_TYPE}: "nlb", {lb.NSGS_NLB}) with {expected_lb} and no other NSG' + hint,
                "reason": "Forbidden",
            },
            {
                "expression": f"!({_IS_LOAD_BALANCER}) || {backend_ok}",
                "message": f"LoadBalancer services must name the backend NSG: annotate {lb.BACKEND_NSG} with "
                f"{expected_be} and no other NSG" + hint,
                "reason": "Forbidden",
            },
        ],
        "NET-10",
    )


def _tolerates_all() -> str:
    return "((!has(t.key) || t.key == '') && has(t.operator) && t.operator == 'Exists')"


def preemptible_policy() -> Manifest:
    """Only namespaces labelled as opted in may tolerate the preemptible taint (NP-6).

    Opted-in namespaces carry the label ``oke-secure.io/preemptible: "true"``, which the binding's
    namespace selector skips; only cluster administrators can label namespaces.
    """
    expr = f"variables.tolerations.all(t, !((has(t.key) && t.key == '{PREEMPTIBLE_KEY}') || {_tolerates_all()}))"
    return _policy(
        PREEMPTIBLE,
        _WORKLOAD_RULES,
        [
            {
                "expression": expr,
                "message": f"only namespaces that opt in may tolerate the {PREEMPTIBLE_KEY} taint "
                "(namespaces[].tolerate_preemptible) (NP-6)",
                "reason": "Forbidden",
            },
        ],
        "NP-6,WL-6",
        _WORKLOAD_VARIABLES,
    )


def workload_wildcard_policy() -> Manifest:
    """No toleration of every dedicated pool at once: no ``Exists`` on the workload key, no key-less
    ``Exists`` (NP-1, WL-6)."""
    key = WORKLOAD_KEY
    wildcard = f"((has(t.key) && t.key == '{key}' && has(t.operator) && t.operator == 'Exists') || {_tolerates_all()})"
    return _policy(
        WORKLOAD_TOLERATIONS,
        _WORKLOAD_RULES,
        [
            {
                "expression": f"variables.tolerations.all(t, !{wildcard})",
                "message": f"tolerations must name one pool: no operator Exists on {key} and no key-less Exists "
                "(NP-1, WL-6)",
                "reason": "Forbidden",
            },
        ],
        "NP-1,NP-6,WL-6",
        _WORKLOAD_VARIABLES,
    )


def pool_policy_name(pool: str) -> str:
    """Name of the admission policy guarding one dedicated pool's taint."""
    return f"oke-secure-pool-{pool}-tolerations"


def pool_policy(pool: NodePoolSpec) -> Manifest:
    """Nobody tolerates ``pool``'s taint; its binding exempts the pool's own namespaces (NP-1, WL-6).

    One policy per pool, so adding a pool adds objects and changes none.
    """
    key = WORKLOAD_KEY
    expr = (
        f"variables.tolerations.all(t, !(has(t.key) && t.key == '{key}' && has(t.value) && "
        f"t.value == {_cel(pool.name)}))"
    )
    return _policy(
        pool_policy_name(pool.name),
        _WORKLOAD_RULES,
        [
            {
                "expression": expr,
                "message": f"only the namespaces of node pool {pool.name} "
                f"(node_pools[].namespaces) may tolerate its {key}={pool.name} taint (NP-1, WL-6)",
                "reason": "Forbidden",
            },
        ],
        "NP-1,WL-6",
        _WORKLOAD_VARIABLES,
    )


def admission_objects(
    *,
    allowed_registries: list[str],
    pools: list[NodePoolSpec],
    public_load_balancer: bool,
    lb_nsg_ids: Sequence[str] | None = None,
    backend_nsg_ids: Sequence[str] | None = None,
) -> list[Manifest]:
    """Every policy followed by its binding. ``kube-system`` is exempt from the workload and Service
    policies; the namespace policy skips the system namespaces the baseline leaves alone; each dedicated
    pool's policy skips the pool's own namespaces. ``lb_nsg_ids`` / ``backend_nsg_ids``: the NSGs
    ``LoadBalancer`` Services must name (:func:`load_balancer_nsg_policy`)."""
    system = list(SYSTEM_NAMESPACES)
    return [
        pod_security_policy(),
        binding(POD_SECURITY, system),
        image_policy(allowed_registries),
        binding(IMAGES, ["kube-system"]),
        load_balancer_policy(public_load_balancer),
        binding(LOAD_BALANCERS, ["kube-system"]),
        load_balancer_nsg_policy(lb_nsg_ids, backend_nsg_ids),
        binding(LOAD_BALANCER_NSGS, ["kube-system"]),
        preemptible_policy(),
        binding(PREEMPTIBLE, ["kube-system"], [{"key": PREEMPTIBLE_KEY, "operator": "NotIn", "values": ["true"]}]),
        workload_wildcard_policy(),
        binding(WORKLOAD_TOLERATIONS, ["kube-system"]),
    ] + [
        obj
        for pool in pools
        if not pool.system
        for obj in (pool_policy(pool), binding(pool_policy_name(pool.name), ["kube-system", *pool.namespaces]))
    ]
