"""Node cloud-init rendering and reading (NP-1 taints, NET-7 metadata block, NP-2 IMDS v2) and image choice."""

from __future__ import annotations

import pytest

from oke_secure.builders import cloud_init, labels

RULE = cloud_init.BLOCK_COMMAND
SEED_RULE = "iptables --insert FORWARD 1 --in-interface veth+ --destination 169.254.0.0/16 --jump DROP"


def test_rendered_cloud_init_blocks_metadata_and_registers_taints_net7_np1() -> None:
    taints = [labels.workload_taint("web"), labels.preemptible_taint()]
    script = cloud_init.render(taints=taints)
    assert script.startswith("#!/bin/bash\n")
    assert RULE in script and SEED_RULE not in script
    # kept across reboots: a systemd one-shot that runs before the kubelet at every boot
    assert "WantedBy=multi-user.target" in script and "Before=kubelet.service" in script
    assert "systemctl enable --now oke-secure-block-imds.service" in script
    # OKE's init script over IMDS v2 (v1 is disabled, NP-2)
    assert '-H "Authorization: Bearer Oracle"' in script
    assert "http://169.254.169.254/opc/v2/instance/metadata/oke_init_script" in script
    assert "bash /var/run/oke-init.sh --kubelet-extra-args " in script
    assert (
        '"--register-with-taints=oke-secure.io/workload=web:NoSchedule,oke-secure.io/preemptible=true:NoSchedule"'
    ) in script
    # the rule is in place before OKE's bootstrap starts the kubelet
    assert script.index(RULE) < script.index("oke-init.sh")
    assert cloud_init.blocks_metadata(script)
    assert cloud_init.registered_taints(script) == taints


def test_instance_principal_pool_renders_without_block_net7() -> None:
    script = cloud_init.render(taints=[labels.workload_taint("log-archiver")], block_metadata=False)
    assert "iptables" not in script
    assert not cloud_init.blocks_metadata(script)
    assert cloud_init.registered_taints(script) == ["oke-secure.io/workload=log-archiver:NoSchedule"]


def test_no_taint_no_taint_argument_np1() -> None:
    script = cloud_init.render()
    assert "--kubelet-extra-args" not in script
    assert cloud_init.registered_taints(script) == []


def test_bad_taint_is_refused() -> None:
    with pytest.raises(ValueError, match="key=value:NoSchedule"):
        cloud_init.render(taints=["web; rm -rf /"])


def test_user_data_round_trip_and_bad_base64() -> None:
    script = cloud_init.render(taints=[labels.workload_taint("web")])
    assert cloud_init.decode(cloud_init.encode(script)) == script
    assert cloud_init.user_data_of({"user_data": cloud_init.encode(script)}) == script
    assert cloud_init.decode("not base64!") is None
    assert cloud_init.decode(None) is None
    assert cloud_init.user_data_of({"areLegacyImdsEndpointsDisabled": "true"}) is None


IMDS_ONLY = "--destination 169.254.169.254/32 --protocol tcp --destination-port 80 --jump DROP"


@pytest.mark.parametrize(
    "line, blocks",
    [
        (RULE, True),
        ("iptables -I FORWARD 1 -d 169.254.169.254 -p tcp --dport 80 -j DROP", True),
        ("iptables -I FORWARD -d 169.254.169.254/32 -p tcp -m tcp --dport 80 -j REJECT", True),
        ("sudo iptables -w -I FORWARD 1 -s 10.244.0.0/16 -d 169.254.169.254 -p tcp --dport 80 -j DROP", True),
        # the seed's rule: misses flannel pods (cni0) and, where it matches, cuts DNS (NET-7 as reworded)
        (SEED_RULE, False),
        ("iptables -I FORWARD 1 -d 169.254.0.0/16 -j DROP", False),
        ("iptables -I FORWARD 1 -d 169.254.169.254 -p tcp -j DROP", False),
        (f"iptables -A FORWARD {IMDS_ONLY}", False),  # appended: ACCEPT rules before it win
        (f"iptables --insert INPUT 1 {IMDS_ONLY}", False),
        ("iptables --insert FORWARD 1 --destination 10.0.0.0/8 -p tcp --dport 80 --jump DROP", False),
        ("iptables --insert FORWARD 1 -d 169.254.169.254 -p tcp --dport 80 --jump ACCEPT", False),
        ("# iptables is not used here", False),
        (f"# {RULE}", False),
        (f"#{RULE}", False),
        (f"echo '{RULE}'", False),
    ],
)
def test_metadata_rule_reads_the_script_as_a_shell_net7(line: str, blocks: bool) -> None:
    assert cloud_init.blocks_metadata(f"#!/bin/bash\nset -euo pipefail\n{line}\n") is blocks


