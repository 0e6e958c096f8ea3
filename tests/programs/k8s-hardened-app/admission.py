"""Cluster guard rails: ValidatingAdmissionPolicies with Deny bindings, one per kind the team cares about."""
import pulumi_kubernetes as k8s

RULES = {
    "namespaces": (
        "",
        "has(object.metadata.labels) && 'pod-security.kubernetes.io/enforce' in object.metadata.labels",
        "namespaces must carry a Pod Security enforce label",
    ),
    "pods": (
        "",
        "object.spec.containers.all(c, c.image.contains('@sha256:'))",
        "images must be pinned by digest",
    ),
    "services": (
        "",
        "object.spec.type != 'LoadBalancer' || (has(object.metadata.annotations) && "
        "object.metadata.annotations.exists(k, k.endsWith('internal') && object.metadata.annotations[k] == 'true'))",
        "load balancers must be internal",
    ),
}


def guard_rails() -> None:
    for resource, (group, expression, message) in RULES.items():
        policy = k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
            f"require-{resource}",
            metadata={"name": f"require-{resource}"},
            spec={
                "failure_policy": "Fail",
                "match_constraints": {"resource_rules": [{
                    "api_groups": [group], "api_versions": ["v1"],
                    "operations": ["CREATE", "UPDATE"], "resources": [resource],
                }]},
                "validations": [{"expression": expression, "message": message}],
            },
        )
        k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
            f"require-{resource}-binding",
            metadata={"name": f"require-{resource}"},
            spec={"policy_name": policy.metadata.name, "validation_actions": ["Deny"]},
        )
