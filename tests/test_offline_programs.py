"""Issue 15 acceptance: invokes generated, Pulumi project semantics, clean streams, Helm and YAML."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from oke_secure.builders import cloud_init
from oke_secure.cli import main
from oke_secure.offline.engine import run_program
from oke_secure.offline.engine.capture import UNKNOWN
from oke_secure.offline.engine.invokes import ANSWERED, InvokeAnswers, placeholder_result
from oke_secure.offline.evaluate import evaluate
from oke_secure.offline.preview import run_preview
from tests.conftest import COMPONENT_PROGRAMS, ROOT

A = InvokeAnswers("eu-frankfurt-1")


# The programs written into a temporary project below stay strings on purpose: those tests are about the
# project folder itself (Pulumi.yaml's main:, config declarations, stack files written per case, files read
# relative to it) or about a user's mistake the CLI must report (a missing config key, a helper that raises),
# so the folder, not a program module, is the input under test.
def _project(tmp_path: Path, main_py: str, pulumi_yaml: str, **files: str) -> Path:
    (tmp_path / "Pulumi.yaml").write_text(textwrap.dedent(pulumi_yaml))
    (tmp_path / "__main__.py").write_text(textwrap.dedent(main_py))
    for name, text in files.items():
        path = tmp_path / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return tmp_path


# Invokes -------------------------------------------------------------------------------------------


def test_the_commonly_called_data_sources_are_answered() -> None:
    for name in (
        "getAvailabilityDomains",
        "getAvailabilityDomain",
        "getImages",
        "getImage",
        "getNodePoolOption",
        "getClusterOption",
        "getServices",
        "getNamespace",
        "getTenancy",
        "getCompartment",
        "getCompartments",
        "getShapes",
        "getVcns",
        "getSubnets",
    ):
        assert name in ANSWERED


def test_images_follow_os_version_shape_and_filters_newest_first() -> None:
    images = A.getImages(
        {"operatingSystem": "Oracle Linux", "operatingSystemVersion": "8", "shape": "VM.Standard.A1.Flex"}
    )
    names = [i["displayName"] for i in images["images"]]
    assert names and all(n.startswith("Oracle-Linux-8.10-aarch64-") for n in names)
    assert names == sorted(names, reverse=True)  # TIMECREATED, DESC by default
    x86 = A.getImages({"operatingSystem": "Canonical Ubuntu", "shape": "VM.Standard.E5.Flex"})["images"]
    assert x86 and all(i["operatingSystem"] == "Canonical Ubuntu" and "aarch64" not in i["displayName"] for i in x86)
    regex = A.getImages({"filters": [{"name": "display_name", "values": ["^Oracle-Linux-9.*GPU"], "regex": True}]})
    assert len(regex["images"]) == 3 and all("GPU" in i["displayName"] for i in regex["images"])  # 3 newest builds
    assert A.getImages({"filters": [{"name": "display_name", "values": ["^Windows"], "regex": True}]})["images"] == []
    exact = A.getImages({"filters": [{"name": "operating_system_version", "values": ["7.9"]}]})["images"]
    assert {i["operatingSystemVersion"] for i in exact} == {"7.9"}


def test_single_availability_domain_by_number() -> None:
    ad = A.getAvailabilityDomain({"compartmentId": "c", "adNumber": 2})
    assert ad["name"] == "Uocm:EU-FRANKFURT-1-AD-2" and ad["adNumber"] == 2


@pytest.mark.parametrize("version", ["v1.30.0", "v1.31.1", "v1.33.0", "v1.34.2", "v1.36.7"])
def test_node_images_exist_for_any_version(version: str) -> None:
    sources = A.getNodePoolOption({"nodePoolOptionId": "all", "nodePoolK8sVersion": version})["sources"]
    image = cloud_init.choose_image(sources, version)
    name = next(s["sourceName"] for s in sources if s["imageId"] == image)
    assert f"OKE-{version.lstrip('v')}-" in name and "aarch64" not in name


@pytest.mark.slow  # two previews of the dev stack
@pytest.mark.parametrize("version", ["v1.31.1", "v1.33.0"])
def test_any_valid_version_previews_the_example_stack(version: str) -> None:
    result = run_preview(stack="dev", root=ROOT, overrides=[f"cluster.kubernetes_version={version}"])
    pools = [r for r in result.capture.resources if r.type == "oci:ContainerEngine/nodePool:NodePool"]
    assert pools and all(p.inputs["kubernetesVersion"] == version for p in pools)
    assert not result.report.mandatory


def test_other_invokes_get_placeholders_or_nothing_and_are_named() -> None:
    cap = run_program(COMPONENT_PROGRAMS / "engine_invokes.py")
    assert cap.outputs["first"].value.startswith("ocid1.")
    assert cap.unanswered_invokes == [
        {"token": "oci:Bastion/getBastions:getBastions", "answer": "placeholder"},
        {"token": "acme:index:getThing", "answer": "none"},
    ]
    # A look-up only scoped by compartment finds nothing, as in a fresh compartment.
    scoped = placeholder_result("oci:Core/getNatGateways:getNatGateways", {"compartmentId": "c", "vcnId": "v"})
    assert scoped is not None and scoped["natGateways"] == []


# Project semantics ---------------------------------------------------------------------------------

PROJECT = """
name: shop
runtime:
  name: python
  options:
    virtualenv: venv
