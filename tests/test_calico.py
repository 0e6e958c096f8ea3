"""Calico configured per CNI (issue 19 item 6, NET-8) and its images from the mirror (NET-4).

Source of every expectation: oracle-terraform-modules/terraform-oci-oke at e70a180^ (the last commit with
its Calico extension): ``modules/extensions/scripts/calico_install.sh`` (install-cni and
``cni_network_config`` removed for ``npn``, Typha off unless flannel above 50 nodes, ``veth_mtu`` of the
policy mode) and ``resources/calico/calico-node-env-{npn,flannel}.yaml`` (the environment per CNI).
The objects are rebuilt from the recorded shape of the pinned upstream manifest
(``tests/recorded/calico/v3.30.2.json``, made by ``tests/recorded/calico/record.py``): its object and
container names, images and environment names, not its text.
"""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path
from typing import Any

import grpc
import pytest
import yaml
from google.protobuf import struct_pb2
from pulumi.runtime._callbacks import _CallbackServicer
from pulumi.runtime.proto import callback_pb2, callback_pb2_grpc, resource_pb2

from oke_secure.builders import calico, image_mirror
from oke_secure.components._transforms import object_transform
from oke_secure.offline.engine import Capture, run_program
from oke_secure.offline.evaluate import evaluate
from oke_secure.spec.errors import SpecError
from tests.conftest import COMPONENT_PROGRAMS as PROGRAMS
from tests.conftest import violations_of

SHAPE = json.loads((Path(__file__).parent / "recorded" / "calico" / f"{calico.CALICO_VERSION}.json").read_text())
MIRROR = "eu-frankfurt-1.ocir.io/examplens/mirror"
VCN_NATIVE = calico.CalicoSettings(cni="vcn-native", pods_cidr="10.244.0.0/16", nodes=9)
FLANNEL = calico.CalicoSettings(cni="flannel", pods_cidr="10.244.0.0/16", nodes=9)
POLICY = "k8s-calico-matches-cni"


def _container(c: dict[str, Any]) -> dict[str, Any]:
    return {"name": c["name"], "image": c["image"], "env": [{"name": n, "value": "upstream"} for n in c["env"]]}


def upstream_objects() -> list[dict[str, Any]]:
    """Minimal objects with the recorded names, images, environment names, data keys and replicas."""
    out = []
    for o in SHAPE["objects"]:
        obj: dict[str, Any] = {"apiVersion": o["apiVersion"], "kind": o["kind"], "metadata": {"name": o["name"]}}
        if "namespace" in o:
            obj["metadata"]["namespace"] = o["namespace"]
        if "containers" in o:
            pod = {
                "initContainers": [_container(c) for c in o["initContainers"]],
                "containers": [_container(c) for c in o["containers"]],
                "tolerations": o["tolerations"],
            }
            obj["spec"] = {"selector": {"matchLabels": {"k8s-app": o["name"]}}, "template": {"spec": pod}}
            if "replicas" in o:
                obj["spec"]["replicas"] = o["replicas"]
        if o["kind"] == "ConfigMap":
            obj["data"] = {k: o["data"].get(k, "recorded") for k in o["data_keys"]}
        out.append(obj)
    return out


