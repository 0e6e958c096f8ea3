"""OkeStack from a spec, and a workload in the ``default`` namespace (tests/test_cis_controls.py, WL-7).

Config: ``spec``, the stack spec as an object.
"""

from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from oke_secure.components.stack import OkeStack

OkeStack("dev", {"spec": pulumi.Config().require_object("spec")})
# Any: mypy matching literals against the SDK's unions of TypedDicts takes minutes (see k8s_workload_kinds.py).
metadata: Any = {"name": "vendor"}
spec: Any = {"containers": []}
k8s.core.v1.Pod("vendor", metadata=metadata, spec=spec)
