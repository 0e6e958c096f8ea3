# ruff: noqa: E501  (the corpus programs are one-line sources)
"""A corpus of programs written from Oracle's documentation, not with this project's components, tags or
label keys: secure ones pass the policies of the controls they exercise, insecure ones are reported with
the right control id. Half of the insecure values reach the resource through Outputs (``apply``,
``Output.all``, secrets) or separate resources (RouteTableAttachment, a subnet or table defined apart).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pulumi_policy import ResourceValidationPolicy, StackValidationPolicy

from oke_secure.offline.engine import run_program
from oke_secure.offline.evaluate import evaluate
from oke_secure.policies import CONTROLS_OF, POLICIES

pytestmark = pytest.mark.slow

_HEAD = "import pulumi\nimport pulumi_oci as oci\nimport pulumi_kubernetes as k8s\nfrom tests.intent_corpus._common import *\n"
_POOL = 'oci.containerengine.NodePool("pool", **pool_args({label}, {script}))\n'
_NET = """
vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
sgw = oci.core.ServiceGateway("sgw", compartment_id=COMP, vcn_id=vcn.id, services=[{"service_id": "ocid1.service.oc1..all"}])
nat = oci.core.NatGateway("nat", compartment_id=COMP, vcn_id=vcn.id)
igw = oci.core.InternetGateway("igw", compartment_id=COMP, vcn_id=vcn.id)
sgw_rule = {"destination": "all-fra-services-in-oracle-services-network", "destination_type": "SERVICE_CIDR_BLOCK", "network_entity_id": sgw.id}
nat_rule = {"destination": "0.0.0.0/0", "destination_type": "CIDR_BLOCK", "network_entity_id": nat.id}
igw_rule = {"destination": "0.0.0.0/0", "destination_type": "CIDR_BLOCK", "network_entity_id": igw.id}
"""
_USE = """
args = pool_args(("dedicated", "web"), RULE + INIT + run_init("dedicated=web:NoSchedule"))
args["node_config_details"]["placement_configs"][0]["subnet_id"] = subnet.id
oci.containerengine.NodePool("web", **args)
"""
_WI = """
oci.identity.Policy("wi", compartment_id=COMP, name="wi", description="workload identity", statements=[{stmt}])
"""
_WI_TEXT = (
    "\"Allow any-user to read objects in compartment oke where all {{request.principal.type = 'workload', "
    "request.principal.namespace = 'web', request.principal.service_account = {sa}, "
    "request.principal.cluster_id = 'ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaexample'}}\""
)
_DEPLOY = """
k8s.apps.v1.Deployment("api", metadata={{"name": "api", "namespace": "shop"}}, spec={{
    "selector": {{"matchLabels": {{"app": "api"}}}},
    "template": {{"metadata": {{"labels": {{"app": "api"}}}}, "spec": {{"containers": [{{
        "name": "api", "image": "eu-frankfurt-1.ocir.io/acme/api@sha256:" + "a" * 64, "env": {env}}}]}}}}}})
"""
_NS = """
ns = k8s.core.v1.Namespace("shop", metadata={"name": "shop"})
k8s.networking.v1.NetworkPolicy("deny", metadata={"name": "deny", "namespace": ns.metadata.name},
    spec={"podSelector": {}, "policyTypes": ["Ingress", "Egress"]})
