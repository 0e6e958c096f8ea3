"""NET-10: LoadBalancer services get a hardened OCI load balancer (CIS OKE 5.4.5).

What must hold (annotation names and meanings: :mod:`oke_secure.builders.load_balancers`, from Oracle's
"Summary of Annotations for Load Balancers and Network Load Balancers" and the cloud controller
manager's ``docs/load-balancer-annotations.md``):

* an NSG is attached to the load balancer (``oci.oraclecloud.com/oci-network-security-groups``, or the
  NLB's ``oci-network-load-balancer.oraclecloud.com/oci-network-security-groups``);
* its security rules are managed in NSGs (``oci.oraclecloud.com/security-rule-management-mode: NSG``)
  with a backend NSG named (``oci.oraclecloud.com/oci-backend-network-security-group``);
* a layer-7 load balancer terminates TLS on every port of the Service
  (``service.beta.kubernetes.io/oci-load-balancer-ssl-ports``) with a certificate from OCI Certificates
  (``oci-load-balancer.oraclecloud.com/tls-certificate-map``; a Kubernetes TLS secret puts the private
  key in the cluster and is not accepted), offering only TLS 1.2/1.3 through
  ``oci.oraclecloud.com/oci-load-balancer-listener-ssl-config`` (a cipher suite and its protocols);
* a network load balancer passes TCP through and cannot terminate TLS: it needs a recorded exception
  saying where TLS ends;
* a public load balancer (no internal annotation) admits only ``spec.loadBalancerSourceRanges``, never
  ``0.0.0.0/0``.

Whether a load balancer may be public at all is WL-6 (``k8s-internal-load-balancers``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, Severity
from pulumi_policy.proxy import UnknownValueError

from oke_secure.builders import load_balancers as lb
from oke_secure.builders.k8s_manifests import EXCEPTION_PREFIX
from oke_secure.policies import types as T
from oke_secure.policies._base import Report, get, resource_policy

_OPEN = ("0.0.0.0/0", "::/0")


def _ports(props: Any) -> list[str]:
    ports = (get(q, "port") for q in get(props, "spec.ports", []) or [])
    return [str(int(p)) if isinstance(p, float) else str(p) for p in ports if p is not None]


def _has(ann: Mapping[str, Any], key: str) -> bool:
    """The annotation is set; an OCID known only once the NSG exists (first preview) counts as set."""
    if key not in list(ann):  # iterating keys never touches a value, so unknowns do not raise
        return False
    try:
        return bool(ann[key])
    except UnknownValueError:
        return True


def _ssl_config_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"no {lb.LISTENER_SSL_CONFIG} annotation (cipher suite and TLS versions)"
    try:
        config = json.loads(value)
    except ValueError:
        return f"{lb.LISTENER_SSL_CONFIG} is not JSON"
    if not isinstance(config, Mapping) or not config.get("CipherSuiteName"):
        return f"{lb.LISTENER_SSL_CONFIG} names no CipherSuiteName"
    protocols = config.get("Protocols")
    if not isinstance(protocols, list) or not protocols:
        return f"{lb.LISTENER_SSL_CONFIG} lists no Protocols (the suite's defaults may include TLS 1.0/1.1)"
    old = [p for p in protocols if p not in lb.TLS_PROTOCOLS]
    if old:
        return f"{lb.LISTENER_SSL_CONFIG} allows {old}; only {list(lb.TLS_PROTOCOLS)} are accepted"
    return None


def load_balancer_problems(props: Any) -> list[str]:
    """Every way a Service of type LoadBalancer falls short of NET-10 (empty when it does not)."""
    if get(props, "spec.type") != "LoadBalancer":
        return []
    ann = get(props, "metadata.annotations", {}) or {}
    ann = ann if isinstance(ann, Mapping) else {}
    nlb = str(ann.get(lb.LB_TYPE, "lb")).lower() == "nlb"
    out: list[str] = []
    if not _has(ann, lb.NSGS_NLB if nlb else lb.NSGS_LB):
        out.append(f"no NSG attached ({lb.NSGS_NLB if nlb else lb.NSGS_LB})")
    if str(ann.get(lb.RULE_MODE, "")) != "NSG":
        out.append(f"security rules are not managed in NSGs ({lb.RULE_MODE}: NSG)")
    elif not _has(ann, lb.BACKEND_NSG):
        out.append(f"no backend NSG for the managed rules ({lb.BACKEND_NSG})")
    if nlb:
        out.append("a network load balancer cannot terminate TLS; record where TLS ends as an exception")
    else:
        ssl_ports = {p.strip() for p in str(ann.get(lb.SSL_PORTS, "")).split(",") if p.strip()}
        plain = [p for p in _ports(props) if p not in ssl_ports]
        if plain:
            out.append(f"port(s) {', '.join(plain)} are not TLS listeners ({lb.SSL_PORTS})")
        if not ann.get(lb.CERTIFICATE_MAP):
            source = f"a Kubernetes secret ({lb.TLS_SECRET})" if ann.get(lb.TLS_SECRET) else "nothing"
            out.append(f"the listener certificate comes from {source}, not OCI Certificates ({lb.CERTIFICATE_MAP})")
        problem = _ssl_config_problem(ann.get(lb.LISTENER_SSL_CONFIG))
        if problem:
            out.append(problem)
    internal = str(ann.get(lb.INTERNAL_NLB if nlb else lb.INTERNAL_LB, "")).lower() == "true"
    if not internal:
        ranges = [str(r) for r in get(props, "spec.loadBalancerSourceRanges", []) or []]
        if not ranges:
            out.append("it is public and has no loadBalancerSourceRanges")
        elif any(r in _OPEN for r in ranges):
            out.append("it is public and its loadBalancerSourceRanges admit anywhere")
    return out


@resource_policy(
    name="k8s-load-balancer-hardened",
    controls=["NET-10"],
    types=[T.K8S_SERVICE],
    severity=Severity.HIGH,
    description="LoadBalancer services attach an NSG with NSG rule management, terminate TLS 1.2+ on every port "
    "with an OCI Certificates certificate, and restrict source ranges when public.",
    remediation="Use oke_secure.components.load_balancer_service.HardenedLoadBalancerService (or the annotations "
    "of oke_secure.builders.load_balancers.service_annotations); a network load balancer records where TLS "
    f"ends in {EXCEPTION_PREFIX}NET-10.",
)
def load_balancer_hardened(args: ResourceValidationArgs, report: Report) -> None:
    name = get(args.props, "metadata.name") or args.name
    for problem in load_balancer_problems(args.props):
        report(f"LoadBalancer Service {name}: {problem} (NET-10)")