def _one(objs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    (found,) = [o for o in objs if o["kind"] == kind and o["metadata"]["name"] == name]
    return found


def _configured(settings: calico.CalicoSettings) -> list[dict[str, Any]]:
    return [dict(calico.configure(copy.deepcopy(o), settings)) for o in upstream_objects()]


def _env(ds: dict[str, Any]) -> dict[str, str]:
    (node,) = [c for c in ds["spec"]["template"]["spec"]["containers"] if c["name"] == "calico-node"]
    return {e["name"]: e["value"] for e in node["env"]}


def test_recorded_manifest_runs_the_pinned_images() -> None:
    """The images named for the mirror (``oke-secure images``) are exactly those of the pinned manifest."""
    recorded = {c["image"] for o in SHAPE["objects"] for c in o.get("initContainers", []) + o.get("containers", [])}
    assert recorded == set(calico.CALICO_IMAGES)
    assert calico.CALICO_VERSION in calico.CALICO_POLICY_ONLY_MANIFEST


def test_vcn_native_removes_calico_cni_and_watches_oci_interfaces() -> None:
    """npn: install-cni and cni_network_config gone (the OCI CNI stays the node's only CNI); Felix on the OCI
    CNI's 'oci' interfaces with the module's chain and route settings; no Typha."""
    objs = _configured(VCN_NATIVE)
    ds = _one(objs, "DaemonSet", "calico-node")
    inits = [c["name"] for c in ds["spec"]["template"]["spec"]["initContainers"]]
    assert "install-cni" not in inits and inits  # the other init containers (mount-bpffs) stay
    env = _env(ds)
    assert env["FELIX_INTERFACEPREFIX"] == "oci"
    assert env["NO_DEFAULT_POOLS"] == "true" and env["USE_POD_CIDR"] == "true"
    assert env["FELIX_CHAININSERTMODE"] == "Append" and env["FELIX_IPTABLESMANGLEALLOWACTION"] == "Return"
    assert env["FELIX_REMOVEEXTERNALROUTES"] == "false"
    assert "CALICO_IPV4POOL_CIDR" not in env
    names = [e["name"] for c in ds["spec"]["template"]["spec"]["containers"] for e in c["env"]]
    assert len(names) == len(set(names))  # replaced in place, never duplicated
    cm = _one(objs, "ConfigMap", "calico-config")
    assert "cni_network_config" not in cm["data"] and cm["data"]["typha_service_name"] == "none"
    assert _one(objs, "Deployment", "calico-typha")["spec"]["replicas"] == 0


def test_flannel_keeps_calico_cni_with_the_pods_cidr_pool() -> None:
    """flannel: the pool CIDR is the cluster's pods CIDR, no VXLAN from Calico, Calico manages its CNI config,
    MTU of the policy mode; install-cni and the CNI config stay."""
    objs = _configured(FLANNEL)
    ds = _one(objs, "DaemonSet", "calico-node")
    assert "install-cni" in [c["name"] for c in ds["spec"]["template"]["spec"]["initContainers"]]
    env = _env(ds)
    assert env["CALICO_IPV4POOL_CIDR"] == "10.244.0.0/16" and env["CALICO_IPV4POOL_VXLAN"] == "Never"
    assert env["CALICO_MANAGE_CNI"] == "true" and env["FELIX_IPTABLESBACKEND"] == "Auto"
    assert "FELIX_INTERFACEPREFIX" not in env
    cm = _one(objs, "ConfigMap", "calico-config")
    assert cm["data"]["veth_mtu"] == "9000" and "cni_network_config" in cm["data"]


@pytest.mark.parametrize(
    ("cni", "nodes", "replicas"),
    [("flannel", 50, 0), ("flannel", 51, 1), ("flannel", 160, 3), ("flannel", 5000, 20), ("vcn-native", 500, 0)],
)
def test_typha_only_on_large_flannel_clusters(cni: str, nodes: int, replicas: int) -> None:
    settings = calico.CalicoSettings(cni=cni, pods_cidr="10.244.0.0/16", nodes=nodes)
    objs = _configured(settings)
    assert _one(objs, "Deployment", "calico-typha")["spec"]["replicas"] == replicas
    typha = _one(objs, "ConfigMap", "calico-config")["data"]["typha_service_name"]
    assert (typha == "none") == (replicas == 0)


def test_every_image_comes_from_the_mirror_with_its_pull_secret() -> None:
    settings = calico.CalicoSettings(
        cni="vcn-native", pods_cidr="10.244.0.0/16", mirror=MIRROR, pull_secret="ocir-mirror"
    )
    objs = _configured(settings)
    images = [i for o in objs for i in image_mirror.images_of(o)]
    assert images and all(i.startswith(f"{MIRROR}/calico/") and i.endswith(calico.CALICO_VERSION) for i in images)
    for o in objs:
        if image_mirror.images_of(o):
            assert o["spec"]["template"]["spec"]["imagePullSecrets"] == [{"name": "ocir-mirror"}]


def test_vcn_native_refuses_a_manifest_without_install_cni() -> None:
    """A different manifest (another release, or already changed) is named, with the fix, not half-applied."""
    ds = _one(upstream_objects(), "DaemonSet", "calico-node")
    ds["spec"]["template"]["spec"]["initContainers"] = []
    with pytest.raises(calico.CalicoManifestError, match=r"install-cni.*Fix: use the pinned Calico"):
        calico.configure(ds, VCN_NATIVE)


def test_transform_over_the_sdk_callback_service_as_the_engine_calls_it() -> None:
    """The engine calls a transform of a packaged component's child through the program's Callbacks gRPC
    service with a TransformRequest (pulumi/runtime/_callbacks.py); the answer is the configured object."""
    ds = _one(upstream_objects(), "DaemonSet", "calico-node")

    async def call() -> dict[str, Any]:
        servicer = _CallbackServicer(None)  # type: ignore[arg-type]
        await servicer.serve()
        try:
            cb = servicer.register_transform(object_transform(lambda o: calico.configure(o, VCN_NATIVE)))
            props = struct_pb2.Struct()
            props.update(ds)
            request = resource_pb2.TransformRequest(
                type="kubernetes:apps/v1:DaemonSet",
                name="bl-calico:kube-system/calico-node",
                custom=True,
                parent="urn:pulumi:dev::p::kubernetes:yaml/v2:ConfigFile::bl-calico",
                properties=props,
            )
            async with grpc.aio.insecure_channel(cb.target) as channel:
                stub = callback_pb2_grpc.CallbacksStub(channel)
                response = await stub.Invoke(
                    callback_pb2.CallbackInvokeRequest(token=cb.token, request=request.SerializeToString())
                )
            out = resource_pb2.TransformResponse.FromString(response.response)
            from google.protobuf.json_format import MessageToDict

            return MessageToDict(out.properties)
        finally:
            await servicer._server.stop(grace=0)

    loop = asyncio.new_event_loop()
    try:
        out = loop.run_until_complete(call())
    finally:
        loop.close()
        asyncio.set_event_loop(asyncio.new_event_loop())  # the SDK's mocks run on the thread's loop
    assert "install-cni" not in [c["name"] for c in out["spec"]["template"]["spec"]["initContainers"]]
    assert _env(out)["FELIX_INTERFACEPREFIX"] == "oci"


def _baseline(manifest: Path, **extra: Any) -> Capture:
    args = {
        "kubeconfig": "apiVersion: v1",
        "kubernetes_version": "v1.33.1",
        "allowed_registries": ["eu-frankfurt-1.ocir.io/acme"],
        "region": "eu-frankfurt-1",
        "node_pools": [{"name": "system", "system": True}],
        "calico_manifest": str(manifest),
        **extra,
    }
    return run_program(PROGRAMS / "baseline_args.py", config={"args": args})


@pytest.fixture()
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "calico-policy-only.yaml"
    path.write_text(yaml.safe_dump_all(upstream_objects()))
    return path


def test_component_wires_the_transform_onto_the_configfile(manifest: Path) -> None:
    """KubernetesBaseline with a local copy of the manifest: the offline engine expands the ConfigFile and runs
    the component's transform as the engine would, so the captured calico-node is the configured one."""
    cap = _baseline(manifest, internet_egress=False, image_mirror=MIRROR)
    (ds,) = [r for r in cap.resources if r.type == "kubernetes:apps/v1:DaemonSet" and "calico-node" in r.name]
    assert _env(ds.inputs)["FELIX_INTERFACEPREFIX"] == "oci"
    assert all(i.startswith(MIRROR) for i in image_mirror.images_of(ds.inputs))


def test_component_refuses_no_egress_without_a_mirror(manifest: Path) -> None:
    with pytest.raises(SpecError, match=r"image_mirror: internet_egress is false.*set image_mirror: eu-frankfurt-1"):
        _baseline(manifest, internet_egress=False)


def _verdicts(cap: Capture) -> list[str]:
    return violations_of(evaluate(cap.resources), POLICY)


def test_policy_accepts_the_configured_manifest_in_a_baseline_stage(manifest: Path) -> None:
    """No cluster in the program (a separate Kubernetes stage): the VCN-native configuration is one of the two
    consistent forms; so is the flannel one."""
    assert _verdicts(_baseline(manifest)) == []
    assert _verdicts(_baseline(manifest, cni="flannel")) == []


def test_policy_catches_the_unconfigured_manifest_without_a_cluster(tmp_path: Path) -> None:
    """The published manifest with its CNI install removed but Felix left on 'cali': nothing is enforced."""
    objs = upstream_objects()
    ds = _one(objs, "DaemonSet", "calico-node")
    ds["spec"]["template"]["spec"]["initContainers"] = []
    path = tmp_path / "half.yaml"
    path.write_text(yaml.safe_dump_all(objs))
    (message,) = _verdicts(run_program(PROGRAMS / "calico_configfile.py", config={"file": str(path)}))
    assert "installs no CNI and watches cali* interfaces" in message


def test_policy_catches_a_vcn_native_configuration_on_flannel(tmp_path: Path, manifest: Path) -> None:
    objs = [dict(calico.configure(o, VCN_NATIVE)) for o in upstream_objects()]
    path = tmp_path / "npn.yaml"
    path.write_text(yaml.safe_dump_all(objs))
    (message,) = _verdicts(run_program(PROGRAMS / "calico_on_flannel.py", config={"file": str(path)}))
    assert "flannel cluster is configured for VCN-native" in message


def test_component_without_egress_needs_the_region_to_check_the_mirror(manifest: Path) -> None:
    args = {
        "kubeconfig": "apiVersion: v1",
        "kubernetes_version": "v1.33.1",
        "allowed_registries": ["eu-frankfurt-1.ocir.io/acme"],
        "internet_egress": False,
        "image_mirror": MIRROR,
        "node_pools": [{"name": "system", "system": True}],
    }
    with pytest.raises(SpecError, match="region: internet_egress is false but no region is given"):
        run_program(PROGRAMS / "baseline_args.py", config={"args": args})


def test_calico_node_is_kept_off_virtual_pools_by_their_workload_label() -> None:
    """calico-node tolerates every NoSchedule taint (the recorded tolerations), so a virtual pool's taint would not
    keep it off; node affinity NotIn on the pools' oke-secure.io/workload label does (NP-1 label)."""
    ds_shape = next(o for o in SHAPE["objects"] if o["kind"] == "DaemonSet" and o["name"] == "calico-node")
    assert {"effect": "NoSchedule", "operator": "Exists"} in ds_shape["tolerations"]
    settings = calico.CalicoSettings(cni="vcn-native", pods_cidr="10.244.0.0/16", virtual_pools=("api", "batch"))
    ds = _one([dict(calico.configure(o, settings)) for o in upstream_objects()], "DaemonSet", "calico-node")
    terms = ds["spec"]["template"]["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    assert terms["nodeSelectorTerms"] == [
        {"matchExpressions": [{"key": "oke-secure.io/workload", "operator": "NotIn", "values": ["api", "batch"]}]}
    ]
    plain = _one(_configured(VCN_NATIVE), "DaemonSet", "calico-node")
    assert "affinity" not in plain["spec"]["template"]["spec"]
