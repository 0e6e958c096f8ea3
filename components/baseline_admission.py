"""ValidatingAdmissionPolicies and their bindings (CEL, no webhook) (WL-6, CL-5, NP-6, NET-10)."""

from typing import Any, NotRequired, Required, TypedDict

import pulumi
import pulumi_kubernetes as k8s

from oke_secure.builders import admission
from oke_secure.components._common import check_args, child, token
from oke_secure.components._validate import validated_list, validated_value
from oke_secure.components.baseline_resources import create
from oke_secure.spec import AllowedRegistries, NodePoolSpec, NsgOcid
from oke_secure.spec.inputs import NodePoolSpecInput


class AdmissionPoliciesArgs(TypedDict):
    """Arguments of :class:`AdmissionPolicies`."""

    allowed_registries: Required[list[str]]
    """Registry prefixes images may come from, e.g. ``eu-frankfurt-1.ocir.io/mytenancy`` (CL-5)."""
    node_pools: NotRequired[list[NodePoolSpecInput]]
    """Node pools (``NodePoolSpec`` fields); each dedicated pool's ``namespaces`` may tolerate its taint."""
    public_load_balancer: NotRequired[bool]
    """Public load balancers are allowed, for services that record why (annotation oke-secure.io/exception-WL-6)."""
    lb_nsg_ids: NotRequired[list[pulumi.Input[str]]]
    """OCIDs of the stack's load-balancer NSGs (``OkeStack.lb_nsg_id``, plus the public one when public load
    balancers are allowed): a ``LoadBalancer`` Service's NSG annotation may name only these (NET-10). Without
    them any NSG OCID is accepted, but one is still required."""
    backend_nsg_ids: NotRequired[list[pulumi.Input[str]]]
    """OCIDs of the NSGs the cloud controller may add backend rules to (the worker NSG, ``OkeStack.worker_nsg_id``):
    a ``LoadBalancer`` Service's backend NSG annotation may name only these (NET-10). Without them any NSG
    OCID is accepted, but one is still required."""
    provider: NotRequired[k8s.Provider]
    """The Kubernetes provider every object uses."""


class AdmissionPolicies(pulumi.ComponentResource):
    """Cluster-wide admission rules: Pod Security labels on namespaces, images by digest from allowed
    registries, internal load balancers whose rules the cloud controller keeps in the stack's NSGs, and
    taint tolerations only where declared."""

    policy_names: pulumi.Output[list[str]]
    """Names of the ValidatingAdmissionPolicies."""

    def __init__(self, name: str, args: AdmissionPoliciesArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        check_args("AdmissionPolicies", args, AdmissionPoliciesArgs)
        pools = validated_list(NodePoolSpec, args.get("node_pools"), "node_pools")
        registries: list[str] = validated_value(AllowedRegistries, args.get("allowed_registries"), "allowed_registries")
        # Plain OCIDs are checked now; Outputs (ids of NSGs created in the same program, StackReference
        # outputs) when the policy text is built from their values.
        lb_nsgs: list[Any] = validated_value(list[NsgOcid], args.get("lb_nsg_ids", []), "lb_nsg_ids")
        backend_nsgs: list[Any] = validated_value(list[NsgOcid], args.get("backend_nsg_ids", []), "backend_nsg_ids")
        super().__init__(token("AdmissionPolicies"), name, None, opts)
        manifests = admission.admission_objects(
            allowed_registries=registries,
            pools=pools,
            public_load_balancer=bool(args.get("public_load_balancer", False)),
        )
        if lb_nsgs or backend_nsgs:
            self._with_nsg_ids(manifests, lb_nsgs, backend_nsgs)
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

    @staticmethod
    def _with_nsg_ids(manifests: list[admission.Manifest], lb_nsgs: list[Any], backend_nsgs: list[Any]) -> None:
        """Put the NSG OCIDs into the NSG policy's validations (NET-10).

        The ids are often Outputs (NSGs made in the same program, or read by StackReference), so the
        validations are built from their values; only those strings wait for the ids, and the policy's
        name, match rules and binding stay known at a first preview. A missing optional id (``None``, e.g.
        no public load-balancer NSG) is left out.
        """
        (policy,) = [
            m
            for m in manifests
            if m["kind"] == "ValidatingAdmissionPolicy" and m["metadata"]["name"] == admission.LOAD_BALANCER_NSGS
        ]

        def validations(ids: list[list[str | None]]) -> list[admission.Manifest]:
            lb_ids = [i for i in ids[0] if i] or None
            backend_ids = [i for i in ids[1] if i] or None
            return list(admission.load_balancer_nsg_policy(lb_ids, backend_ids)["spec"]["validations"])

        built = pulumi.Output.all(pulumi.Output.all(*lb_nsgs), pulumi.Output.all(*backend_nsgs)).apply(validations)

        def field(n: int, key: str) -> pulumi.Output[Any]:
            return built.apply(lambda vs: vs[n][key])

        policy["spec"]["validations"] = [
            {key: field(n, key) for key in validation} for n, validation in enumerate(policy["spec"]["validations"])
        ]
