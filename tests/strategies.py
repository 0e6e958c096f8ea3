"""Hypothesis strategies for *valid* stack specs (issue 8).

Specs are built so that they are valid by construction (the property test still filters with
``parse_spec`` and fails loudly if the rejection rate grows): CIDRs are derived from one VCN block,
pool versions stay within the allowed skew, every pool namespace is declared, every weaker setting
carries its written reason. What varies is everything the validator lets a user choose: CNI, rule
mode, egress, admin CIDRs, a public load balancer, compartment and key sourcing, Kubernetes versions,
pool count and options (SSH, instance principals with permissions, preemptible capacity, labels),
virtual node pools on VCN-native clusters, namespaces (Pod Security level, groups, service accounts,
workload identity, OCI Vault secrets, quotas), Bastion or
admin CIDRs, break-glass group, registry repositories, Cloud Guard on or off.

Spec-level ``exceptions`` (policy waivers) are deliberately never generated: a waiver can only hide a
violation, so leaving them out makes the property stronger.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from oke_secure.offline.engine.fixtures import SUPPORTED_VERSIONS
from oke_secure.spec import MAX_POOL_SKEW, version_tuple
from oke_secure.spec.stack import ocir_hosts

REGIONS = ["eu-frankfurt-1", "us-ashburn-1", "uk-london-1", "ap-tokyo-1"]
#: Client networks users really list (RFC 5737 documentation blocks and private ranges).
CLIENT_CIDRS = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "172.31.0.0/16", "10.250.0.0/16"]
ADMIN_CIDRS = ["192.168.200.0/24", "172.30.0.0/16", "203.0.113.128/25"]
REASON = "A written reason recorded for the auditor."
SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ0ZXN0a2V5Zm9ydGhlcHJvcGVydHl0ZXN0 ops@example"

_ocid_suffix = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=8, max_size=12)


def ocid(kind: str) -> st.SearchStrategy[str]:
    """OCIDs of one resource kind, e.g. ``ocid1.group.oc1..aaaaaaaa...``."""
    return _ocid_suffix.map(lambda s: f"ocid1.{kind}.oc1..aaaaaaaa{s}")


names = st.from_regex(r"[a-z][a-z0-9]{1,8}", fullmatch=True)
k8s_names = st.from_regex(r"[a-z][a-z0-9]{1,10}", fullmatch=True).filter(lambda n: n not in {"default", "system"})


@st.composite
def network(draw: st.DrawFn) -> dict[str, Any]:
    """A network section: subnets carved from one /16 VCN that overlaps neither pods nor services."""
    second = draw(st.sampled_from([0, 1, 20, 40, 128, 200]))
    base = f"10.{second}"
    cni = draw(st.sampled_from(["vcn-native", "flannel"]))
    out: dict[str, Any] = {
        "cni": cni,
        "vcn_cidr": f"{base}.0.0/16",
        "subnets": {
            "api_endpoint": f"{base}.0.0/28",
            "load_balancers": f"{base}.2.0/24",
            "workers": f"{base}.16.0/20",
            "pods": f"{base}.128.0/17",
        },
        "services_cidr": "10.96.0.0/16",
        "pods_cidr": "10.244.0.0/16",
        "rule_mode": draw(st.sampled_from(["security-lists", "nsg"])),
        "internet_egress": draw(st.booleans()),
        "admin_cidrs": draw(st.lists(st.sampled_from(ADMIN_CIDRS), max_size=2, unique=True)),
    }
    if draw(st.booleans()):
        out["vcn_id"] = draw(ocid("vcn"))
    if draw(st.integers(0, 3)) == 0:
        out["public_load_balancer"] = {
            "cidr": f"{base}.4.0/24",
            "allowed_cidrs": draw(st.lists(st.sampled_from(CLIENT_CIDRS), min_size=1, max_size=2, unique=True)),
            "ports": draw(st.lists(st.sampled_from([80, 443, 8443]), min_size=1, max_size=2, unique=True)),
            "reason": "The public storefront is reached by customers over the internet.",
        }
    return out


def pool_versions(cluster_version: str) -> list[str]:
    """Versions a pool may run under ``cluster_version`` (never ahead, at most MAX_POOL_SKEW behind)."""
    cp = version_tuple(cluster_version)
    return [v for v in SUPPORTED_VERSIONS if version_tuple(v) <= cp and cp[1] - version_tuple(v)[1] <= MAX_POOL_SKEW]


@st.composite
def permission(draw: st.DrawFn) -> dict[str, Any]:
    """One narrowly scoped IAM permission."""
    out: dict[str, Any] = {
        "verb": draw(st.sampled_from(["inspect", "read", "use", "manage"])),
        "resource": draw(st.sampled_from(["objects", "buckets", "secret-family", "instance-family", "vaults"])),
    }
    if draw(st.booleans()):
        out["where"] = "target.bucket.name = 'app-data'"
    return out


VAULT = "ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaapropertyvault"
OTHER_VAULT = "ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaaplatformvault"


@st.composite
def workload_pool(
    draw: st.DrawFn, name: str, version: str, namespaces: list[str], trust: str, allow_virtual: bool = False
) -> dict[str, Any]:
    """A workload pool with any of the explicit exceptions a user may declare; on a VCN-native cluster
    it may be a virtual node pool (which takes none of the node-level options)."""
    pool: dict[str, Any] = {
        "name": name,
        "size": draw(st.integers(1, 5)),
        "ocpus": draw(st.sampled_from([1, 2, 4])),
        "memory_gbs": draw(st.sampled_from([8, 16, 32])),
        "boot_volume_gbs": draw(st.sampled_from([50, 100])),
        "namespaces": draw(st.lists(st.sampled_from(namespaces), unique=True)) if namespaces else [],
    }
    if draw(st.booleans()):
        pool["kubernetes_version"] = draw(st.sampled_from(pool_versions(version)))
    if draw(st.booleans()):
        pool["trust"] = trust
    if draw(st.booleans()):
        pool["labels"] = {"team": draw(names)}
    if draw(st.integers(0, 3)) == 0:
        pool["preemptible"] = True
    if draw(st.integers(0, 2)) == 0:
        pool["instance_principal"] = {"reason": REASON}
        pool["permissions"] = draw(st.lists(permission(), max_size=2))
    if draw(st.integers(0, 3)) == 0:
        pool["ssh"] = {"public_key": SSH_KEY, "reason": "Break-fix access while the Bastion is rolled out."}
    if allow_virtual and draw(st.integers(0, 2)) == 0:
        for key in ("kubernetes_version", "preemptible", "instance_principal", "permissions", "ssh"):
            pool.pop(key, None)
        pool["virtual"] = {"pod_shape": draw(st.sampled_from(["Pod.Standard.E3.Flex", "Pod.Standard.E4.Flex"]))}
    return pool


@st.composite
def namespace(draw: st.DrawFn, name: str, trust: str) -> dict[str, Any]:
    """A team namespace with RBAC bindings, service accounts and workload identity."""
    ns: dict[str, Any] = {"name": name, "team": draw(names)}
    if draw(st.booleans()):
        ns["trust"] = trust
    if draw(st.integers(0, 3)) == 0:
        ns["pod_security"] = "baseline"
        ns["pod_security_reason"] = "A vendor agent needs hostPath mounts the restricted level forbids."
    ns["groups"] = [
        {"id": g, "role": draw(st.sampled_from(["view", "edit", "deploy"]))}
        for g in draw(st.lists(ocid("group"), max_size=2, unique=True))
    ]
    ns["load_balancers"] = draw(st.integers(0, 2))
    ns["quota"] = {
        "cpu": draw(st.sampled_from(["4", "8", "16"])),
        "memory": draw(st.sampled_from(["8Gi", "16Gi"])),
        "pods": draw(st.integers(10, 100)),
    }
    sas = draw(st.lists(k8s_names, max_size=2, unique=True))
    ns["service_accounts"] = []
    for sa in sas:
        entry: dict[str, Any] = {"name": sa}
        if draw(st.integers(0, 3)) == 0:
            entry["automount_token"] = True
            entry["automount_reason"] = "The operator watches its own custom resources."
        ns["service_accounts"].append(entry)
    with_identity = draw(st.booleans())
    if sas and with_identity:
        ns["workload_identity"] = [
            {"service_account": sas[0], "permissions": draw(st.lists(permission(), min_size=1, max_size=2))}
        ]
    with_secrets = draw(st.booleans())
    if sas and with_secrets:
        ns["vault_secrets"] = [
            {
                "service_account": sas[-1],
                "vault_id": VAULT,
                "secrets": [
                    {"name": n}
                    for n in draw(
                        st.lists(
                            st.sampled_from(["db-password", "api-token", "tls-key"]),
                            min_size=1,
                            max_size=2,
                            unique=True,
                        )
                    )
                ],
            }
        ]
    return ns


def _keep_vault_secrets_valid(namespaces: list[dict[str, Any]], pools: list[dict[str, Any]]) -> None:
    """Vault secrets need a managed node for the CSI driver, and no other grant may read their vault."""
    for ns in namespaces:
        hosts = [p for p in pools if ns["name"] in p.get("namespaces", [])]
        if hosts and all("virtual" in p for p in hosts):
            ns.pop("vault_secrets", None)
    if any(ns.get("vault_secrets") for ns in namespaces):
        grants = [p for pool in pools for p in pool.get("permissions", [])]
        grants += [p for ns in namespaces for wi in ns.get("workload_identity", []) for p in wi["permissions"]]
        for p in grants:
            if p["resource"] in ("secret-family", "secrets", "secret-bundles"):
                p["where"] = f"target.vault.id = '{OTHER_VAULT}'"


@st.composite
def stack_specs(draw: st.DrawFn) -> dict[str, Any]:
    """A whole stack spec the validator accepts."""
    trust = draw(st.sampled_from(["prod", "dev", "pci"]))
    version = draw(st.sampled_from(SUPPORTED_VERSIONS))
    ns_names = draw(st.lists(k8s_names, max_size=3, unique=True))
    namespaces = [draw(namespace(n, trust)) for n in ns_names]
    pool_names = draw(st.lists(names.filter(lambda n: n != "system"), max_size=3, unique=True))
    net = draw(network())
    pools: list[dict[str, Any]] = [{"name": "system", "system": True, "size": draw(st.integers(1, 3))}]
    pools += [
        draw(workload_pool(n, version, ns_names, trust, allow_virtual=net["cni"] == "vcn-native")) for n in pool_names
    ]
    if any(p.get("preemptible") for p in pools):
        for ns in namespaces:
            ns["tolerate_preemptible"] = draw(st.booleans())
    _keep_vault_secrets_valid(namespaces, pools)
    spec: dict[str, Any] = {
        "name": draw(names),
        "trust": trust,
        "tenancy_id": "ocid1.tenancy.oc1..aaaaaaaapropertytenancy",
        "region": draw(st.sampled_from(REGIONS)),
        "network": net,
        "cluster": {"name": draw(names), "kubernetes_version": version},
        "node_pools": pools,
        "namespaces": namespaces,
        "registry": {
            "namespace": "propertyns",
            "repositories": draw(
                st.lists(st.from_regex(r"[a-z]{2,6}/[a-z]{2,8}", fullmatch=True), max_size=3, unique=True)
            ),
        },
    }
    if not net["internet_egress"] or draw(st.booleans()):
        # required without internet egress (NET-4): OCIR in the region, by identifier or key
        host = draw(st.sampled_from([f"{spec['region']}.ocir.io", *ocir_hosts(spec["region"])[1:]]))
        spec["registry"]["mirror"] = f"{host}/propertyns/mirror"
        # the stack creates the mirror's repositories private in its own namespace: a pull secret is required
        spec["registry"]["mirror_pull_secret"] = draw(st.sampled_from(["ocir-mirror", "mirror-pull"]))
    if draw(st.booleans()):
        spec["compartment"] = {"id": draw(ocid("compartment"))}
    else:
        spec["compartment"] = {"create": {"parent_id": draw(ocid("compartment")), "name": draw(names)}}
    key_mode = draw(st.sampled_from(["create", "existing-keys", "existing-vault"]))
    if key_mode == "existing-keys":
        spec["keys"] = {
            "secrets_key_id": draw(ocid("key")),
            "boot_volume_key_id": draw(ocid("key")),
            "image_signing_key_id": draw(ocid("key")),
        }
    elif key_mode == "existing-vault":
        spec["keys"] = {
            "vault_id": draw(ocid("vault")),
            "management_endpoint": "https://example-management.kms.eu-frankfurt-1.oraclecloud.com",
        }
    bastion_on = not net["admin_cidrs"] or draw(st.booleans())
    bastion: dict[str, Any] = {"enabled": bastion_on, "session_ttl_seconds": draw(st.sampled_from([1800, 3600, 10800]))}
    if bastion_on:
        bastion["client_cidrs"] = draw(st.lists(st.sampled_from(CLIENT_CIDRS), min_size=1, max_size=2, unique=True))
    spec["access"] = {"bastion": bastion, "cluster_user_groups": draw(st.lists(ocid("group"), max_size=2, unique=True))}
    if draw(st.booleans()):
        spec["access"]["break_glass_group"] = draw(ocid("group"))
    if draw(st.integers(0, 4)) == 0:
        spec["detection"] = {
            "cloud_guard": False,
            "cloud_guard_reason": "Cloud Guard is managed centrally by the security team.",
        }
    if draw(st.booleans()):
        spec["tags"] = {"cost-center": draw(st.sampled_from(["1234", "platform"]))}
    return spec
