"""Every Kubernetes object of a captured stack as multi-document YAML (for kubeconform, checkov...)."""

from __future__ import annotations

from typing import Any

import yaml

from oke_secure.offline.engine.capture import Capture, CapturedResource

_SKIP = {"__defaults", "__inputs"}


def manifest(r: CapturedResource) -> dict[str, Any]:
    """The Kubernetes manifest of one captured pulumi-kubernetes resource."""
    out = {k: v for k, v in r.inputs.items() if k not in _SKIP and not k.startswith("__") and v is not None}
    out.setdefault("metadata", {}).setdefault("name", r.name)
    return out


def kubernetes_objects(capture: Capture) -> list[dict[str, Any]]:
    """Manifests of every typed Kubernetes object (providers, charts and raw YAML groups excluded), by URN."""
    out = []
    for r in sorted(capture.resources, key=lambda r: r.urn):
        if not r.custom or not r.type.startswith("kubernetes:") or r.type.startswith("pulumi:providers"):
            continue
        if "kind" not in r.inputs or "apiVersion" not in r.inputs:
            continue
        out.append(manifest(r))
    return out


def to_yaml(capture: Capture) -> str:
    """Multi-document YAML of :func:`kubernetes_objects`."""
    return yaml.safe_dump_all(kubernetes_objects(capture), sort_keys=False)
