"""HumanAccess with and without groups, and a WorkloadIdentity with a declared condition
(tests/test_iam_components.py, IAM-2, IAM-4).

Config: ``workload_namespace``, the WorkloadIdentity's namespace (default ``logging``).
"""

import pulumi
import pulumi_oci as oci

from oke_secure.components.human_access import HumanAccess
from oke_secure.components.workload_identity import WorkloadIdentity

COMP = "ocid1.compartment.oc1..aaaaaaaaexample"
TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexample"
cluster = oci.containerengine.Cluster(
    "cluster",
    compartment_id=COMP,
    kubernetes_version="v1.33.1",
    vcn_id="ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaaexample",
)
users = HumanAccess(
    "users",
    {
        "compartment_id": COMP,
        "tenancy_id": TENANCY,
        "name_prefix": "prod",
        "cluster_user_groups": ["ocid1.group.oc1..aaaaaaaadevs", "ocid1.group.oc1..aaaaaaaaops"],
    },
)
nobody = HumanAccess("nobody", {"compartment_id": COMP, "tenancy_id": TENANCY})
wi = WorkloadIdentity(
    "shipper",
    {
        "compartment_id": COMP,
        "cluster_id": cluster.id,
        "namespace": pulumi.Config().get("workload_namespace", "logging"),
        "service_account": "shipper",
        "name_prefix": "prod",
        "permissions": [
            {"verb": "use", "resource": "stream-push"},
            {"verb": "manage", "resource": "objects", "where": "target.bucket.name = 'logs'"},
        ],
    },
)
pulumi.export("users_policy", users.policy_id)
pulumi.export("nobody_policy", nobody.policy_id)
pulumi.export("wi_policy", wi.policy_id)
