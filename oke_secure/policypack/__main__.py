"""The oke-secure policy pack as the Pulumi CLI loads it: ``pulumi preview --policy-pack <this dir>``.

The policies live in the importable module ``oke_secure.policies``; this file only wraps that list in
a ``PolicyPack`` (which starts the analyzer's gRPC server, so it is never imported by tests).
"""

from pulumi_policy import Policy, PolicyPack

from oke_secure.policies import POLICIES

policies: list[Policy] = list(POLICIES)
PolicyPack(name="oke-secure", policies=policies)
