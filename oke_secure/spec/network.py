"""``network``: the private network layer (NET-1 to NET-6, NET-9); every rule of the section is here."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from oke_secure.spec import cidr as _cidr
from oke_secure.spec.errors import Problem
from oke_secure.spec.types import Cidr, Cni, Port, Reason, VcnOcid, _Model, refuse


class SubnetsSpec(_Model):
    """CIDR blocks of the regional subnets, all inside ``network.vcn_cidr``."""

    api_endpoint: Cidr = Field("10.0.0.0/28", description="Private subnet of the Kubernetes API endpoint.")
    load_balancers: Cidr = Field("10.0.2.0/24", description="Private subnet for internal load balancers.")
    workers: Cidr = Field("10.0.16.0/20", description="Private subnet of the worker nodes.")
    pods: Cidr = Field("10.0.128.0/17", description="Private pod subnet (used with VCN-native pod networking).")


class PublicLoadBalancer(_Model):
    """An explicit opt-in to a public load-balancer subnet (NET-4, NET-6). Everything else stays private."""

    cidr: Cidr = Field(description="CIDR of the public load-balancer subnet, inside the VCN.")
    allowed_cidrs: list[Cidr] = Field(min_length=1, description="Client CIDRs allowed to reach the listeners.")
    ports: list[Port] = Field(min_length=1, description="Listener ports opened to allowed_cidrs.")
    reason: Reason = Field(description="Why a public entry point is needed; recorded in tags.")


class NetworkSpec(_Model):
    """The private network layer (NET-1 to NET-6, NET-9)."""

    vcn_id: VcnOcid | None = Field(None, description="An existing VCN to build in; only what is missing is created.")
    vcn_cidr: Cidr = Field("10.0.0.0/16", description="CIDR of the VCN (created or existing).")
    cni: Cni = Field(
        "vcn-native", description="Pod networking: 'vcn-native' (OCI_VCN_IP_NATIVE) or 'flannel' (overlay)."
    )
    subnets: SubnetsSpec = Field(default_factory=lambda: SubnetsSpec(), description="Subnet CIDRs.")
    pods_cidr: Cidr = Field("10.244.0.0/16", description="Kubernetes pods CIDR (flannel overlay).")
    services_cidr: Cidr = Field("10.96.0.0/16", description="Kubernetes services CIDR.")
    internet_egress: bool = Field(
        True, description="Outbound-only internet through a NAT gateway; false for an OCIR-only cluster."
    )
    rule_mode: Literal["security-lists", "nsg"] = Field(
        "security-lists", description="Express the minimum rules as subnet security lists or as NSGs."
    )
    admin_cidrs: list[Cidr] = Field(
        default_factory=list, description="Extra CIDRs (VPN, on-premises) allowed to reach the API on 6443."
    )
    public_load_balancer: PublicLoadBalancer | None = Field(
        None, description="Opt-in public load-balancer subnet, with allowed CIDRs, ports and a reason."
    )

    @model_validator(mode="after")
    def _rules(self) -> NetworkSpec:
        refuse(network_problems(self))
        return self


def _value(model: Any, field: str) -> str:
    """``model.field`` as a message shows it: marked when it is a default the user never wrote
    (a problem with a value nobody typed is otherwise impossible to place)."""
    value = getattr(model, field)
    return str(value) if field in model.model_fields_set else f"{value} (the default; you did not set it)"


def network_problems(net: NetworkSpec) -> list[Problem]:
    """Subnets inside the VCN and apart, Kubernetes CIDRs outside it, no admin CIDR open to all.

    Fields are relative to the ``network`` section.
    """
    out: list[Problem] = []
    subnets: list[tuple[str, str]] = [
        ("subnets.api_endpoint", net.subnets.api_endpoint),
        ("subnets.load_balancers", net.subnets.load_balancers),
        ("subnets.workers", net.subnets.workers),
    ]
    if net.cni == "vcn-native":
        subnets.append(("subnets.pods", net.subnets.pods))
    shown = {f"subnets.{k}": _value(net.subnets, k) for k in ("api_endpoint", "load_balancers", "workers", "pods")}
    vcn = _value(net, "vcn_cidr")
    if net.public_load_balancer is not None:
        subnets.append(("public_load_balancer.cidr", net.public_load_balancer.cidr))
    for field, block in subnets:
        if not _cidr.contains(net.vcn_cidr, block):
            out.append(
                Problem(
                    field,
                    f"{shown.get(field, block)} is outside the VCN {vcn}",
                    f"choose a block inside {net.vcn_cidr}, or widen network.vcn_cidr",
                )
            )
    for fa, ca, fb, cb in _cidr.overlapping_pairs(subnets):
        out.append(Problem(fb, f"{cb} overlaps network.{fa} ({ca})", "give each subnet its own, non-overlapping block"))
    if _cidr.overlaps(net.services_cidr, net.vcn_cidr):
        out.append(
            Problem(
                "services_cidr",
                f"{_value(net, 'services_cidr')} overlaps the VCN {vcn}",
                "choose a services CIDR outside the VCN, e.g. 10.96.0.0/16",
            )
        )
    if net.cni == "flannel":
        if _cidr.overlaps(net.pods_cidr, net.vcn_cidr):
            out.append(
                Problem(
                    "pods_cidr",
                    f"{net.pods_cidr} overlaps the VCN {net.vcn_cidr}",
                    "choose a pods CIDR outside the VCN, e.g. 10.244.0.0/16",
                )
            )
        if _cidr.overlaps(net.pods_cidr, net.services_cidr):
            out.append(
                Problem(
                    "pods_cidr",
                    f"{net.pods_cidr} overlaps the services CIDR {net.services_cidr}",
                    "give pods and services separate blocks",
                )
            )
    for i, block in enumerate(net.admin_cidrs):
        if _cidr.is_anywhere(block):
            out.append(
                Problem(
                    f"admin_cidrs[{i}]",
                    "0.0.0.0/0 would expose the API endpoint (NET-5)",
                    "list the VPN or office CIDRs that need kubectl, or use the Bastion",
                )
            )
    return out
