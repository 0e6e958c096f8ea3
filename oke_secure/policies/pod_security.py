"""WL-9: every pod a program creates meets the Pod Security "restricted" profile, checked before deploy.

Pod Security Admission (CL-3) rejects a non-conforming pod only when the API server sees it, long
after ``pulumi preview`` said yes; a Deployment is even accepted and its pods then fail quietly in the
ReplicaSet. This policy applies the same rules to the pod spec of every workload kind (Pod and the pod
templates of Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), so preview and admission
agree.

The rules are those of the Kubernetes "Pod Security Standards" page (kubernetes.io/docs/concepts/
security/pod-security-standards), profiles Baseline and Restricted, as implemented by
``k8s.io/pod-security-admission/policy`` (``check_*.go``), latest version:

* baseline: no ``windowsOptions.hostProcess``; no ``hostNetwork``/``hostPID``/``hostIPC``; no
  ``privileged``; no ``hostPath`` volume; no ``hostPort`` (other than 0); AppArmor not
  ``Unconfined``; SELinux type only ``container_t``/``container_init_t``/``container_kvm_t``/
  ``container_engine_t`` and no user or role; ``procMount`` Default; seccomp not ``Unconfined``;
  only the safe sysctls;
* restricted adds: volumes only configMap, csi, downwardAPI, emptyDir, ephemeral,
  persistentVolumeClaim, projected, secret; ``allowPrivilegeEscalation: false``;
  ``runAsNonRoot: true`` (pod, or every container); ``runAsUser`` never 0; seccomp
  ``RuntimeDefault`` or ``Localhost`` (pod, or every container); capabilities drop ``ALL`` and add
  nothing but ``NET_BIND_SERVICE``.

As in the standard, a pod with ``spec.os.name: windows`` is exempt from the seccomp, privilege
escalation and capabilities rules. A missing field counts as the insecure default, as for the
admission controller. A workload that must run otherwise records ``oke-secure.io/exception-WL-9``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pulumi_policy import ResourceValidationArgs, Severity

from oke_secure.builders.k8s_manifests import EXCEPTION_PREFIX
from oke_secure.policies import types as T
from oke_secure.policies._base import Report, get, resource_policy

_CONTAINER_KEYS = ("containers", "initContainers", "ephemeralContainers")
_ALLOWED_VOLUMES = frozenset(
    {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}
)
_VOLUME_META = frozenset({"name"})
_SELINUX_TYPES = frozenset({"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"})
_SAFE_SYSCTLS = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    }
)
_SECCOMP_OK = frozenset({"RuntimeDefault", "Localhost"})
_APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/"


def pod_spec_of(resource_type: str, props: Any) -> tuple[Any, Any]:
    """``(pod spec, pod metadata)`` of a workload object: the Pod's own, or its template's."""
    if resource_type == T.K8S_POD:
        return get(props, "spec", {}) or {}, get(props, "metadata", {}) or {}
    if resource_type == T.K8S_CRON_JOB:
        template = get(props, "spec.jobTemplate.spec.template", {}) or {}
    else:
        template = get(props, "spec.template", {}) or {}
    return get(template, "spec", {}) or {}, get(template, "metadata", {}) or {}


def _containers(spec: Any) -> Iterable[tuple[str, Any]]:
    for key in _CONTAINER_KEYS:
        for i, c in enumerate(get(spec, key, []) or []):
            yield f"{key}[{i}] {get(c, 'name', '?')}", c


def _effective(container_ctx: Any, pod_ctx: Any, key: str) -> Any:
    """A container's setting, falling back to the pod's (container values override, as in the API)."""
    value = get(container_ctx, key)
    return get(pod_ctx, key) if value is None else value


def restricted_problems(spec: Any, metadata: Any) -> list[str]:
    """Every way a pod spec breaks Pod Security ``restricted`` (empty when it conforms)."""
    out: list[str] = []
    pod_ctx = get(spec, "securityContext", {}) or {}
    windows = get(spec, "os.name") == "windows"
    containers = list(_containers(spec))

    # Baseline: host namespaces, HostProcess, hostPath, sysctls, SELinux, AppArmor.
    for key in ("hostNetwork", "hostPID", "hostIPC"):
        if get(spec, key) is True:
            out.append(f"{key}: true shares the node's namespace")
    if get(pod_ctx, "windowsOptions.hostProcess") is True:
        out.append("pod securityContext.windowsOptions.hostProcess is true")
    for i, vol in enumerate(get(spec, "volumes", []) or []):
        kinds = [k for k in (vol.keys() if isinstance(vol, Mapping) else []) if k not in _VOLUME_META]
        for kind in kinds:
            if kind == "hostPath":
                out.append(f"volumes[{i}] {get(vol, 'name', '?')} is a hostPath volume")
            elif kind not in _ALLOWED_VOLUMES:
                out.append(f"volumes[{i}] {get(vol, 'name', '?')} has type {kind}, not allowed by restricted")
    for s in get(pod_ctx, "sysctls", []) or []:
        if get(s, "name") not in _SAFE_SYSCTLS:
            out.append(f"sysctl {get(s, 'name')!r} is not in the safe set")
    for where, ctx in [("pod", pod_ctx), *((n, get(c, "securityContext", {}) or {}) for n, c in containers)]:
        se = get(ctx, "seLinuxOptions", {}) or {}
        if get(se, "type", "") not in _SELINUX_TYPES:
            out.append(f"{where} seLinuxOptions.type {get(se, 'type')!r} is not allowed")
        if get(se, "user") or get(se, "role"):
            out.append(f"{where} seLinuxOptions sets a user or role")
        if get(ctx, "appArmorProfile.type") == "Unconfined":
            out.append(f"{where} appArmorProfile is Unconfined")
    annotations = get(metadata, "annotations", {}) or {}
    if isinstance(annotations, Mapping):
        for key, value in annotations.items():
            if str(key).startswith(_APPARMOR_ANNOTATION) and not (
                value == "runtime/default" or str(value).startswith("localhost/")
            ):
                out.append(f"annotation {key}={value!r} is not runtime/default or localhost/*")

    # Seccomp at pod level (restricted requires RuntimeDefault or Localhost, pod or every container).
    pod_seccomp = get(pod_ctx, "seccompProfile.type")
    if pod_seccomp == "Unconfined":
        out.append("pod seccompProfile is Unconfined")

    for name, c in containers:
        ctx = get(c, "securityContext", {}) or {}
        if get(ctx, "privileged") is True:
            out.append(f"{name} is privileged")
        if get(ctx, "windowsOptions.hostProcess") is True:
            out.append(f"{name} is a Windows HostProcess container")
        if get(ctx, "procMount", "Default") != "Default":
            out.append(f"{name} procMount is {get(ctx, 'procMount')!r}, not Default")
        for p in get(c, "ports", []) or []:
            if get(p, "hostPort", 0) not in (0, 0.0):
                out.append(f"{name} binds hostPort {get(p, 'hostPort')}")
        if _effective(ctx, pod_ctx, "runAsNonRoot") is not True:
            out.append(f"{name} does not set runAsNonRoot: true (container or pod)")
        for where, value in (("container", get(ctx, "runAsUser")), ("pod", get(pod_ctx, "runAsUser"))):
            if value in (0, 0.0):
                out.append(f"{name} runs as user 0 ({where} runAsUser)")
        if windows:
            continue
        if get(ctx, "allowPrivilegeEscalation") is not False:
            out.append(f"{name} does not set allowPrivilegeEscalation: false")
        seccomp = _effective(ctx, pod_ctx, "seccompProfile.type")
        if seccomp not in _SECCOMP_OK:
            out.append(f"{name} has no RuntimeDefault or Localhost seccompProfile (container or pod)")
        caps = get(ctx, "capabilities", {}) or {}
        if "ALL" not in (get(caps, "drop", []) or []):
            out.append(f"{name} does not drop ALL capabilities")
        added = [a for a in get(caps, "add", []) or [] if a != "NET_BIND_SERVICE"]
        if added:
            out.append(f"{name} adds capabilities {sorted(map(str, added))} (only NET_BIND_SERVICE is allowed)")
    return out


@resource_policy(
    name="k8s-pod-security-restricted",
    controls=["WL-9"],
    types=list(T.K8S_WORKLOADS),
    severity=Severity.CRITICAL,
    description="Every Pod and pod template meets the Pod Security 'restricted' profile (so preview and "
    "admission agree).",
    remediation="Set runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities.drop [ALL], "
    "seccompProfile.type RuntimeDefault; no privileged, host namespaces, hostPath or hostPort. A workload that "
    f"cannot run so records the annotation {EXCEPTION_PREFIX}WL-9 with its reason.",
)
def pod_security_restricted(args: ResourceValidationArgs, report: Report) -> None:
    spec, metadata = pod_spec_of(args.resource_type, args.props)
    kind = args.resource_type.rsplit(":", 1)[-1]
    name = get(args.props, "metadata.name") or args.name
    for problem in restricted_problems(spec, metadata):
        report(f"{kind} {name}: {problem}; Pod Security 'restricted' rejects it (WL-9)")
