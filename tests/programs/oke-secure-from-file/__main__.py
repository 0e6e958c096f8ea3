from pathlib import Path

import pulumi
import yaml

from oke_secure.components.stack import OkeStack

config = pulumi.Config()
spec = yaml.safe_load(Path(config.require("spec_file")).read_text())
spec["cluster"] = {"kubernetes_version": config.require("kubernetes_version")}
print(f"building {spec['name']} on Kubernetes {spec['cluster']['kubernetes_version']}")

stack = OkeStack(spec["name"], {"spec": spec})
pulumi.export("cluster_id", stack.cluster_id)
