"""Invokes the offline engine has no answer for: a placeholder and nothing (tests/test_offline_programs.py)."""

import pulumi
import pulumi_oci as oci

bastions = oci.bastion.get_bastions(compartment_id="c", name="ops")
pulumi.export("first", bastions.bastions[0].id)
none = pulumi.runtime.invoke("acme:index:getThing", {}).value
pulumi.export("none", none)
