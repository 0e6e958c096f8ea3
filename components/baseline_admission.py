"""ValidatingAdmissionPolicies and their bindings (CEL, no webhook) (WL-6, CL-5, NP-6)."""

from typing import NotRequired, Required, TypedDict

import pulumi
import pulumi_kubernetes as k8s

from oke_secure.builders import admission
from oke_secure.components._common import check_args, child, token
from oke_secure.components._validate import validated_list, validated_value
from oke_secure.components.baseline_resources import create
from oke_secure.spec import AllowedRegistries, NodePoolSpec
from oke_secure.spec.inputs import NodePoolSpecInput


class AdmissionPoliciesArgs(TypedDict):
    """Arguments of :class:`AdmissionPolicies`."""

    allowed_registries: Required[list[str]]
    """Registry prefixes images may come from, e.g. ``eu-frankfurt-1.ocir.io/mytenancy`` (CL-5)."""
    node_pools: NotRequired[list[NodePoolSpecInput]]
    """Node pools (``NodePoolSpec`` fields); each dedicated pool's ``namespaces`` may tolerate its taint."""
    public_load_balancer: NotRequired[bool]
    """Public load balancers are allowed, for services that record why (annotation oke-secure.io/exception-WL-6)."""
    provider: NotRequired[k8s.Provider]
    """The Kubernetes provider every object uses."""


class AdmissionPolicies(pulumi.ComponentResource):
    """Cluster-wide admission rules: Pod Security labels on namespaces, images by digest from allowed
    registries, internal load balancers, and taint tolerations only where declared."""

    policy_names: pulumi.Output[list[str]]
    """Names of the ValidatingAdmissionPolicies."""

    def __init__(self, name: str, args: AdmissionPoliciesArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("AdmissionPolicies", args, AdmissionPoliciesArgs)
        pools = validated_list(NodePoolSpec, args.get("node_pools"), "node_pools")
        registries: list[str] = validated_value(AllowedRegistries, args.get("allowed_registries"), "allowed_registries")
        super().__init__(token("AdmissionPolicies"), name, None, opts)
        manifests = admission.admission_objects(
            allowed_registries=registries,
            pools=pools,
            public_load_balancer=bool(args.get("public_load_balancer", False)),
        )
        provider = args.get("provider")
        policies: dict[str, pulumi.CustomResource] = {}
        for m in manifests:
            mname = m["metadata"]["name"]
            if m["kind"] == "ValidatingAdmissionPolicy":
                policies[mname] = create(f"{name}-{mname}", m, child(self, provider=provider))
            else:
                policy = policies[m["spec"]["policyName"]]
                create(f"{name}-{mname}-binding", m, child(self, provider=provider, depends_on=[policy]))
        self.policy_names = pulumi.Output.from_input(sorted(policies))
        self.register_outputs({"policy_names": self.policy_names})
