"""Kubernetes YAML and Helm under the offline engine: read what can be read, name what cannot.

- yaml v1 ``ConfigFile``/``ConfigGroup`` decode their YAML through the ``kubernetes:yaml:decode``
  invoke (answered in :mod:`.invokes`), so their objects register as real children and are judged.
- yaml v2 ``ConfigFile``/``ConfigGroup`` are remote components the provider expands
  (``remote=True`` in ``pulumi_kubernetes/yaml/v2``); under mocks nothing expands them, so the engine
  reads their local files (``file``, ``files``, ``yaml``, ``objs``) itself and records each object
  as a child (:func:`yaml_v2_children`) for the policies to judge.
- Helm v3 ``Chart`` renders through ``kubernetes:helm:template``, Helm v4 ``Chart`` and v3
  ``Release`` in the provider or the cluster: offline they are opaque and reported in the notes.
  ``Chart.get_resource`` (v3) and yaml v1 ``get_resource`` return a placeholder resource of the
  asked kind (read by id, outputs unknown at preview) instead of raising ``KeyError``.
"""

from __future__ import annotations

import glob
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pulumi
import yaml

YAML_V2 = ("kubernetes:yaml/v2:ConfigFile", "kubernetes:yaml/v2:ConfigGroup")
OPAQUE = {
    "kubernetes:helm.sh/v4:Chart": "Helm v4 chart",
    "kubernetes:helm.sh/v3:Release": "Helm release",
}


def type_token(api_version: str, kind: str) -> str:
    """The pulumi-kubernetes type token of an object: ``apps/v1`` + ``Deployment`` →
    ``kubernetes:apps/v1:Deployment``; the core group is ``core`` (``v1`` → ``core/v1``)."""
    group, _, version = api_version.rpartition("/")
    return f"kubernetes:{group or 'core'}/{version}:{kind}"


def _load_docs(text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for doc in yaml.safe_load_all(text):
        if isinstance(doc, dict) and doc.get("kind") == "List":
            out.extend(d for d in doc.get("items") or [] if isinstance(d, dict))
        elif isinstance(doc, dict):
            out.append(doc)
    return out


def yaml_v2_objects(inputs: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """The objects a yaml v2 ConfigFile/ConfigGroup declares, read from the working directory
    (the project folder), and notes for what could not be read."""
    objs: list[dict[str, Any]] = []
    notes: list[str] = []
    files: list[str] = []
    if isinstance(inputs.get("file"), str):
        files.append(inputs["file"])
    files.extend(str(f) for f in inputs.get("files") or [] if isinstance(f, str))
    for pattern in files:
        if pattern.startswith(("http://", "https://")):
            notes.append(f"YAML {pattern} is remote: not read offline, its objects are opaque to the policies")
            continue
        matches = sorted(glob.glob(pattern)) or [pattern]
        for path in matches:
            try:
                objs.extend(_load_docs(Path(path).read_text()))
            except (OSError, yaml.YAMLError) as exc:
                notes.append(f"YAML {path} could not be read offline ({type(exc).__name__}): its objects are opaque")
    texts = inputs.get("yaml")
    for text in [texts] if isinstance(texts, str) else list(texts or []):
        if isinstance(text, str):
            objs.extend(_load_docs(text))
    objs.extend(o for o in inputs.get("objs") or [] if isinstance(o, dict))
    return objs, notes


def child_name(prefix: str, obj: dict[str, Any]) -> str:
    """``<prefix>:<namespace>/<name>`` (or ``<prefix>:<name>``), the name the yaml v2 provider
    gives each object (its ``resourcePrefix`` defaults to the component's name)."""
    meta = obj.get("metadata") or {}
    name, ns = str(meta.get("name") or "unnamed"), meta.get("namespace")
    return f"{prefix}:{ns}/{name}" if ns else f"{prefix}:{name}"


# get_resource placeholders ------------------------------------------------------------------------
def _resource_class(gvk: str) -> type | None:
    parts = gvk.split("/")
    if len(parts) == 2:
        group, version, kind = "core", parts[0], parts[1]
    elif len(parts) == 3:
        group, version, kind = parts[0].split(".")[0], parts[1], parts[2]
    else:
        return None
    try:
        module = importlib.import_module(f"pulumi_kubernetes.{group}.{version}")
    except ImportError:
        return None
    cls = getattr(module, kind, None)
    return cls if isinstance(cls, type) else None


def placeholder_resource(owner: Any, gvk: str, rid: str) -> Any:
    """A resource of kind ``gvk`` read by id (``[namespace/]name``): its outputs unknown at preview."""
    opts = pulumi.ResourceOptions(parent=owner)
    label = f"{owner._name}-{gvk.replace('/', '-')}-{rid.replace('/', '-')}-placeholder"
    cls = _resource_class(gvk)
    if cls is not None and hasattr(cls, "get"):
        return cls.get(label, rid, opts=opts)
    from pulumi_kubernetes.apiextensions import CustomResource

    api_version, _, kind = gvk.rpartition("/")
    return CustomResource.get(label, api_version=api_version, kind=kind, id=rid, opts=opts)


@contextmanager
def placeholders_for_get_resource(notes: list[str]) -> Iterator[None]:
    """While a program runs: ``get_resource`` of a Helm v3 chart or a yaml v1 file returns a
    placeholder when the object is not among the rendered ones (an opaque chart has none)."""
    import pulumi_kubernetes.helm.v3 as helm_v3
    import pulumi_kubernetes.yaml as yaml_v1

    classes = [c for c in (helm_v3.Chart, yaml_v1.ConfigFile, yaml_v1.ConfigGroup) if hasattr(c, "get_resource")]
    saved = {c: c.__dict__.get("get_resource") for c in classes}

    def get_resource(self: Any, group_version_kind: str, name: Any, namespace: Any = None) -> Any:
        rid = pulumi.Output.from_input(name)
        if namespace is not None:
            rid = pulumi.Output.concat(namespace, "/", name)

        def pick(args: list[Any]) -> Any:
            key, resources = f"{group_version_kind}:{args[0]}", args[1] or {}
            if key in resources:
                return resources[key]
            notes.append(
                f"{type(self).__name__} {self._name!r}: get_resource({group_version_kind!r}, {args[0]!r}) "
                "is not among its rendered objects; a placeholder resource stands in"
            )
            return placeholder_resource(self, group_version_kind, str(args[0]))

        return pulumi.Output.all(rid, self.resources).apply(pick)

    for c in classes:
        c.get_resource = get_resource  # type: ignore[method-assign]
    try:
        yield
    finally:
        for c, original in saved.items():
            if original is None:
                del c.get_resource
            else:
                c.get_resource = original  # type: ignore[method-assign]
