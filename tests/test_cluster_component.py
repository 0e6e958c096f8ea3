"""Cluster: ENHANCED, private, encrypted, verified images, pinned version, logs, secret kubeconfig.

Controls: NET-1, CL-1, CL-2, CL-3, CL-4, CL-5, CL-6, CL-7, NET-6, AC-2; plus the whole layer set
(Keys, Cluster, Access, Registry, Detection) raising none of this layer's policies.
"""

from __future__ import annotations

import json

import pytest

from oke_secure.policies import CONTROLS_OF
from oke_secure.policies import types as T
from oke_secure.spec.errors import SpecError

C = "ocid1.compartment.oc1..aaaaaaaaexample"
BASE = f"""
import pulumi
from oke_secure.components.cluster import Cluster

BASE = {{"compartment_id": "{C}", "vcn_id": "ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaavcn",
        "api_subnet_id": "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaapi",
        "api_nsg_ids": ["ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaaapi"],
        "lb_subnet_ids": ["ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaalb"],
        "secrets_key_id": "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaasecrets",
        "image_signing_key_id": "ocid1.key.oc1.eu-frankfurt-1.aaaaaaaarsa"}}
"""
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


def test_cluster_alone_is_hardened_and_exports_a_secret_kubeconfig(run_src) -> None:  # type: ignore[no-untyped-def]
    """NET-1, CL-1..CL-5, NET-6, CL-7 built; AC-2: the kubeconfig export is a secret."""
    cap, report = run_src(
        BASE
        + """
c = Cluster("prod", {**BASE, "cluster": {"name": "apps", "kubernetes_version": "v1.33.1"}})
pulumi.export("kubeconfig", c.kubeconfig)
pulumi.export("version", c.kubernetes_version)
"""
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


def test_flannel_uses_the_spec_cidrs_and_an_existing_log_group(run_src) -> None:  # type: ignore[no-untyped-def]
    cap, _ = run_src(
        BASE
        + """
Cluster("dev", {**BASE, "cni": "flannel", "pods_cidr": "10.200.0.0/16", "services_cidr": "10.100.0.0/16",
                "log_group_id": "ocid1.loggroup.oc1.eu-frankfurt-1.aaaaaaaagroup"})
"""
    )
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
        ('"cluster": {"kubernetes_version": "v1.29.9"}', "cluster.kubernetes_version"),
        ('"cni": "calico"', "cni"),
    ],
)
def test_cl6_bad_version_or_cni_fails_before_any_resource(  # type: ignore[no-untyped-def]
    run_src, extra: str, field: str
) -> None:
    with pytest.raises(SpecError) as err:
        run_src(BASE + f'Cluster("bad", {{**BASE, {extra}}})\n')
    assert [p.field for p in err.value.problems] == [field]


def test_all_layer_components_together_raise_none_of_their_policies(run_src) -> None:  # type: ignore[no-untyped-def]
    """Keys + Cluster + Access + Registry + Detection: no policy of this layer fires (mandatory or advisory)."""
    cap, report = run_src(
        BASE
        + f"""
from oke_secure.components.keys import Keys
from oke_secure.components.access import Access
from oke_secure.components.registry import Registry
from oke_secure.components.detection import Detection

keys = Keys("k", {{"compartment_id": "{C}"}})
c = Cluster("c", {{**BASE, "secrets_key_id": keys.secrets_key_id,
                  "image_signing_key_id": keys.image_signing_key_id}})
Access("a", {{"compartment_id": "{C}", "target_subnet_id": BASE["api_subnet_id"],
             "bastion": {{"client_cidrs": ["192.0.2.0/24"]}}}})
Registry("r", {{"compartment_id": "{C}", "registry": {{"repositories": ["team/app"]}}}})
Detection("d", {{"compartment_id": "{C}", "tenancy_id": "ocid1.tenancy.oc1..aaaaaaaatenancy"}})
pulumi.export("kubeconfig", c.kubeconfig)
"""
    )
    assert len(cap.by_type(T.KEY)) == 3 and cap.by_type(T.BASTION) and cap.by_type(T.CLOUD_GUARD_TARGET)
    assert [(v.policy, v.message) for v in report.violations if v.policy in MY_POLICIES] == []
    assert cap.outputs["kubeconfig"].secret
