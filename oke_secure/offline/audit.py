"""Audit a deployed stack: evaluate the policy pack on a ``pulumi stack export`` checkpoint.

The checkpoint format is pulumi/pulumi ``sdk/go/common/apitype``: ``pulumi stack export`` writes an
``UntypedDeployment`` ``{"version": 3, "deployment": DeploymentV3}`` (a backend's state file is a
``CheckpointV3`` ``{"version": 3, "checkpoint": {"latest": DeploymentV3}}``; both are read), and
``DeploymentV3.resources`` holds ``ResourceV3`` records: ``urn``, ``custom``, ``delete``, ``id``,
``type``, ``inputs``, ``outputs``, ``parent``, ``protect``, ``dependencies``, ``provider``,
``propertyDependencies``, ``aliases``, ``additionalSecretOutputs``, ``ignoreChanges``. Secret values are
``{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "plaintext" | "ciphertext": ...}``
(``plaintext`` is JSON text, present with ``--show-secrets``).

Evaluated as the engine's own snapshot analysis does (``pkg/resource/deploy/analyze_snapshot.go``
``AnalyzeSnapshot``): resources marked ``delete`` are skipped, resource policies get each resource's
INPUTS, stack policies every resource's OUTPUTS with parents, dependencies and property dependencies.
An encrypted secret a policy would read is unknown, so that check is listed as deferred rather than
guessed: export with ``--show-secrets`` to let it decide.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from oke_secure.offline.engine.capture import UNKNOWN, Capture, CapturedResource
from oke_secure.offline.evaluate import Report, evaluate
from oke_secure.spec.errors import ProgramError

SECRET_SIG = "4dabf18193072939515e22adb298388d"
SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270"
VERSIONS = (3, 4)
_FIX = "Fix: pass the output of `pulumi stack export` (JSON with version and deployment.resources)"


#: A resource of a checkpoint: inputs (what ``Analyze`` gets) and outputs (what ``AnalyzeStack`` gets).
StateResource = CapturedResource


def _reveal(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get(SECRET_SIG) == SECRET_VALUE:
            if "plaintext" in value:
                try:
                    return _reveal(json.loads(value["plaintext"]))
                except (TypeError, json.JSONDecodeError):
                    return UNKNOWN
            return UNKNOWN  # ciphertext: not readable without the stack's secrets provider
        return {k: _reveal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_reveal(v) for v in value]
    return value


def _bad(path: Path, where: str, problem: str) -> ProgramError:
    return ProgramError(f"{path}: {where}: {problem}. {_FIX}")


def _field(
    path: Path, where: str, raw: Mapping[str, Any], key: str, kind: type | tuple[type, ...], default: Any
) -> Any:
    value = raw.get(key, default)
    if value is None:
        return default
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise _bad(path, f"{where}.{key}", f"expected {names}, got {type(value).__name__}")
    return value


def _deployment(path: Path, doc: Any) -> Mapping[str, Any]:
    if not isinstance(doc, dict):
        raise _bad(path, "top level", f"expected a JSON object, got {type(doc).__name__}")
    version = doc.get("version")
    if version not in VERSIONS:
        raise _bad(path, "version", f"unsupported checkpoint version {version!r} (supported: 3, 4)")
    deployment = doc.get("deployment")
    if deployment is None and isinstance(doc.get("checkpoint"), dict):
        deployment = doc["checkpoint"].get("latest")
    if not isinstance(deployment, dict):
        raise _bad(path, "deployment", "missing (neither `deployment` nor `checkpoint.latest` is an object)")
    return deployment


def load_checkpoint(path: Path) -> tuple[str, str, list[StateResource]]:
    """``(project, stack, resources)`` of a checkpoint file; :class:`ProgramError` naming the field when malformed."""
    try:
        doc = json.loads(path.read_text())
    except OSError as exc:
        raise ProgramError(f"{path}: cannot read it ({exc.strerror}). {_FIX}") from None
    except json.JSONDecodeError as exc:
        raise ProgramError(f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}). {_FIX}") from None
    deployment = _deployment(path, doc)
    raw_resources = _field(path, "deployment", deployment, "resources", list, [])
    out: list[StateResource] = []
    project = stack = ""
    for i, raw in enumerate(raw_resources):
        where = f"deployment.resources[{i}]"
        if not isinstance(raw, dict):
            raise _bad(path, where, f"expected an object, got {type(raw).__name__}")
        urn = _field(path, where, raw, "urn", str, "")
        type_ = _field(path, where, raw, "type", str, "")
        if not urn.startswith("urn:pulumi:") or urn.count("::") < 3 or not type_:
            raise _bad(
                path, where, f"needs a urn (urn:pulumi:<stack>::<project>::<type>::<name>) and a type, got {urn!r}"
            )
        if _field(path, where, raw, "delete", bool, False):
            continue
        stack, project = urn[len("urn:pulumi:") :].split("::")[:2]
        deps = _field(path, where, raw, "propertyDependencies", dict, {})
        for key, urns in deps.items():
            if not isinstance(urns, list) or not all(isinstance(u, str) for u in urns):
                raise _bad(path, f"{where}.propertyDependencies.{key}", "expected a list of URNs")
        out.append(
            StateResource(
                urn=urn,
                type=type_,
                name=urn.rsplit("::", 1)[-1],
                id=_field(path, where, raw, "id", str, None),
                custom=_field(path, where, raw, "custom", bool, False),
                parent=_field(path, where, raw, "parent", str, None),
                provider=_field(path, where, raw, "provider", str, None),
                inputs=_reveal(_field(path, where, raw, "inputs", dict, {})),
                dependencies=list(_field(path, where, raw, "dependencies", list, [])),
                property_dependencies={k: list(v) for k, v in deps.items()},
                protect=_field(path, where, raw, "protect", bool, False),
                retain_on_delete=_field(path, where, raw, "retainOnDelete", bool, False),
                ignore_changes=list(_field(path, where, raw, "ignoreChanges", list, [])),
                aliases=[str(a) for a in _field(path, where, raw, "aliases", list, [])],
                additional_secret_outputs=list(_field(path, where, raw, "additionalSecretOutputs", list, [])),
                outputs=_reveal(_field(path, where, raw, "outputs", dict, {})),
            )
        )
    return project, stack, out


def run_audit(path: Path, policy_config: Mapping[str, Any] | None = None) -> tuple[Capture, Report]:
    """Load the checkpoint at ``path`` and evaluate the whole pack on it."""
    project, stack, resources = load_checkpoint(path)
    capture = Capture(project=project, stack=stack, resources=list(resources), outputs={}, mode="audit")
    # The stack resource itself is no OKE resource: keep it for the tree, it matches no policy type.
    return capture, evaluate(capture.resources, config=policy_config or {})