def test_commented_out_rule_fails_net7() -> None:
    """Misjudged before: a grep found the rule in a comment. A commented-out line runs nothing."""
    script = cloud_init.render().replace(f"|| {RULE}", f"# || {RULE}")
    assert f"# || {RULE}" in script
    assert not cloud_init.blocks_metadata(script)


def test_heredoc_counts_only_when_run_net7() -> None:
    written_not_run = f"#!/bin/bash\ncat >/opt/block.sh <<'EOF'\n{RULE}\nEOF\nchmod +x /opt/block.sh\n"
    assert not cloud_init.blocks_metadata(written_not_run)
    assert cloud_init.blocks_metadata(written_not_run + "bash /opt/block.sh\n")
    assert cloud_init.blocks_metadata(written_not_run + "/opt/block.sh && echo done\n")
    commented_in_body = f"#!/bin/bash\ncat >/opt/b.sh <<'EOF'\n# {RULE}\nEOF\nbash /opt/b.sh\n"
    assert not cloud_init.blocks_metadata(commented_in_body)


def test_unit_not_enabled_does_not_count_net7() -> None:
    script = cloud_init.render().replace(f"systemctl enable --now {cloud_init.UNIT_NAME}", "true")
    assert not cloud_init.blocks_metadata(script)


def test_line_continuations_and_lists_net7() -> None:
    script = (
        "#!/bin/bash\nset -e\nmodprobe br_netfilter && \\\n  iptables -I FORWARD 1 \\\n"
        "  -d 169.254.169.254 -p tcp --dport 80 -j DROP\n"
    )
    assert cloud_init.blocks_metadata(script)


def test_problem_names_what_is_wrong_net7() -> None:
    assert "in-interface veth+" in str(cloud_init.metadata_rule(f"#!/bin/bash\n{SEED_RULE}\n").problem)
    assert "port 53" in str(cloud_init.metadata_rule("iptables -I FORWARD 1 -d 169.254.0.0/16 -j DROP").problem)


def test_commented_taint_is_not_registered_np1() -> None:
    script = '#!/bin/bash\n# bash /var/run/oke-init.sh --kubelet-extra-args "--register-with-taints=a=b:NoSchedule"\n'
    assert cloud_init.registered_taints(script) == []


def _sources(*names: str) -> list[dict[str, str]]:
    return [{"sourceName": n, "imageId": f"id-{n}"} for n in names]


def test_choose_image_newest_x86_for_the_exact_version() -> None:
    sources = _sources(
        "Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.1-800",
        "Oracle-Linux-8.10-2025.10.31-0-OKE-1.33.1-900",
        "Oracle-Linux-8.10-aarch64-2025.11.30-0-OKE-1.33.1-950-aarch64",
        "Oracle-Linux-8.10-Gen2-GPU-2025.11.30-0-OKE-1.33.1-950",
        "Oracle-Linux-8.10-2025.12.31-0-OKE-1.33.10-990",
    )
    assert cloud_init.choose_image(sources, "v1.33.1") == "id-Oracle-Linux-8.10-2025.10.31-0-OKE-1.33.1-900"
    snake = [{"source_name": "Oracle-Linux-8.10-2025.10.31-0-OKE-1.34.1-900", "image_id": "x"}]
    assert cloud_init.choose_image(snake, "v1.34.1") == "x"


def test_choose_image_fails_clearly_for_an_unknown_version() -> None:
    with pytest.raises(ValueError, match=r"v1\.29\.9"):
        cloud_init.choose_image(_sources("Oracle-Linux-8.10-2025.10.31-0-OKE-1.33.1-900"), "v1.29.9")
