"""The hardened OCI load balancer for a Kubernetes ``Service`` of type LoadBalancer (NET-10, CIS OKE 5.4.5).

Pure builders (no Pulumi): the Service annotations and the certificate ConfigMap that make OKE's cloud
controller manager provision a load balancer that

* sits in the network component's load-balancer NSG (``oci.oraclecloud.com/oci-network-security-groups``)
  and has its security rules managed in NSGs, not security lists
  (``oci.oraclecloud.com/security-rule-management-mode: NSG``), with the worker NSG as the backend NSG
  whose rules the controller keeps (``oci.oraclecloud.com/oci-backend-network-security-group``);
* terminates TLS on every listener (``service.beta.kubernetes.io/oci-load-balancer-ssl-ports``) with a
  certificate from the OCI Certificates service, mapped port -> certificate OCID by a ConfigMap named in
  ``oci-load-balancer.oraclecloud.com/tls-certificate-map`` (the private key never enters the cluster);
* offers only TLS 1.2 and 1.3 with an OCI predefined cipher suite
  (``oci.oraclecloud.com/oci-load-balancer-listener-ssl-config``);
* is internal unless a reason is given, and then admits only ``loadBalancerSourceRanges``.

Sources: Oracle, "Summary of Annotations for Load Balancers and Network Load Balancers" and "Defining
Kubernetes Services of Type LoadBalancer" (Terminating SSL/TLS at the Load Balancer using OCI
Certificates service: the ConfigMap lives in the Service's namespace, each key is a listener port and
each value a JSON array holding the leaf certificate's OCID; ``tls-certificate-map`` and
``oci-load-balancer-tls-secret`` are mutually exclusive); oracle/oci-cloud-controller-manager
``docs/load-balancer-annotations.md`` (annotation names, the NSG rule management modes).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

#: The annotations that make a Service's load balancer internal: the OCI load balancer's, and the network
#: load balancer's; the cloud controller manager reads only the one of the Service's type
#: (oci-cloud-controller-manager ``load_balancer_spec.go`` ``isInternalLB``, ``strconv.ParseBool``).
INTERNAL_LB = "service.beta.kubernetes.io/oci-load-balancer-internal"
INTERNAL_NLB = "oci-network-load-balancer.oraclecloud.com/internal"
#: ``lb`` (default) or ``nlb``; read case-insensitively, anything else means ``lb``
#: (``load_balancer_spec.go`` ``getLoadBalancerType``).
LB_TYPE = "oci.oraclecloud.com/load-balancer-type"
NSGS_LB = "oci.oraclecloud.com/oci-network-security-groups"
NSGS_NLB = "oci-network-load-balancer.oraclecloud.com/oci-network-security-groups"
#: One key for both kinds; ``NSG`` makes the controller keep its rules in NSGs (a frontend NSG it creates and
#: the backend NSGs below) and never touch a security list (``load_balancer_security_lists.go``: NSG mode
#: is the no-op security-list manager). Without it an OCI load balancer defaults to security-list mode
#: ``All`` (``getSecurityListManagementMode``), which edits the subnets' security lists.
RULE_MODE = "oci.oraclecloud.com/security-rule-management-mode"
#: The rule-management value that keeps the controller out of security lists.
RULE_MODE_NSG = "NSG"
BACKEND_NSG = "oci.oraclecloud.com/oci-backend-network-security-group"
SSL_PORTS = "service.beta.kubernetes.io/oci-load-balancer-ssl-ports"
TLS_SECRET = "service.beta.kubernetes.io/oci-load-balancer-tls-secret"
CERTIFICATE_MAP = "oci-load-balancer.oraclecloud.com/tls-certificate-map"
LISTENER_SSL_CONFIG = "oci.oraclecloud.com/oci-load-balancer-listener-ssl-config"
SUBNET = "service.beta.kubernetes.io/oci-load-balancer-subnet1"

#: TLS versions a listener may offer (NET-10: TLS 1.2 or newer).
TLS_PROTOCOLS = ("TLSv1.2", "TLSv1.3")
#: OCI predefined cipher suite of TLS 1.2 and 1.3 ciphers for HTTP/2 listeners (Oracle, "Predefined
#: Load Balancer Cipher Suites"; the annotation example of "Terminating SSL/TLS at the Load Balancer").
CIPHER_SUITE = "oci-default-http2-tls-12-13-ssl-cipher-suite-v1"


def listener_ssl_config(cipher_suite: str = CIPHER_SUITE, protocols: Sequence[str] = TLS_PROTOCOLS) -> str:
    """The JSON value of the listener SSL config annotation."""
    return json.dumps({"CipherSuiteName": cipher_suite, "Protocols": list(protocols)}, separators=(",", ":"))


def certificate_map(name: str, namespace: str, certificates: Mapping[int, Any]) -> dict[str, Any]:
    """The ConfigMap mapping each TLS listener port to its OCI Certificates certificate OCID.

    ``certificates`` maps port -> certificate OCID (a string, or a Pulumi ``Input`` in a component).
    """
    data = {str(port): _json_list(ocid) for port, ocid in sorted(certificates.items())}
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": namespace},
        "data": data,
    }


def _json_list(ocid: Any) -> Any:
    if isinstance(ocid, str):
        return json.dumps([ocid])
    import pulumi  # only for Inputs (components); plain strings need no Pulumi

    return pulumi.Output.from_input(ocid).apply(lambda v: json.dumps([v]))


def service_annotations(
    *,
    lb_nsg_id: Any,
    backend_nsg_id: Any,
    certificate_map_name: str,
    ssl_ports: Sequence[int],
    internal: bool = True,
    subnet_id: Any | None = None,
    cipher_suite: str = CIPHER_SUITE,
) -> dict[str, Any]:
    """The annotations of a hardened OCI (layer-7) load balancer Service (NET-10)."""
    annotations: dict[str, Any] = {
        LB_TYPE: "lb",
        NSGS_LB: lb_nsg_id,
        RULE_MODE: RULE_MODE_NSG,
        BACKEND_NSG: backend_nsg_id,
        SSL_PORTS: ",".join(str(p) for p in sorted(ssl_ports)),
        CERTIFICATE_MAP: certificate_map_name,
        LISTENER_SSL_CONFIG: listener_ssl_config(cipher_suite),
    }
    if internal:
        annotations[INTERNAL_LB] = "true"
    if subnet_id is not None:
        annotations[SUBNET] = subnet_id
    return annotations
