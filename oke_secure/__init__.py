"""oke-secure: hardened-by-construction OKE stacks for Pulumi.

This package holds what is true whatever Pulumi does: the stack spec, the control catalogue, the
network rule tables, the policy pack, the offline preview engine and the CLI. Importing it does not
import ``pulumi_oci``; the Pulumi components live in the ``components`` package.
"""

__version__ = "0.1.0"
