"""Each misjudgement of issue 20, as a program a user writes from Oracle's documentation: the pack judges
the control's intent, not this project's spelling (NP-1, NET-1, NET-2, NET-3, NET-4, NET-7, NET-8, IAM-4).

Every case failed before the fix (a false positive on a secure program, or a missed insecure one) and
passes now; each runs the real program through the offline engine and the one policy concerned.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from oke_secure.offline.engine import run_program
from oke_secure.offline.evaluate import evaluate
from oke_secure.policies import POLICIES


def _messages(tmp_path: Path, policy_name: str, source: str) -> list[str]:
    program = tmp_path / "__main__.py"
    program.write_text(textwrap.dedent(source))
    policy = next(p for p in POLICIES if p.name == policy_name)
    cap = run_program(program, config={})
    return [v.message for v in evaluate(cap.resources, [policy], config={"all": "mandatory"}).violations]


_POOL = """
import base64
import pulumi_oci as oci
from tests.policy_fixtures._pools import hardened_pool_args

args = hardened_pool_args()
args["initial_node_labels"] = {labels}
script = "#!/bin/bash\\n" + {script!r}
args["node_metadata"]["user_data"] = base64.b64encode(script.encode()).decode()
oci.containerengine.NodePool("pool", **args)
"""
_RULE = "iptables -I FORWARD 1 -d 169.254.169.254/32 -p tcp --dport 80 -j DROP\n"
_INIT = 'bash /var/run/oke-init.sh --kubelet-extra-args "--register-with-taints={taint}"\n'


def _pool(labels: list[dict[str, str]], script: str) -> str:
    return _POOL.format(labels=labels, script=script)


# NP-1 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, value", [("dedicated", "batch"), ("workload", "payments"), ("node.example.com/team", "web")]
)
def test_np1_any_dedicated_label_with_its_taint_passes(tmp_path: Path, key: str, value: str) -> None:
    src = _pool([{"key": key, "value": value}], _RULE + _INIT.format(taint=f"{key}={value}:NoSchedule"))
    assert _messages(tmp_path, "oke-pool-workload-label", src) == []


def test_np1_label_without_matching_taint_fails(tmp_path: Path) -> None:
    src = _pool([{"key": "dedicated", "value": "batch"}], _RULE + _INIT.format(taint="dedicated=other:NoSchedule"))
    (msg,) = _messages(tmp_path, "oke-pool-workload-label", src)
    assert "dedicated=batch" in msg and "NP-1" in msg


def test_np1_commented_out_taint_fails(tmp_path: Path) -> None:
    src = _pool(
        [{"key": "dedicated", "value": "batch"}], _RULE + "# " + _INIT.format(taint="dedicated=batch:NoSchedule")
    )
    assert _messages(tmp_path, "oke-pool-workload-label", src)


# NET-7 -------------------------------------------------------------------------------------------


def test_net7_commented_out_rule_fails(tmp_path: Path) -> None:
    src = _pool([{"key": "dedicated", "value": "b"}], "# " + _RULE + _INIT.format(taint="dedicated=b:NoSchedule"))
    (msg,) = _messages(tmp_path, "oke-pool-metadata-blocked", src)
    assert "NET-7" in msg


def test_net7_seed_rule_fails_with_the_reason(tmp_path: Path) -> None:
    seed = "iptables --insert FORWARD 1 --in-interface veth+ --destination 169.254.0.0/16 --jump DROP\n"
    src = _pool([{"key": "dedicated", "value": "b"}], seed + _INIT.format(taint="dedicated=b:NoSchedule"))
    (msg,) = _messages(tmp_path, "oke-pool-metadata-blocked", src)
    assert "cni0" in msg


def test_net7_rule_in_a_heredoc_run_at_boot_passes(tmp_path: Path) -> None:
    script = f"set -euo pipefail\ncat >/usr/local/bin/imds-block <<'EOF'\n{_RULE}EOF\nbash /usr/local/bin/imds-block\n"
    src = _pool([{"key": "dedicated", "value": "b"}], script + _INIT.format(taint="dedicated=b:NoSchedule"))
    assert _messages(tmp_path, "oke-pool-metadata-blocked", src) == []


# NET-1, NET-2 ------------------------------------------------------------------------------------

_SUBNET = """
import pulumi_oci as oci
from tests.policy_fixtures._pools import COMP, hardened_pool_args

vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
subnet = oci.core.Subnet("workers", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20", {flags})
args = hardened_pool_args()
args["node_config_details"]["placement_configs"][0]["subnet_id"] = subnet.id
oci.containerengine.NodePool("web", **args)
oci.containerengine.Cluster(
    "oke", compartment_id=COMP, vcn_id=vcn.id, kubernetes_version="v1.33.1",
    endpoint_config={{"subnet_id": subnet.id, "is_public_ip_enabled": False}},
)
"""


@pytest.mark.parametrize(
    "flags, private",
    [
        ("prohibit_internet_ingress=True", True),  # Oracle/provider: sets prohibit_public_ip_on_vnic
        ("prohibit_public_ip_on_vnic=True", True),
        ("prohibit_public_ip_on_vnic=True, prohibit_internet_ingress=True", True),
        ("prohibit_public_ip_on_vnic=True, prohibit_internet_ingress=False", False),  # the ingress flag decides
        ("prohibit_internet_ingress=False", False),
        ("display_name='workers'", False),
    ],
)
def test_net1_net2_private_from_either_flag(tmp_path: Path, flags: str, private: bool) -> None:
    src = _SUBNET.format(flags=flags)
    for policy, control in (("oke-node-subnets-private", "NET-2"), ("oke-endpoint-subnet-private", "NET-1")):
        messages = _messages(tmp_path, policy, src)
        assert (messages == []) is private, (policy, flags, messages)
        assert all(control in m for m in messages)


# NET-3, NET-4: routes attached through RouteTableAttachment ---------------------------------------

_ROUTES = """
import pulumi_oci as oci
from tests.policy_fixtures._pools import COMP, hardened_pool_args

vcn = oci.core.Vcn("vcn", compartment_id=COMP, cidr_blocks=["10.0.0.0/16"])
igw = oci.core.InternetGateway("igw", compartment_id=COMP, vcn_id=vcn.id)
subnet = oci.core.Subnet(
    "workers", compartment_id=COMP, vcn_id=vcn.id, cidr_block="10.0.16.0/20", prohibit_internet_ingress=True
)
table = oci.core.RouteTable(
    "rt", compartment_id=COMP, vcn_id=vcn.id,
    route_rules=[{{"destination": "0.0.0.0/0", "destination_type": "CIDR_BLOCK", "network_entity_id": igw.id}}],
)
{attach}
args = hardened_pool_args()
args["node_config_details"]["placement_configs"][0]["subnet_id"] = subnet.id
oci.containerengine.NodePool("web", **args)
"""


def test_net4_route_table_attachment_is_followed(tmp_path: Path) -> None:
    attached = _ROUTES.format(attach='oci.core.RouteTableAttachment("a", subnet_id=subnet.id, route_table_id=table.id)')
    (msg,) = _messages(tmp_path, "oke-private-route-no-igw", attached)
    assert "internet gateway" in msg and "NET-4" in msg
    assert _messages(tmp_path, "oke-private-route-no-igw", _ROUTES.format(attach="")) == []


def test_net3_is_checked_for_what_it_says(tmp_path: Path) -> None:
    """A private subnet without a service-gateway route for the Oracle services CIDR fails NET-3 (the old
    NET-3 policy only looked for internet gateways)."""
    attached = _ROUTES.format(attach='oci.core.RouteTableAttachment("a", subnet_id=subnet.id, route_table_id=table.id)')
    messages = _messages(tmp_path, "oke-private-route-service-gateway", attached)
    assert messages and all("NET-3" in m for m in messages)
    assert "default table" in _messages(tmp_path, "oke-private-route-service-gateway", _ROUTES.format(attach=""))[0]


# IAM-4 -------------------------------------------------------------------------------------------

_WI = """
import pulumi_oci as oci
oci.identity.Policy(
    "wi", compartment_id="ocid1.compartment.oc1..aaaaaaaaexample", name="wi", description="workload identity",
    statements=["Allow any-user to read objects in compartment oke where all {{request.principal.type = 'workload', "
                "request.principal.namespace = 'web', request.principal.service_account = {sa}, "
                "request.principal.cluster_id = 'ocid1.cluster.oc1.eu-frankfurt-1.aaaaaaaaexample'}}"],
)
"""


@pytest.mark.parametrize("sa, ok", [("'web-frontend'", True), ("/web-*/", False), ("/*/", False), ("'web-*'", False)])
def test_iam4_service_account_named_exactly_once(tmp_path: Path, sa: str, ok: bool) -> None:
    messages = _messages(tmp_path, "oke-workload-identity-conditions", _WI.format(sa=sa))
    assert (messages == []) is ok, messages
    assert all("IAM-4" in m for m in messages)


# NET-8 -------------------------------------------------------------------------------------------

_EGRESS = """
import pulumi_kubernetes as k8s
ns = k8s.core.v1.Namespace("shop", metadata={{"name": "shop", "labels": {{
    "pod-security.kubernetes.io/enforce": "restricted"}}}})
k8s.networking.v1.NetworkPolicy("deny", metadata={{"name": "deny", "namespace": "shop"}},
    spec={{"podSelector": {{}}, "policyTypes": ["Ingress", "Egress"]}})
k8s.networking.v1.NetworkPolicy("out", metadata={{"name": "out", "namespace": "shop", "annotations": {annotations}}},
    spec={{"podSelector": {{}}, "policyTypes": ["Egress"],
          "egress": [{{"to": [{{"ipBlock": {{"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}}}}]}}]}})
"""


def test_net8_allow_all_egress_voids_default_deny(tmp_path: Path) -> None:
    (msg,) = _messages(tmp_path, "k8s-namespace-default-deny", _EGRESS.format(annotations={}))
    assert "0.0.0.0/0" in msg and "NET-8" in msg
    reasoned = {"oke-secure.io/exception-NET-8": "calls a partner API whose addresses rotate"}
    assert _messages(tmp_path, "k8s-namespace-default-deny", _EGRESS.format(annotations=reasoned)) == []
