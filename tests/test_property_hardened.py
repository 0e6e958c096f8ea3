"""Hardened for every valid spec (issue 8): any spec the validator accepts renders a stack with zero
mandatory policy violations, across CNIs, rule modes, egress, access options, pool counts and options,
namespaces and key sourcing.

Each example runs the deployable program (``stacks/``) offline with the generated spec as its stack
config, exactly as ``pulumi up`` would get it, then evaluates the whole policy pack. One example costs
a whole stack run (about 1 s), so the number of examples is a profile:

* default (``make test``): :data:`DEFAULT_EXAMPLES`, derandomized, so every run checks the same specs;
* ``HYPOTHESIS_PROFILE=nightly``: 300 examples;
* ``OKE_SECURE_PROPERTY_EXAMPLES=<n>``: exactly ``n`` examples (overrides the profile);
* ``OKE_SECURE_PROPERTY_SHARD=<i>/<k>``: this process runs shard ``i`` of ``k`` (``max_examples // k``
  examples from its own fixed seed), so ``make proof`` spreads the 300 examples over both cores.

Rerun: ``HYPOTHESIS_PROFILE=nightly .venv/bin/pytest tests/test_property_hardened.py``.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings

from oke_secure.offline.engine import run_program
from oke_secure.offline.evaluate import evaluate
from oke_secure.offline.preview import waivers_of
from oke_secure.policies import POLICIES
from oke_secure.policies import types as T
from oke_secure.spec import CONFIG_KEY, parse_spec
from oke_secure.spec.errors import SpecError
from tests.conftest import STACKS
from tests.strategies import stack_specs

DEFAULT_EXAMPLES = 30
NIGHTLY_EXAMPLES = 300

_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "derandomize": True,
    "database": None,
    "print_blob": True,
}
settings.register_profile("oke-secure-default", max_examples=DEFAULT_EXAMPLES, **_COMMON)
settings.register_profile("nightly", max_examples=NIGHTLY_EXAMPLES, **_COMMON)


def shard() -> tuple[int, int] | None:
    """``(index, count)`` from ``OKE_SECURE_PROPERTY_SHARD=i/k``, or None when the run is not sharded."""
    raw = os.environ.get("OKE_SECURE_PROPERTY_SHARD")
    if not raw:
        return None
    index, _, count = raw.partition("/")
    i, k = int(index), int(count)
    if not 1 <= i <= k:
        raise ValueError(f"OKE_SECURE_PROPERTY_SHARD={raw!r}: expected i/k with 1 <= i <= k, e.g. 1/2")
    return i, k


def property_settings() -> settings:
    """The settings of the property test: the profile, or an explicit example count from the environment."""
    profile = os.environ.get("HYPOTHESIS_PROFILE", "")
    base = settings.get_profile("nightly" if profile == "nightly" else "oke-secure-default")
    count = os.environ.get("OKE_SECURE_PROPERTY_EXAMPLES")
    total = int(count) if count else base.max_examples
    part = shard()
    if part is None:
        return settings(base, max_examples=total)
    # A shard draws from its own fixed seed (derandomize would give every shard the same examples).
    return settings(base, max_examples=max(1, total // part[1]), derandomize=False)


def _shard_seed(fn: Any) -> Any:
    part = shard()
    return seed(20261123 + part[0])(fn) if part else fn


def _describe(v: Any) -> str:
    return f"{v.policy} {v.type} {v.name}: {v.message}"


@pytest.mark.slow
@_shard_seed
@property_settings()
@given(stack_specs())
def test_every_valid_spec_renders_with_zero_mandatory_violations(spec_data: dict[str, Any]) -> None:
    """All controls (NET-*, CL-*, NP-*, IAM-*, WL-*, AC-*, SC-*, DT-*) hold for every accepted spec."""
    try:
        spec = parse_spec(spec_data)
    except SpecError as exc:  # the strategy must only produce valid specs; a rejection is a strategy bug
        pytest.fail(f"the strategy produced a spec the validator rejects: {exc}")
    capture = run_program(STACKS, stack=spec.name, config={CONFIG_KEY: spec_data}, region=spec.region)
    report = evaluate(capture.resources, waivers=waivers_of(spec))

    # Not vacuous: the program rendered the stack the spec describes, and the whole pack ran.
    assert len(capture.by_type(T.CLUSTER)) == 1
    assert len(capture.by_type(T.NODE_POOL)) + len(capture.by_type(T.VIRTUAL_NODE_POOL)) == len(spec.node_pools)
    assert report.policies == [p.name for p in POLICIES]

    assert report.mandatory == [], "\n".join(_describe(v) for v in report.mandatory)
    # Every weaker setting the spec declares is waived with its written reason, never silently.
    assert all(w.waived for w in report.waived)
