"""The Kubernetes stage of an oke-secure stack (DEP-3): the baseline, applied where the private endpoint is
reachable, after the OCI stage exists.

Oracle: a private Kubernetes API endpoint is reachable only from inside the VCN (or a peered network), or
through a Bastion session ("Accessing a Cluster Using Kubectl",
docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengdownloadkubeconfigfile.htm). So this stage runs
either on a runner inside the VCN (a self-hosted CI runner, an OCI DevOps build runner; it uses the
cluster stack's kubeconfig, which authenticates with ``oci ce cluster generate-token``) or beside an
``oke-secure tunnel`` session (``kubeconfig_file``: the tunnel kubeconfig, server ``https://127.0.0.1:<port>``
with the endpoint's TLS server name).

Read from the cluster stack: ``kubeconfig`` (unless a kubeconfig file is given), ``lb_nsg_id``,
``worker_nsg_id`` and, when the spec allows public load balancers, ``public_lb_nsg_id`` (the NSGs the
admission policy requires of every LoadBalancer Service, NET-10).

Config: ``spec_file`` (the cluster stack's config file: the same spec drives both stages), optional
``cluster_stack`` (default ``<organization>/oke-secure/<this stack's name>``: Pulumi names a stack of
another project ``<organization>/<project>/<stack>``, and a self-managed backend's organization is
``organization``), optional ``kubeconfig_file`` (or the environment variable ``OKE_SECURE_KUBECONFIG_FILE``,
which ``make up-baseline KUBECONFIG_FILE=...`` sets, so the tracked stack file never holds a local path).
"""

import os
from pathlib import Path

import pulumi
import pulumi_kubernetes as k8s

from oke_secure.components.baseline import KubernetesBaseline
from oke_secure.components.stack import baseline_inputs, with_load_balancer_nsgs
from oke_secure.spec import parse_spec
from oke_secure.spec.stackfile import load_spec_file

config = pulumi.Config()
spec = parse_spec(load_spec_file(Path(config.require("spec_file"))))
organization = pulumi.get_organization() or "organization"
cluster = pulumi.StackReference(config.get("cluster_stack") or f"{organization}/oke-secure/{pulumi.get_stack()}")

kubeconfig_file = config.get("kubeconfig_file") or os.environ.get("OKE_SECURE_KUBECONFIG_FILE", "")
kubeconfig: pulumi.Input[str] = (
    Path(kubeconfig_file).expanduser().read_text() if kubeconfig_file else cluster.require_output("kubeconfig")
)
# cluster_identifier: the provider (and all it manages) is replaced only if the cluster changes, never when the
# kubeconfig moves between the tunnel end and the in-VCN endpoint (pulumi-kubernetes ``clusterIdentifier``: "the
# provider will only be replaced when clusterIdentifier changes").
provider = k8s.Provider(
    f"{spec.name}-k8s",
    kubeconfig=pulumi.Output.secret(kubeconfig),
    enable_server_side_apply=True,
    cluster_identifier=cluster.require_output("cluster_id"),
)
# NET-10: the NSGs LoadBalancer Services must name, from the cluster stack's outputs. They are Outputs; the
# admission policy's CEL is built from their values (AdmissionPolicies).
inputs = with_load_balancer_nsgs(
    baseline_inputs(spec),
    cluster.require_output("lb_nsg_id"),
    cluster.require_output("public_lb_nsg_id") if spec.network.public_load_balancer is not None else None,
    cluster.require_output("worker_nsg_id"),
)
baseline = KubernetesBaseline(f"{spec.name}-baseline", {**inputs, "provider": provider})

pulumi.export("namespace_names", baseline.namespace_names)
