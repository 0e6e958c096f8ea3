"""The oke-secure policy pack: every control of ``oke_secure.spec.controls`` checked on any Pulumi program.

``POLICIES`` is the list that both the on-disk pack (``oke_secure/policypack``, for ``pulumi preview
--policy-pack``) and the offline evaluator run. Each policy cites its control ids in ``tags``.
"""

from __future__ import annotations

from pulumi_policy import ResourceValidationPolicy, StackValidationPolicy

from oke_secure.policies import access as _access  # noqa: F401

# Importing a module registers its policies, in this order: one module per layer, named as the components.
from oke_secure.policies import cluster as _cluster  # noqa: F401
from oke_secure.policies import default_namespace as _default_namespace  # noqa: F401
from oke_secure.policies import deployment as _deployment  # noqa: F401
from oke_secure.policies import detection as _detection  # noqa: F401
from oke_secure.policies import iam as _iam  # noqa: F401
from oke_secure.policies import keys as _keys  # noqa: F401
from oke_secure.policies import kubernetes as _kubernetes  # noqa: F401
from oke_secure.policies import load_balancers as _load_balancers  # noqa: F401
from oke_secure.policies import network as _network  # noqa: F401
from oke_secure.policies import network_policy_engine as _network_policy_engine  # noqa: F401
from oke_secure.policies import node_pools as _node_pools  # noqa: F401
from oke_secure.policies import pod_security as _pod_security  # noqa: F401
from oke_secure.policies import rbac as _rbac  # noqa: F401
from oke_secure.policies import registry as _registry  # noqa: F401
from oke_secure.policies import vault_secrets as _vault_secrets  # noqa: F401
from oke_secure.policies import virtual_node_pools as _virtual_node_pools  # noqa: F401
from oke_secure.policies._base import CONTROLS_OF, REGISTRY

POLICIES: list[ResourceValidationPolicy | StackValidationPolicy] = list(REGISTRY)


def controls_checked() -> set[str]:
    """Every control id that at least one policy checks."""
    return {c for ids in CONTROLS_OF.values() for c in ids}


__all__ = ["CONTROLS_OF", "POLICIES", "controls_checked"]
