"""A namespace with ValidatingAdmissionPolicies bound with Deny for namespaces, pods and services (honours WL-6)."""

import pulumi_kubernetes as k8s

k8s.core.v1.Namespace("shop", metadata={"name": "shop"})
CHECKS = {
    "namespaces": ("", "has(object.metadata.labels) && 'pod-security.kubernetes.io/enforce' in object.metadata.labels"),
    "pods": ("", "object.spec.containers.all(c, c.image.contains('@sha256:'))"),
    "services": (
        "",
        "object.spec.type != 'LoadBalancer' || (has(object.metadata.annotations) && "
        "'service.beta.kubernetes.io/oci-load-balancer-internal' in object.metadata.annotations)",
    ),
}
for resource, (group, expression) in CHECKS.items():
    policy = k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
        f"check-{resource}",
        metadata={"name": f"check-{resource}"},
        spec={
            "failurePolicy": "Fail",
            "matchConstraints": {
                "resourceRules": [
                    {
                        "apiGroups": [group],
                        "apiVersions": ["v1"],
                        "operations": ["CREATE", "UPDATE"],
                        "resources": [resource],
                    }
                ]
            },
            "validations": [{"expression": expression}],
        },
    )
    k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
        f"check-{resource}",
        metadata={"name": f"check-{resource}"},
        spec={"policyName": policy.metadata.name, "validationActions": ["Deny"]},
    )
