"""Record the shape of a Calico manifest that the per-CNI configuration relies on (not its text).

    python -m tests.recorded.calico.record calico-policy-only.yaml > tests/recorded/calico/v3.30.2.json

For each object: kind, name, namespace; for workloads the containers and init containers (name, image,
environment variable names), replicas and tolerations; for ConfigMaps the data keys and the values of
``typha_service_name`` and ``veth_mtu``. ``tests/test_calico.py`` rebuilds minimal objects from it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import yaml


def _container(c: dict[str, Any]) -> dict[str, Any]:
    return {"name": c["name"], "image": c.get("image"), "env": [e["name"] for e in c.get("env") or []]}


def shape(text: str) -> dict[str, Any]:
    objects = []
    for doc in yaml.safe_load_all(text):
        if not isinstance(doc, dict) or doc.get("kind") == "CustomResourceDefinition":
            continue
        meta = doc.get("metadata") or {}
        out: dict[str, Any] = {"kind": doc["kind"], "apiVersion": doc["apiVersion"], "name": meta.get("name")}
        if meta.get("namespace"):
            out["namespace"] = meta["namespace"]
        pod = ((doc.get("spec") or {}).get("template") or {}).get("spec")
        if pod:
            out["initContainers"] = [_container(c) for c in pod.get("initContainers") or []]
            out["containers"] = [_container(c) for c in pod.get("containers") or []]
            out["tolerations"] = pod.get("tolerations") or []
            if "replicas" in doc["spec"]:
                out["replicas"] = doc["spec"]["replicas"]
        if doc["kind"] == "ConfigMap":
            data = doc.get("data") or {}
            out["data_keys"] = sorted(data)
            out["data"] = {k: data[k] for k in ("typha_service_name", "veth_mtu") if k in data}
        objects.append(out)
    crds = sum(
        1 for d in yaml.safe_load_all(text) if isinstance(d, dict) and d.get("kind") == "CustomResourceDefinition"
    )
    return {"sha256": hashlib.sha256(text.encode()).hexdigest(), "crds": crds, "objects": objects}


if __name__ == "__main__":
    print(json.dumps(shape(Path(sys.argv[1]).read_text()), indent=1, sort_keys=True))