"""


def _pool(label: str, script: str) -> str:
    return _POOL.format(label=label, script=script)


SECURE: dict[str, tuple[list[str], str]] = {
    "np1-dedicated-label": (
        ["NP-1", "NET-7"],
        _pool('("dedicated", "batch")', 'RULE + INIT + run_init("dedicated=batch:NoSchedule")'),
    ),
    "np1-noexecute-workload-key": (
        ["NP-1"],
        _pool('("workload", "payments")', 'RULE + INIT + run_init("workload=payments:NoExecute")'),
    ),
    "net7-heredoc-run": (
        ["NET-7"],
        _pool(
            '("dedicated", "b")',
            '"cat >/opt/b.sh <<\'EOF\'\\n" + RULE + "EOF\\nbash /opt/b.sh\\n" + INIT + run_init("dedicated=b:NoSchedule")',
        ),
    ),
    "net7-systemd-unit": (
        ["NET-7"],
        _pool(
            '("dedicated", "b")',
            '"cat >/etc/systemd/system/imds.service <<EOF\\n[Service]\\nExecStart=/usr/sbin/iptables -I FORWARD 1 -d 169.254.169.254 -p tcp --dport 80 -j REJECT\\nEOF\\nsystemctl enable --now imds.service\\n" + INIT + run_init("dedicated=b:NoSchedule")',
        ),
    ),
    "net2-ingress-flag-only": (
        ["NET-2"],
        _NET
        + 'subnet = oci.core.Subnet("w", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20", prohibit_internet_ingress=True)\n'
        + _USE,
    ),
    "net2-public-ip-flag-only": (
        ["NET-2"],
        _NET
        + 'subnet = oci.core.Subnet("w", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20", prohibit_public_ip_on_vnic=True)\n'
        + _USE,
    ),
    "net3-route-table-attachment": (
        ["NET-3"],
        _NET
        + 'subnet = oci.core.Subnet("w", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20", prohibit_internet_ingress=True)\nrt = oci.core.RouteTable("rt", compartment_id=COMP, vcn_id=vcn.id, route_rules=[sgw_rule, nat_rule])\noci.core.RouteTableAttachment("att", subnet_id=subnet.id, route_table_id=rt.id)\n'
        + _USE,
    ),
    "net3-own-route-table": (
        ["NET-3"],
        _NET
        + 'rt = oci.core.RouteTable("rt", compartment_id=COMP, vcn_id=vcn.id, route_rules=[sgw_rule])\nsubnet = oci.core.Subnet("w", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20", prohibit_internet_ingress=True, route_table_id=rt.id)\n'
        + _USE,
    ),
    "iam4-exact-service-account": (["IAM-4"], _WI.format(stmt=_WI_TEXT.format(sa="'web-frontend'"))),
    "ac2-env-configuration-only": (
        ["AC-2"],
        _DEPLOY.format(
            env='[{"name": "LOG_LEVEL", "value": "info"}, {"name": "DB_PASSWORD_FILE", "value": "/mnt/secrets/db"}]'
        ),
    ),
    "net8-declared-egress": (
        ["NET-8"],
        _NS
        + 'k8s.networking.v1.NetworkPolicy("db", metadata={"name": "db", "namespace": ns.metadata.name}, spec={"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{"ipBlock": {"cidr": "10.50.0.0/24"}}], "ports": [{"protocol": "TCP", "port": 5432}]}]})\n',
    ),
}

INSECURE: dict[str, tuple[str, str]] = {
    "np1-label-without-taint": (
        "NP-1",
        _pool('("dedicated", "batch")', "RULE + INIT + 'bash /var/run/oke-init.sh\\n'"),
    ),
    "np1-taint-other-value-output": (
        "NP-1",
        'taint = pulumi.Output.from_input("dedicated=other:NoSchedule")\nargs = pool_args(("dedicated", "batch"), RULE + INIT)\nargs["node_metadata"]["user_data"] = taint.apply(lambda t: b64("#!/bin/bash\\n" + RULE + INIT + run_init(t)))\noci.containerengine.NodePool("pool", **args)\n',
    ),
    "np1-commented-taint": (
        "NP-1",
        _pool('("dedicated", "batch")', 'RULE + INIT + "# " + run_init("dedicated=batch:NoSchedule")'),
    ),
    "net7-commented-rule": (
        "NET-7",
        _pool('("dedicated", "b")', '"# " + RULE + INIT + run_init("dedicated=b:NoSchedule")'),
    ),
    "net7-seed-rule": (
        "NET-7",
        _pool(
            '("dedicated", "b")',
            '"iptables -I FORWARD 1 -i veth+ -d 169.254.0.0/16 -j DROP\\n" + INIT + run_init("dedicated=b:NoSchedule")',
        ),
    ),
    "net7-heredoc-never-run": (
        "NET-7",
        _pool(
            '("dedicated", "b")',
            '"cat >/opt/b.sh <<\'EOF\'\\n" + RULE + "EOF\\n" + INIT + run_init("dedicated=b:NoSchedule")',
        ),
    ),
    "net7-unit-not-enabled": (
        "NET-7",
        _pool(
            '("dedicated", "b")',
            '"cat >/etc/systemd/system/imds.service <<EOF\\n[Service]\\nExecStart=" + RULE + "EOF\\n" + INIT + run_init("dedicated=b:NoSchedule")',
        ),
    ),
    "net7-cuts-dns": (
        "NET-7",
        _pool(
            '("dedicated", "b")',
            '"iptables -I FORWARD 1 -d 169.254.169.254 -j DROP\\n" + INIT + run_init("dedicated=b:NoSchedule")',
        ),
    ),
    "net7-output-all-commented": (
        "NET-7",
        'parts = pulumi.Output.all("# " + RULE, INIT)\nargs = pool_args(("dedicated", "b"), "")\nargs["node_metadata"]["user_data"] = parts.apply(lambda p: b64("#!/bin/bash\\n" + p[0] + p[1] + run_init("dedicated=b:NoSchedule")))\noci.containerengine.NodePool("pool", **args)\n',
    ),
    "net7-no-user-data": (
        "NET-7",
        'args = pool_args(("dedicated", "b"), "")\ndel args["node_metadata"]["user_data"]\noci.containerengine.NodePool("pool", **args)\n',
    ),
    "net2-ingress-false-wins": (
        "NET-2",
        _NET
        + 'subnet = oci.core.Subnet("w", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20", prohibit_public_ip_on_vnic=True, prohibit_internet_ingress=False)\n'
        + _USE,
    ),
    "net2-separate-subnet-no-flags": (
        "NET-2",
        _NET + 'subnet = oci.core.Subnet("w", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20")\n' + _USE,
    ),
    "net1-public-endpoint-subnet": (
        "NET-1",
        _NET
        + 'subnet = oci.core.Subnet("api", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.0.0/28")\noci.containerengine.Cluster("oke", compartment_id=COMP, vcn_id=vcn.id, kubernetes_version="v1.33.1", endpoint_config={"subnet_id": subnet.id, "is_public_ip_enabled": False})\n',
    ),
    "net4-attached-igw-table": (
        "NET-4",
        _NET
        + 'subnet = oci.core.Subnet("w", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20", prohibit_internet_ingress=True)\nrt = oci.core.RouteTable("rt", compartment_id=COMP, vcn_id=vcn.id, route_rules=[sgw_rule, igw_rule])\noci.core.RouteTableAttachment("att", subnet_id=subnet.id, route_table_id=rt.id)\n'
        + _USE,
    ),
    "net3-attached-nat-only": (
        "NET-3",
        _NET
        + 'subnet = oci.core.Subnet("w", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20", prohibit_internet_ingress=True)\nrt = oci.core.RouteTable("rt", compartment_id=COMP, vcn_id=vcn.id, route_rules=[nat_rule])\noci.core.RouteTableAttachment("att", subnet_id=subnet.id, route_table_id=rt.id)\n'
        + _USE,
    ),
    "net3-no-route-table": (
        "NET-3",
        _NET
        + 'subnet = oci.core.Subnet("w", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20", prohibit_internet_ingress=True)\n'
        + _USE,
    ),
    "iam4-pattern": ("IAM-4", _WI.format(stmt=_WI_TEXT.format(sa="/web-*/"))),
    "iam4-star": ("IAM-4", _WI.format(stmt=_WI_TEXT.format(sa="'*'"))),
    "ac2-secret-string-data": (
        "AC-2",
        'k8s.core.v1.Secret("db", metadata={"name": "db", "namespace": "shop"}, string_data={"password": "hunter2"})\n',
    ),
    "ac2-secret-data-from-config-secret": (
        "AC-2",
        'pw = pulumi.Output.secret("aHVudGVyMg==")\nk8s.core.v1.Secret("db", metadata={"name": "db", "namespace": "shop"}, data={"password": pw})\n',
    ),
    "ac2-env-password": ("AC-2", _DEPLOY.format(env='[{"name": "DB_PASSWORD", "value": "hunter2"}]')),
    "ac2-env-api-key-output": (
        "AC-2",
        'key = pulumi.Output.from_input("sk-live-123")\n'
        + _DEPLOY.format(env='[{"name": "STRIPE_API_KEY", "value": key}]'),
    ),
    "ac2-env-token-concat": (
        "AC-2",
        'tok = pulumi.Output.concat("ghp_", "abc")\n' + _DEPLOY.format(env='[{"name": "GITHUB_TOKEN", "value": tok}]'),
    ),
    "net8-egress-without-to": (
        "NET-8",
        _NS
        + 'k8s.networking.v1.NetworkPolicy("out", metadata={"name": "out", "namespace": ns.metadata.name}, spec={"podSelector": {}, "policyTypes": ["Egress"], "egress": [{}]})\n',
    ),
    "net8-anywhere-except-metadata": (
        "NET-8",
        _NS
        + 'k8s.networking.v1.NetworkPolicy("out", metadata={"name": "out", "namespace": ns.metadata.name}, spec={"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}}]}]})\n',
    ),
}


def _policies_for(controls: list[str]) -> list[ResourceValidationPolicy | StackValidationPolicy]:
    return [p for p in POLICIES if set(CONTROLS_OF[p.name]) & set(controls)]


def _violations(tmp_path: Path, source: str, controls: list[str]) -> list[tuple[str, str]]:
    program = tmp_path / "__main__.py"
    program.write_text(_HEAD + textwrap.dedent(source))
    cap = run_program(program, config={})
    report = evaluate(cap.resources, _policies_for(controls), config={"all": "mandatory"})
    return [(v.policy, v.message) for v in report.violations]


def test_corpus_sizes() -> None:
    assert len(SECURE) >= 10 and len(INSECURE) >= 25
    markers = ("Output", "subnet.id", "rt.id", "ns.metadata.name")
    indirect = [n for n, (_, src) in INSECURE.items() if any(m in src for m in markers)]
    assert len(indirect) * 2 >= len(INSECURE)


@pytest.mark.parametrize("name", sorted(SECURE))
def test_secure_program_passes(tmp_path: Path, name: str) -> None:
    controls, source = SECURE[name]
    assert _violations(tmp_path, source, controls) == []


@pytest.mark.parametrize("name", sorted(INSECURE))
def test_insecure_program_is_reported_with_its_control(tmp_path: Path, name: str) -> None:
    control, source = INSECURE[name]
    found = _violations(tmp_path, source, [control])
    assert found, f"{name}: not reported"
    assert any(control in msg for _, msg in found), found
