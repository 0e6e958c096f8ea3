"""Image references under a mirror (NET-4): the Docker reference grammar, only public registries moved."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oke_secure.builders.image_mirror import copy_commands, images_of, mirror_workload, mirrored, split_image

M = "eu-frankfurt-1.ocir.io/ns/mirror"


@pytest.mark.parametrize(
    ("image", "registry", "path"),
    [
        ("nginx", "docker.io", "library/nginx"),
        ("calico/node:v3.30.2", "docker.io", "calico/node:v3.30.2"),
        ("docker.io/calico/node:v3.30.2", "docker.io", "calico/node:v3.30.2"),
        ("registry.k8s.io/sig-storage/livenessprobe:v2.7.0", "registry.k8s.io", "sig-storage/livenessprobe:v2.7.0"),
        ("localhost/x:1", "localhost", "x:1"),
        ("myhost:5000/x", "myhost:5000", "x"),
    ],
)
def test_split_image_follows_the_reference_grammar(image: str, registry: str, path: str) -> None:
    assert split_image(image) == (registry, path)


def test_private_images_stay_where_they_are() -> None:
    own = "eu-frankfurt-1.ocir.io/ns/app:1"
    assert mirrored(own, M) == own
    assert copy_commands([own], M) == []


@given(st.from_regex(r"[a-z]{1,8}/[a-z]{1,8}:v[0-9]\.[0-9]", fullmatch=True))
def test_mirror_keeps_path_and_tag(path: str) -> None:
    assert mirrored(f"docker.io/{path}", M) == f"{M}/{path}"
    assert mirrored(f"ghcr.io/{path}", M + "/") == f"{M}/{path}"


def test_workload_images_and_pull_secret_all_containers_once() -> None:
    cron: dict[str, Any] = {
        "kind": "CronJob",
        "spec": {
            "jobTemplate": {
                "spec": {
                    "template": {
                        "spec": {
                            "initContainers": [{"name": "i", "image": "busybox"}],
                            "containers": [{"name": "c", "image": "quay.io/a/b:1"}],
                        }
                    }
                }
            }
        },
    }
    assert mirror_workload(cron, M, "pull") and mirror_workload(cron, M, "pull")
    assert images_of(cron) == [f"{M}/library/busybox", f"{M}/a/b:1"]
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["imagePullSecrets"] == [{"name": "pull"}]
    assert not mirror_workload({"kind": "ConfigMap", "data": {}}, M)
