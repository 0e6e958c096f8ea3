"""Shared bits of the intent corpus programs: a hand-written pool and cloud-init, as Oracle's docs show them."""

import base64
from typing import Any

from tests.policy_fixtures._pools import COMP, hardened_pool_args

RULE = "iptables -I FORWARD 1 -d 169.254.169.254/32 -p tcp --dport 80 -j DROP\n"
INIT = (
    'curl --fail -H "Authorization: Bearer Oracle" -L0 http://169.254.169.254/opc/v2/instance/metadata/oke_init_script'
    " | base64 --decode >/var/run/oke-init.sh\n"
)


def run_init(taint: str) -> str:
    return f'bash /var/run/oke-init.sh --kubelet-extra-args "--register-with-taints={taint}"\n'


def b64(script: str) -> str:
    return base64.b64encode(script.encode()).decode()


def pool_args(label: tuple[str, str], script: str) -> dict[str, Any]:
    args = hardened_pool_args()
    args["initial_node_labels"] = [{"key": label[0], "value": label[1]}]
    args["node_metadata"]["user_data"] = b64("#!/bin/bash\nset -euo pipefail\n" + script)
    return args


__all__ = ["COMP", "INIT", "RULE", "b64", "pool_args", "run_init"]
