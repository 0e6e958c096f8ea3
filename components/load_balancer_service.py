"""A Kubernetes Service of type LoadBalancer with a hardened OCI load balancer (NET-10, CIS OKE 5.4.5).

The annotations and the certificate ConfigMap come from :mod:`oke_secure.builders.load_balancers`
(Oracle's documented annotations): the load-balancer NSG and the worker (backend) NSG are the network
component's outputs (``Network.lb_nsg_id``, ``Network.worker_nsg_id``), rules are managed in NSGs, every
port is a TLS listener with a certificate from OCI Certificates, TLS 1.2/1.3 only. It is internal
unless ``public_reason`` is given; a public one admits only ``source_ranges`` and records its reason
as the WL-6 exception the admission policy and the pack accept.

Prerequisite (Oracle, "Terminating SSL/TLS at the Load Balancer using OCI Certificates service"): the
cluster may use the certificates of the compartment (an IAM policy for the cluster's resource
principal) and each certificate is ACTIVE, in the cluster's region.
"""

import ipaddress
from typing import Any, NotRequired, Required, TypedDict

import pulumi
import pulumi_kubernetes as k8s

from oke_secure.builders import load_balancers as lb
from oke_secure.components._common import check_args, child, exception_annotations, token
from oke_secure.components.baseline_resources import create
from oke_secure.spec.errors import Problem, SpecError

_MIN_REASON = 10


class HardenedLoadBalancerServiceArgs(TypedDict):
    """Arguments of :class:`HardenedLoadBalancerService`."""

    namespace: Required[str]
    """Namespace of the Service and its certificate ConfigMap."""
    selector: Required[dict[str, str]]
    """Pod labels the Service sends traffic to."""
    ports: Required[list[dict[str, int]]]
    """Listener ports: ``{"port": 443, "target_port": 8443}`` each; every one is a TLS listener."""
    certificates: Required[dict[str, pulumi.Input[str]]]
    """OCI Certificates certificate OCID per listener port (key: the port as text, e.g. ``"443"``)."""
    lb_nsg_id: Required[pulumi.Input[str]]
    """NSG of the load balancer: ``Network.lb_nsg_id`` (or ``public_lb_nsg_id`` for a public one)."""
    backend_nsg_id: Required[pulumi.Input[str]]
    """NSG of the backends whose rules the controller manages: ``Network.worker_nsg_id``."""
    public_reason: NotRequired[str]
    """Why this load balancer must be public; without it, it is internal."""
    source_ranges: NotRequired[list[str]]
    """Client CIDRs a public load balancer admits (required when public; never 0.0.0.0/0)."""
    subnet_id: NotRequired[pulumi.Input[str]]
    """Load-balancer subnet (default: the cluster's service LB subnet)."""
    cipher_suite: NotRequired[str]
    """OCI predefined cipher suite (default: TLS 1.2/1.3 HTTP/2 suite)."""
    provider: NotRequired[k8s.Provider]
    """The Kubernetes provider of the cluster."""


def check(name: str, args: HardenedLoadBalancerServiceArgs) -> None:
    """Raise :class:`SpecError` naming each bad argument (before any resource exists)."""
    problems: list[Problem] = []
    ports = [int(p.get("port", 0)) for p in args.get("ports", [])]
    if not ports:
        problems.append(Problem("ports", "no listener port", 'give at least one, e.g. {"port": 443}'))
    certs = {str(k) for k in args.get("certificates", {})}
    for port in ports:
        if str(port) not in certs:
            problems.append(
                Problem(
                    f"certificates.{port}",
                    f"listener port {port} has no OCI Certificates certificate (NET-10)",
                    "map the port to the OCID of an ACTIVE certificate in the cluster's region",
                )
            )
    public = args.get("public_reason")
    if public is not None and len(public.strip()) < _MIN_REASON:
        problems.append(Problem("public_reason", "the reason is too short", "say in a sentence why it is public"))
    ranges = args.get("source_ranges", [])
    if public is not None and not ranges:
        problems.append(
            Problem("source_ranges", "a public load balancer admits no listed clients (NET-10)", "list client CIDRs")
        )
    for i, r in enumerate(ranges):
        try:
            net = ipaddress.ip_network(r, strict=True)
        except ValueError:
            problems.append(Problem(f"source_ranges[{i}]", f"{r!r} is not a CIDR block", "write e.g. 203.0.113.0/24"))
            continue
        if net.prefixlen == 0:
            problems.append(Problem(f"source_ranges[{i}]", f"{r} admits anywhere (NET-10)", "list the client CIDRs"))
    if problems:
        raise SpecError(problems)


class HardenedLoadBalancerService(pulumi.ComponentResource):
    """A LoadBalancer Service whose OCI load balancer sits in the given NSG, manages its rules in NSGs,
    terminates TLS 1.2+ on every port with certificates from OCI Certificates, and is internal unless a
    reason says otherwise."""

    service_name: pulumi.Output[str]
    """Name of the Service."""

    def __init__(
        self, name: str, args: HardenedLoadBalancerServiceArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        # Validated before the component registers: a mistake leaves nothing half-created.
        check_args("HardenedLoadBalancerService", args, HardenedLoadBalancerServiceArgs)
        check(name, args)
        super().__init__(token("HardenedLoadBalancerService"), name, None, opts)
        namespace = args["namespace"]
        provider = args.get("provider")
        map_name = f"{name}-certificates"
        certificates = {int(k): v for k, v in args["certificates"].items()}
        create(
            f"{name}-certificates",
            lb.certificate_map(map_name, namespace, certificates),
            child(self, provider=provider),
        )
        public = args.get("public_reason")
        annotations: dict[str, Any] = lb.service_annotations(
            lb_nsg_id=args["lb_nsg_id"],
            backend_nsg_id=args["backend_nsg_id"],
            certificate_map_name=map_name,
            ssl_ports=[int(p["port"]) for p in args["ports"]],
            internal=public is None,
            subnet_id=args.get("subnet_id"),
            cipher_suite=args.get("cipher_suite", lb.CIPHER_SUITE),
        )
        annotations.update(exception_annotations({"WL-6": public}))
        spec: dict[str, Any] = {
            "type": "LoadBalancer",
            "selector": dict(args["selector"]),
            "ports": [
                {"name": f"tls-{p['port']}", "port": int(p["port"]), "targetPort": int(p.get("target_port", p["port"]))}
                for p in args["ports"]
            ],
        }
        if args.get("source_ranges"):
            spec["loadBalancerSourceRanges"] = list(args["source_ranges"])
        manifest = {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": name, "namespace": namespace, "annotations": annotations},
            "spec": spec,
        }
        service = create(name, manifest, child(self, provider=provider))
        self.service_name = service.metadata.apply(lambda m: str(m.name))  # type: ignore[attr-defined]
        self.register_outputs({"service_name": self.service_name})
