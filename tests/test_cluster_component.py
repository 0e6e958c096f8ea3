"""Cluster: ENHANCED, private, encrypted, verified images, pinned version, logs, secret kubeconfig.

Controls: NET-1, CL-1, CL-2, CL-3, CL-4, CL-5, CL-6, CL-7, NET-6, AC-2; plus the whole layer set
(Keys, Cluster, Access, Registry, Detection) raising none of this layer's policies.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.evaluate import Report, evaluate
from oke_secure.policies import CONTROLS_OF
from oke_secure.policies import types as T
from oke_secure.spec.errors import SpecError
from tests.conftest import COMPONENT_PROGRAMS as PROGRAMS


def _run(program: str, config: dict[str, Any] | None = None) -> tuple[Capture, Report]:
    cap = run_program(PROGRAMS / program, config=config or {})
    return cap, evaluate(cap.resources)


MY_POLICIES = {
    n
    for n, ids in CONTROLS_OF.items()
    if n.startswith("oke-")
    and set(ids)
    & {
        "NET-1",
        "CL-1",
        "CL-2",
        "CL-3",
        "CL-4",
        "CL-5",
        "CL-6",
        "CL-7",
        "IAM-1",
        "IAM-5",
        "AC-1",
        "SC-1",
        "SC-2",
        "DT-1",
        "DS-1",
    }
}


def test_cluster_alone_is_hardened_and_exports_a_secret_kubeconfig() -> None:
    """NET-1, CL-1..CL-5, NET-6, CL-7 built; AC-2: the kubeconfig export is a secret."""
    cap, report = _run(
        "cluster.py", {"name": "prod", "overrides": {"cluster": {"name": "apps", "kubernetes_version": "v1.33.1"}}}
    )
    (cl,) = cap.by_type(T.CLUSTER)
    i = cl.inputs
    assert (
        i["type"] == "ENHANCED_CLUSTER" and i["kubernetesVersion"] == "v1.33.1" and i["name"] == "prod-apps"
    )  # name_prefix defaults to the component name
    assert i["endpointConfig"] == {
        "isPublicIpEnabled": False,
        "subnetId": "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaapi",
        "nsgIds": ["ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaaapi"],
    }
    assert i["options"]["addOns"] == {"isKubernetesDashboardEnabled": False, "isTillerEnabled": False}
    assert i["options"]["admissionControllerOptions"] == {"isPodSecurityPolicyEnabled": False}
    assert i["options"]["serviceLbSubnetIds"] == ["ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaalb"]
    assert i["options"]["kubernetesNetworkConfig"] == {"servicesCidr": "10.96.0.0/16"}
    assert i["clusterPodNetworkOptions"] == [{"cniType": "OCI_VCN_IP_NATIVE"}]
    assert i["kmsKeyId"] == "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaasecrets"
    assert i["imagePolicyConfig"] == {
        "isPolicyEnabled": True,
        "keyDetails": [{"kmsKeyId": "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaarsa"}],
    }
    (log,) = cap.by_type(T.LOG)
    src = log.inputs["configuration"]["source"]
    assert (src["service"], src["category"], src["resource"]) == ("oke-k8s-cp-prod", "all-service-logs", cl.id)
    (group,) = cap.by_type(T.LOG_GROUP)
    assert log.inputs["logGroupId"] == group.id
    kube = cap.outputs["kubeconfig"]
    assert kube.secret and cl.id in kube.value and "token:" not in kube.value  # exec plugin, no static token
    assert cap.outputs["version"].value == "v1.33.1"
    # stable logical names: derived from the component name only
    assert {r.name for r in cap.resources if r.custom} == {
        "prod-oke",
        "prod-log-group",
        "prod-control-plane-log",
        "prod-coredns",
    }
    # CoreDNS tolerates the system pool's CriticalAddonsOnly taint (NP-1)
    (coredns,) = cap.by_type(T.ADDON)
    assert coredns.inputs["addonName"] == "CoreDNS" and coredns.inputs["overrideExisting"] is True
    (conf,) = coredns.inputs["configurations"]
    assert conf["key"] == "tolerations"
    assert json.loads(conf["value"]) == [{"key": "CriticalAddonsOnly", "operator": "Exists"}]
    fired = [
        v.message for v in report.violations if v.policy in MY_POLICIES and v.policy != "oke-cloud-guard-target"
    ]  # DT-1 is Detection's
    assert fired == []


def test_flannel_uses_the_spec_cidrs_and_an_existing_log_group() -> None:
    overrides = {
        "cni": "flannel",
        "pods_cidr": "10.200.0.0/16",
        "services_cidr": "10.100.0.0/16",
        "log_group_id": "ocid1.loggroup.oc1.eu-frankfurt-1.aaaaaaaagroup",
    }
    cap, _ = _run("cluster.py", {"name": "dev", "overrides": overrides})
    (cl,) = cap.by_type(T.CLUSTER)
    assert cl.inputs["clusterPodNetworkOptions"] == [{"cniType": "FLANNEL_OVERLAY"}]
    assert cl.inputs["options"]["kubernetesNetworkConfig"] == {
        "podsCidr": "10.200.0.0/16",
        "servicesCidr": "10.100.0.0/16",
    }
    assert cap.by_type(T.LOG_GROUP) == []
    assert cap.by_type(T.LOG)[0].inputs["logGroupId"] == "ocid1.loggroup.oc1.eu-frankfurt-1.aaaaaaaagroup"
    assert {r.name for r in cap.resources if r.custom} == {"dev-oke", "dev-control-plane-log", "dev-coredns"}


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"cluster": {"kubernetes_version": "v1.29.9"}}, "cluster.kubernetes_version"),
        ({"cni": "calico"}, "cni"),
    ],
)
def test_cl6_bad_version_or_cni_fails_before_any_resource(extra: dict[str, Any], field: str) -> None:
    with pytest.raises(SpecError) as err:
        _run("cluster.py", {"name": "bad", "overrides": extra})
    assert [p.field for p in err.value.problems] == [field]


def test_all_layer_components_together_raise_none_of_their_policies() -> None:
    """Keys + Cluster + Access + Registry + Detection: no policy of this layer fires (mandatory or advisory)."""
    cap, report = _run("cluster_layers.py")
    assert len(cap.by_type(T.KEY)) == 3 and cap.by_type(T.BASTION) and cap.by_type(T.CLOUD_GUARD_TARGET)
    assert [(v.policy, v.message) for v in report.violations if v.policy in MY_POLICIES] == []
    assert cap.outputs["kubeconfig"].secret
