"""Turn the plain manifests of ``oke_secure.builders.k8s_manifests`` / ``oke_secure.builders.admission`` into typed
pulumi-kubernetes resources (so policies see ``kubernetes:<group>/<version>:<Kind>`` types)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

_Factory = Callable[..., pulumi.CustomResource]

_CLASSES: dict[tuple[str, str], _Factory] = {
    ("v1", "Namespace"): k8s.core.v1.Namespace,
    ("v1", "ResourceQuota"): k8s.core.v1.ResourceQuota,
    ("v1", "LimitRange"): k8s.core.v1.LimitRange,
    ("v1", "ServiceAccount"): k8s.core.v1.ServiceAccount,
    ("v1", "ConfigMap"): k8s.core.v1.ConfigMap,
    ("v1", "Service"): k8s.core.v1.Service,
    ("networking.k8s.io/v1", "NetworkPolicy"): k8s.networking.v1.NetworkPolicy,
    ("rbac.authorization.k8s.io/v1", "Role"): k8s.rbac.v1.Role,
    ("rbac.authorization.k8s.io/v1", "RoleBinding"): k8s.rbac.v1.RoleBinding,
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"): k8s.rbac.v1.ClusterRoleBinding,
    (
        "admissionregistration.k8s.io/v1",
        "ValidatingAdmissionPolicy",
    ): k8s.admissionregistration.v1.ValidatingAdmissionPolicy,
    (
        "admissionregistration.k8s.io/v1",
        "ValidatingAdmissionPolicyBinding",
    ): k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding,
}
_PATCHES: dict[tuple[str, str], _Factory] = {
    ("v1", "ServiceAccount"): k8s.core.v1.ServiceAccountPatch,
    ("v1", "Namespace"): k8s.core.v1.NamespacePatch,
}


def _snake(key: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()


def create(
    logical_name: str, manifest: Mapping[str, Any], opts: pulumi.ResourceOptions, *, patch: bool = False
) -> pulumi.CustomResource:
    """Register ``manifest`` as its typed pulumi-kubernetes resource (or its ``...Patch`` when ``patch``)."""
    key = (str(manifest["apiVersion"]), str(manifest["kind"]))
    table = _PATCHES if patch else _CLASSES
    if key not in table:
        raise ValueError(f"no pulumi-kubernetes class for {key[0]} {key[1]} (patch={patch})")
    kwargs = {_snake(k): v for k, v in manifest.items() if k not in ("apiVersion", "kind")}
    return table[key](logical_name, opts=opts, **kwargs)