main: src/
config:
  replicas: {type: integer, default: 2}
  region_label: eu
  compartment: {type: string}
  db_password: {type: string, secret: true}
"""

MAIN = """
import json, pulumi
c = pulumi.Config()
print("replicas", c.require_int("replicas"), "label", c.require("region_label"))
pulumi.export("replicas", c.require_int("replicas"))
pulumi.export("stack", pulumi.get_stack())
pulumi.export("project", pulumi.get_project())
pulumi.export("password", c.require_secret("db_password"))
pulumi.export("data", json.load(open("data.json")))
"""


def _shop(tmp_path: Path, stack_yaml: str | None) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "Pulumi.yaml").write_text(PROJECT)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "__main__.py").write_text(MAIN)
    (tmp_path / "data.json").write_text('{"from": "project folder"}')
    if stack_yaml is not None:
        (tmp_path / "Pulumi.staging.yaml").write_text(stack_yaml)
    return tmp_path


def test_project_main_defaults_only_stack_secure_values_and_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = "config:\n  shop:compartment: ocid1.compartment.oc1..x\n  shop:db_password:\n    secure: v1:abc:ZGVm\n"
    project = _shop(tmp_path / "p", stack)
    monkeypatch.chdir(tmp_path)
    code = main(["preview", "--program", str(project), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    result = run_preview(program=project)
    out = result.capture.outputs
    assert out["replicas"].value == 2  # the Pulumi.yaml default, typed
    assert out["stack"].value == "staging" and out["project"].value == "shop"  # the only stack file
    assert out["password"].secret  # secure: values are secrets
    assert out["data"].value == {"from": "project folder"}  # relative reads from the project folder
    assert doc["program"]["stdout"] == "replicas 2 label eu\n"


def test_missing_required_config_exits_2_naming_key_and_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _shop(tmp_path, "config:\n  shop:db_password:\n    secure: v1:abc:ZGVm\n")
    assert main(["preview", "--program", str(project)]) == 2
    err = capsys.readouterr().err
    assert "shop:compartment" in err and "Pulumi.staging.yaml" in err and "Traceback" not in err


def test_declared_type_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stack = "config:\n  shop:compartment: c\n  shop:replicas: many\n  shop:db_password: x\n"
    project = _shop(tmp_path, stack)
    assert main(["preview", "--program", str(project)]) == 2
    err = capsys.readouterr().err
    assert "shop:replicas" in err and "integer" in err


def test_require_in_code_without_declaration_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path, "import pulumi\npulumi.Config().require('vcn_id')\n", "name: app\nruntime: python\n")
    (project / "Pulumi.dev.yaml").write_text("config: {}\n")
    assert main(["preview", "--program", str(project)]) == 2
    err = capsys.readouterr().err
    assert "app:vcn_id" in err and "Pulumi.dev.yaml" in err


# Streams and errors --------------------------------------------------------------------------------

NOISY = """
import sys, pulumi, pulumi_oci as oci
print("hello {stdout}")
print("careful", file=sys.stderr)
oci.artifacts.ContainerRepository("r", compartment_id="ocid1.compartment.oc1..x", display_name="a/b", is_public=True)
"""


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_one_document_when_the_program_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    project = _project(tmp_path, NOISY, "name: noisy\nruntime: python\n")
    code = main(["preview", "--program", str(project), "--format", fmt])
    out = capsys.readouterr().out
    doc = json.loads(out)  # raises if anything else reached stdout
    assert code == 1
    if fmt == "json":
        assert doc["program"]["stdout"] == "hello {stdout}\n" and doc["program"]["stderr"] == "careful\n"


def test_text_report_shows_program_output_after_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path, NOISY, "name: noisy\nruntime: python\n")
    main(["preview", "--program", str(project), "--no-tree"])
    out = capsys.readouterr().out
    assert out.index("FAILED") < out.index("Program stdout") < out.index("hello {stdout}")


def test_program_error_names_the_users_line_without_engine_frames(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    helper = "def pick(sources):\n    return sources['first']\n"
    body = (
        "import pulumi, pulumi_oci as oci\nfrom helper import pick\n"
        "vcn = oci.core.Vcn('v', compartment_id='c', cidr_blocks=['10.0.0.0/16'])\n"
        "vcn.id.apply(pick)\n"
    )
    project = _project(tmp_path, body, "name: broken\nruntime: python\n", **{"helper.py": helper})
    assert main(["preview", "--program", str(project)]) == 2
    err = capsys.readouterr().err
    assert "helper.py" in err and "line 2" in err and "sources['first']" in err and "TypeError" in err
    assert "oke_secure" not in err and "site-packages" not in err and "Traceback" not in err


# Helm and YAML -------------------------------------------------------------------------------------

MANIFEST = """
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {type: LoadBalancer, ports: [{port: 80}]}
"""


@pytest.mark.parametrize("flavour", ["v1", "v2"])
def test_local_yaml_objects_are_judged(tmp_path: Path, flavour: str) -> None:
    body = "import pulumi_kubernetes as k8s\n" + (
        "k8s.yaml.ConfigFile('web', file='k8s/web.yaml')\n"
        if flavour == "v1"
        else "k8s.yaml.v2.ConfigGroup('web', files=['k8s/*.yaml'])\n"
    )
    project = _project(tmp_path, body, "name: manifests\nruntime: python\n", **{"k8s__web.yaml": MANIFEST})
    cap = run_program(project / "__main__.py", cwd=project)
    services = cap.by_type("kubernetes:core/v1:Service")
    assert len(services) == 1 and services[0].inputs["spec"]["type"] == "LoadBalancer"
    assert any("WL-6" in v.controls for v in evaluate(cap.resources).mandatory)


def test_unrenderable_charts_are_opaque_and_get_resource_is_a_placeholder() -> None:
    cap = run_program(COMPONENT_PROGRAMS / "helm_charts_offline.py")
    notes = " ".join(cap.notes)
    assert "'redis'" in notes and "cannot be rendered offline" in notes and "placeholder" in notes
    assert "'cache'" in notes and "'queue'" in notes
    assert cap.outputs["ip"].value == UNKNOWN  # the placeholder's outputs are unknown at preview


def test_placeholder_lookup_leaves_the_sdk_functions_callable_for_the_next_program() -> None:
    """A placeholder's result type is read without importing the function's own module, which would bind the
    module over the function on its package: the next program calling ``oci.core.get_nat_gateways`` broke
    ('module' object is not callable) when the tests ran in this order."""
    run_program(COMPONENT_PROGRAMS / "engine_invokes.py")
    assert placeholder_result("oci:Core/getNatGateways:getNatGateways", {"compartmentId": "c", "vcnId": "v"})
    cap = run_program(COMPONENT_PROGRAMS / "network_existing_ids.py")
    assert cap.resources  # the program ran: its look-up of NAT gateways was a function again
