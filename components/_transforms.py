"""Pulumi transforms that configure the Kubernetes objects of packaged components (yaml/v2, helm/v4).

A ``kubernetes:yaml/v2:ConfigFile`` or ``kubernetes:helm.sh/v4:Chart`` registers each object of its
manifest as a child resource through the engine; a ``transforms`` resource option on it is called for
each child with the object's properties as the API server takes them (camelCase) and may return changed
ones (Pulumi, "Resource option: transforms": "Transforms support modifying child resources of packaged
components ... whereas Transformations do not"). The change itself is a pure function of the object
(``oke_secure.builders``), unit-tested without Pulumi; this module only adapts it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, MutableMapping
from typing import Any

import pulumi

Configure = Callable[[MutableMapping[str, Any]], MutableMapping[str, Any]]


def object_transform(configure: Configure) -> pulumi.ResourceTransform:
    """A transform that passes each Kubernetes object child (custom resource with a ``kind``) through
    ``configure``, on a copy; components and non-Kubernetes resources are left to the engine."""

    def transform(args: pulumi.ResourceTransformArgs) -> pulumi.ResourceTransformResult | None:
        if not args.custom or not args.type_.startswith("kubernetes:") or "kind" not in args.props:
            return None
        props = copy.deepcopy(dict(args.props))
        return pulumi.ResourceTransformResult(props=dict(configure(props)), opts=args.opts)

    return transform
