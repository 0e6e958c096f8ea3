"""The stack spec: pydantic v2 models for a whole OKE stack, every default the hardened choice.

Plain data is validated here, before any resource exists; bad input raises
:class:`oke_secure.spec.errors.SpecError` with one problem per mistake, each naming the field and the
fix. Every weaker setting (a public load-balancer subnet, SSH on nodes, a ``baseline`` namespace, a
pool that may reach instance metadata, Cloud Guard off, a policy waiver) is an explicit field that
carries a written ``reason``; components copy the reason into tags or annotations so that an
auditor sees it next to the resource.

One module per section, each rule once, on the model of the section it reads:

- :mod:`~oke_secure.spec.types`: value types (``Ocid``, ``Cidr``, ``KubeVersion``, ``Name`` ...) and their rules;
- :mod:`~oke_secure.spec.compartment`, :mod:`~oke_secure.spec.network`, :mod:`~oke_secure.spec.cluster`
  (cluster and keys), :mod:`~oke_secure.spec.node_pools`, :mod:`~oke_secure.spec.namespaces`,
  :mod:`~oke_secure.spec.access`, :mod:`~oke_secure.spec.registry`, :mod:`~oke_secure.spec.detection`,
  :mod:`~oke_secure.spec.exceptions`: the sections and their own rules;
- :mod:`~oke_secure.spec.stack`: :class:`StackSpec` and only the rules that read two sections;
- :mod:`~oke_secure.spec.loader`: parsing, pydantic errors turned into problems, section validation
  for components.

Every name is re-exported here: ``from oke_secure.spec import NetworkSpec`` keeps working.
"""

from oke_secure.spec.access import AccessSpec, BastionSpec, bastion_problems
from oke_secure.spec.cluster import ClusterSpec, KeysSpec
from oke_secure.spec.compartment import CompartmentSpec, CreateCompartment
from oke_secure.spec.detection import DetectionSpec
from oke_secure.spec.exceptions import PolicyException
from oke_secure.spec.loader import (
    _FIXES,
    CONFIG_KEY,
    parse_spec,
    problems_from_validation_error,
    validated,
    validated_value,
)
from oke_secure.spec.namespaces import (
    RESERVED_NAMESPACES,
    SYSTEM_NAMESPACES,
    DefaultNamespaceSpec,
    EgressGrant,
    GroupBinding,
    NamespaceSpec,
    QuotaSpec,
    ServiceAccountSpec,
    VaultSecret,
    VaultSecrets,
    WorkloadIdentity,
    namespace_problems,
)
from oke_secure.spec.network import NetworkSpec, PublicLoadBalancer, SubnetsSpec, network_problems
from oke_secure.spec.node_pools import (
    RESERVED_LABELS,
    InstancePrincipal,
    NodePoolSpec,
    SshAccess,
    VirtualNodes,
    pool_problems,
    virtual_cni_problems,
)
from oke_secure.spec.permissions import Permission
from oke_secure.spec.registry import AllowedRegistries, RegistryPrefix, RegistrySpec
from oke_secure.spec.stack import StackSpec, mirror_problems, semantic_problems, workload_problems
from oke_secure.spec.types import (
    MAX_POOL_SKEW,
    VERSION_FLOOR,
    Cidr,
    Cni,
    CompartmentOcid,
    GroupOcid,
    K8sName,
    KeyOcid,
    KubeVersion,
    Name,
    NsgOcid,
    Ocid,
    Port,
    PrincipalOcid,
    Reason,
    Region,
    TenancyOcid,
    VaultOcid,
    VcnOcid,
    check_ocid,
    is_output,
    version_tuple,
)

__all__ = [
    "CONFIG_KEY",
    "MAX_POOL_SKEW",
    "RESERVED_LABELS",
    "RESERVED_NAMESPACES",
    "SYSTEM_NAMESPACES",
    "VERSION_FLOOR",
    "_FIXES",
    "AccessSpec",
    "AllowedRegistries",
    "BastionSpec",
    "Cidr",
    "ClusterSpec",
    "Cni",
    "CompartmentOcid",
    "CompartmentSpec",
    "CreateCompartment",
    "DefaultNamespaceSpec",
    "DetectionSpec",
    "EgressGrant",
    "GroupBinding",
    "GroupOcid",
    "InstancePrincipal",
    "K8sName",
    "KeyOcid",
    "KeysSpec",
    "KubeVersion",
    "Name",
    "NamespaceSpec",
    "NetworkSpec",
    "NodePoolSpec",
    "NsgOcid",
    "Ocid",
    "Permission",
    "PolicyException",
    "Port",
    "PrincipalOcid",
    "PublicLoadBalancer",
    "QuotaSpec",
    "Reason",
    "Region",
    "RegistryPrefix",
    "RegistrySpec",
    "ServiceAccountSpec",
    "SshAccess",
    "StackSpec",
    "SubnetsSpec",
    "TenancyOcid",
    "VaultOcid",
    "VaultSecret",
    "VaultSecrets",
    "VcnOcid",
    "VirtualNodes",
    "WorkloadIdentity",
    "bastion_problems",
    "check_ocid",
    "is_output",
    "mirror_problems",
    "namespace_problems",
    "network_problems",
    "parse_spec",
    "pool_problems",
    "problems_from_validation_error",
    "semantic_problems",
    "validated",
    "validated_value",
    "version_tuple",
    "virtual_cni_problems",
    "workload_problems",
]
