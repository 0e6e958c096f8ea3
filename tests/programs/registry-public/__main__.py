import pulumi
import pulumi_oci as oci

compartment = pulumi.Config().require("compartment")
namespace = oci.objectstorage.get_namespace(compartment_id=compartment).namespace
for app in ["api", "worker"]:
    repo = oci.artifacts.ContainerRepository(f"{app}-repo", compartment_id=compartment,
                                             display_name=f"acme/{app}", is_public=True, is_immutable=False)
    pulumi.export(f"{app}_repo", repo.display_name.apply(lambda n: f"fra.ocir.io/{namespace}/{n}"))
