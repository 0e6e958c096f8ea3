import pulumi
import pulumi_oci as oci

from policies import admin_statements, cluster_statements

tenancy = pulumi.Config().require("tenancy_ocid")
home = oci.identity.get_tenancy(tenancy_id=tenancy)
team = oci.identity.Compartment("k8s-team", compartment_id=tenancy, name="k8s-team", description="OKE team")
group = oci.identity.Group("k8s-admins", compartment_id=tenancy, description="OKE admins", name="k8s-admins")

oci.identity.Policy("k8s-admins-policy",
    compartment_id=tenancy,
    description=f"admins of {home.name}",
    name="k8s-admins-policy",
    statements=group.name.apply(lambda g: admin_statements(g)))
oci.identity.Policy("k8s-team-policy",
    compartment_id=team.id,
    description="team access",
    name="k8s-team-policy",
    statements=pulumi.Output.all(group.name, team.name).apply(lambda a: cluster_statements(a[0], a[1])))
