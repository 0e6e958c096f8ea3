"""The example stacks keep their URNs across the issue-18 restructuring (acceptance of issue 18).

``tests/golden/urns-d756512.json`` holds the logical URNs the offline engine captured for the dev,
prod and prod-virtual stacks at commit d756512, before the spec became a package and the rules moved
onto the section models. A URN that disappears is a resource Pulumi would delete and create again
(a replacement, or a rename without an alias); ``oke-secure diff`` would show it as removed. Resources
added since (new controls) are allowed and listed by ``oke-secure diff`` as added.
"""

from __future__ import annotations

import json
from fnmatch import fnmatch
from pathlib import Path

import pytest

from oke_secure.offline.diff import capture_side, logical_urn
from tests.conftest import ROOT

GOLDEN = json.loads((Path(__file__).parent / "golden" / "urns-d756512.json").read_text())
STACKS = ["dev", "prod", "prod-virtual"]
#: Resources removed on purpose since d756512, with the issue that removed them.
REMOVED_ON_PURPOSE = {
    # issue 20 (NET-8): the allow-all egress policy voided default deny; namespaces now get only declared egress
    "*:NetworkPolicy::*-networkpolicy-allow-egress-except-metadata",
    # issue 19 item 7: the Secrets Store CSI driver is a helm/v4 Chart (its objects are Pulumi resources, so
    # the provider DaemonSet gets the tolerations its chart cannot set); the v3 Release is uninstalled and
    # the chart's objects created in one update (README, "Upgrading")
    "*kubernetes:helm.sh/v3:Release::*-secrets-store-csi",
}


#: The Kubernetes baseline's project since DEP-3 (issue 19, ``kubernetes_stage: separate``, the default):
#: the baseline runs as its own stage (stacks/baseline, project ``oke-secure-baseline``) from where the
#: private endpoint is reachable. Its resources keep their type chain and logical name; only the
#: project segment differs, so a stack deployed before the split moves them with ``pulumi state move``
#: (or sets ``kubernetes_stage: same`` and keeps them where they are).
BASELINE_PROJECT = "oke-secure-baseline"


def _removed_on_purpose(urn: str) -> bool:
    return any(fnmatch(urn, pattern) for pattern in REMOVED_ON_PURPOSE)


#: What DEP-3 re-parents in the baseline stage: the KubernetesBaseline component (a component has no
#: cloud resource, so its URN moving replaces nothing) and its Kubernetes provider, which the stage
#: builds at stack level from the tunnel or in-VCN kubeconfig.
STAGE_REPARENTED = (
    "*$oke-secure:index:KubernetesBaseline::*-baseline",
    "*$pulumi:providers:kubernetes::*-baseline-k8s",
)


def _moved_to_the_baseline_stage(urn: str, now: set[str]) -> bool:
    project, _, rest = urn.partition("::")
    if project != "oke-secure":
        return False
    if any(fnmatch(urn, pattern) for pattern in STAGE_REPARENTED):
        return any(u.startswith(f"{BASELINE_PROJECT}::") for u in now)
    return f"{BASELINE_PROJECT}::{rest}" in now


@pytest.mark.slow
@pytest.mark.parametrize("stack", STACKS)
def test_every_urn_of_the_example_stack_at_d756512_still_exists(stack: str) -> None:
    before = set(GOLDEN[stack])
    assert len(before) > 80  # the golden file really holds the stack
    now = {logical_urn(r.urn) for r in capture_side(stack, is_stack=True, root=ROOT).resources}
    gone = sorted(u for u in before - now if not (_removed_on_purpose(u) or _moved_to_the_baseline_stage(u, now)))
    assert gone == [], f"{stack}: resources that would be replaced or renamed"
    assert any(_removed_on_purpose(u) for u in before - now)  # the allowance is still needed
    # Type tokens stay oke-secure:index:<Class> (the component package serves module index only).
    assert all(u.split("::")[1].split("$")[0].startswith(("oke-secure:index:", "pulumi:")) for u in now)
