"""The oke-secure policy pack as the Pulumi CLI loads it: ``pulumi preview --policy-pack <pack dir>``.

``oke-secure policy-pack --install DIR`` writes the pack directory: this file, ``PulumiPolicy.yaml``,
a copy of the ``oke_secure`` package beside them (the CLI runs ``python -m pulumi.policy`` in the pack
directory, which ``runpy`` puts first on ``sys.path``), ``requirements.txt`` and its ``venv``.
The policies live in ``oke_secure.policies``; this file only wraps that list in a ``PolicyPack``
(which starts the analyzer's gRPC server, so it is never imported by tests).
"""

from pulumi_policy import Policy, PolicyPack

from oke_secure.policies import POLICIES

policies: list[Policy] = list(POLICIES)
PolicyPack(name="oke-secure", policies=policies)
