"""Realistic answers for the invokes an OKE program makes, and deterministic mock ids.

The offline engine has no cloud. These fixtures answer like OCI would for the region in the stack
config: three availability domains, the Oracle Services Network service, OKE node-pool images for
each supported Kubernetes version, cluster options, a kubeconfig, the Object Storage namespace.
Unknown invokes answer ``{}`` so that a user program with other lookups still runs.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs, Mocks

SUPPORTED_VERSIONS = ["v1.30.10", "v1.31.10", "v1.32.1", "v1.32.9", "v1.33.1", "v1.33.4", "v1.34.1", "v1.34.2"]

_REGION_KEYS = {
    "eu-frankfurt-1": "fra",
    "us-ashburn-1": "iad",
    "us-phoenix-1": "phx",
    "uk-london-1": "lhr",
    "eu-amsterdam-1": "ams",
    "ap-tokyo-1": "nrt",
    "ca-toronto-1": "yyz",
    "eu-zurich-1": "zrh",
}


def region_key(region: str) -> str:
    """Three-letter region key (``fra`` for ``eu-frankfurt-1``); falls back to the region's first part."""
    return _REGION_KEYS.get(region, region.split("-")[1][:3])


def mock_id(type_: str, name: str, region: str) -> str:
    """A deterministic, OCID-shaped id for a mock resource (stable across runs for diffs)."""
    kind = type_.split(":")[-1].lower() if type_.startswith("oci:") else "mock"
    digest = hashlib.sha1(f"{type_}|{name}".encode()).hexdigest()[:24]
    return f"ocid1.{kind}.oc1.{region}.mock{digest}"


def kubeconfig(cluster_id: str, region: str) -> str:
    """A kubeconfig shaped like the one OKE returns (exec plugin, no static token)."""
    return (
        "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n"
        "    certificate-authority-data: bW9jay1jYQ==\n"
        f"    server: https://10.0.0.2:6443\n  name: {cluster_id}\n"
        f"contexts:\n- context:\n    cluster: {cluster_id}\n    user: oke-user\n  name: oke\n"
        "current-context: oke\nusers:\n- name: oke-user\n  user:\n    exec:\n"
        "      apiVersion: client.authentication.k8s.io/v1beta1\n      command: oci\n"
        f"      args: [ce, cluster, generate-token, --cluster-id, {cluster_id}, --region, {region}]\n"
    )


class OfflineMocks(Mocks):
    """Mocks that answer OCI invokes realistically for one region.

    ``first=True`` answers resource registrations as a bridged provider does during the FIRST
    preview of a new stack: no id and no computed output, only the inputs carried through (unknown
    inputs stay unknown). pulumi-terraform-bridge ``pkg/tfbridge/provider.go`` ``Create`` returns,
    under ``req.GetPreview()``, the diff's proposed state marshalled with ``KeepUnknowns``: the
    configured values plus every computed attribute unknown, and the new state's empty id, which
    the SDK resolves as an unknown id in a dry run (``pulumi/runtime/resource.py``: ``is_known =
    bool(resp.id)``).
    """

    def __init__(self, region: str = "eu-frankfurt-1", *, first: bool = False) -> None:
        self.region = region
        self.first = first

    # Invokes -----------------------------------------------------------------------------------
    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        token = args.token.split(":")[-1] if args.token.startswith("oci:") else args.token
        handler = getattr(self, f"_{token}", None)
        return (handler(args.args) if handler else {}), []

    def _getAvailabilityDomains(self, a: dict[str, Any]) -> dict[str, Any]:
        key = self.region.upper()
        return {
            "compartmentId": a.get("compartmentId"),
            "availabilityDomains": [
                {
                    "id": f"ocid1.availabilitydomain.oc1..mockad{i}",
                    "name": f"Uocm:{key}-AD-{i}",
                    "compartmentId": a.get("compartmentId"),
                }
                for i in (1, 2, 3)
            ],
        }

    def _getServices(self, a: dict[str, Any]) -> dict[str, Any]:
        rk = region_key(self.region)
        return {
            "services": [
                {
                    "id": f"ocid1.service.oc1.{self.region}.mockallservices",
                    "name": f"All {rk.upper()} Services In Oracle Services Network",
                    "cidrBlock": f"all-{rk}-services-in-oracle-services-network",
                    "description": "All services in Oracle Services Network",
                },
                {
                    "id": f"ocid1.service.oc1.{self.region}.mockobjectstorage",
                    "name": f"OCI {rk.upper()} Object Storage",
                    "cidrBlock": f"oci-{rk}-objectstorage",
                    "description": "Object Storage",
                },
            ]
        }

    def _getNodePoolOption(self, a: dict[str, Any]) -> dict[str, Any]:
        sources = []
        for v in SUPPORTED_VERSIONS:
            bare = v.lstrip("v")
            for arch, suffix in (("", ""), ("aarch64-", "-aarch64")):
                name = f"Oracle-Linux-8.10-{arch}2025.10.31-0-OKE-{bare}-900{suffix}"
                digest = hashlib.sha1(name.encode()).hexdigest()[:16]
                sources.append(
                    {
                        "imageId": f"ocid1.image.oc1.{self.region}.mock{digest}",
                        "sourceName": name,
                        "sourceType": "IMAGE",
                    }
                )
        return {
            "id": a.get("nodePoolOptionId", "all"),
            "kubernetesVersions": SUPPORTED_VERSIONS,
            "shapes": ["VM.Standard.E4.Flex", "VM.Standard.E5.Flex", "VM.Standard.A1.Flex"],
            "images": [],
            "sources": sources,
        }

    def _getClusterOption(self, a: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": a.get("clusterOptionId", "all"),
            "kubernetesVersions": SUPPORTED_VERSIONS,
            "clusterPodNetworkOptions": [{"cniType": "FLANNEL_OVERLAY"}, {"cniType": "OCI_VCN_IP_NATIVE"}],
        }

    def _getClusterKubeConfig(self, a: dict[str, Any]) -> dict[str, Any]:
        cluster_id = a.get("clusterId", "ocid1.cluster.oc1..mock")
        return {"clusterId": cluster_id, "content": kubeconfig(cluster_id, self.region)}

    def _getNamespace(self, a: dict[str, Any]) -> dict[str, Any]:
        return {"namespace": "mocktenancyns", "compartmentId": a.get("compartmentId")}

    def _getRegionSubscriptions(self, a: dict[str, Any]) -> dict[str, Any]:
        return {
            "regionSubscriptions": [
                {
                    "regionName": self.region,
                    "regionKey": region_key(self.region).upper(),
                    "isHomeRegion": True,
                    "state": "READY",
                }
            ]
        }

    def _getDetectorRecipes(self, a: dict[str, Any]) -> dict[str, Any]:
        name = str(a.get("displayName") or "OCI Configuration Detector Recipe")
        digest = hashlib.sha1(name.encode()).hexdigest()[:24]
        return {
            "compartmentId": a.get("compartmentId"),
            "detectorRecipeCollections": [
                {
                    "items": [
                        {
                            "id": f"ocid1.cloudguarddetectorrecipe.oc1..mock{digest}",
                            "displayName": name,
                            "owner": "ORACLE",
                            "state": "ACTIVE",
                        }
                    ]
                }
            ],
        }

    # Resources ---------------------------------------------------------------------------------
    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        if not args.custom:
            return None, dict(args.inputs)
        if self.first and not args.resource_id:
            return "", dict(args.inputs)
        rid = args.resource_id or mock_id(args.typ, args.name, self.region)
        state = dict(args.inputs)
        if args.typ == "oci:Kms/vault:Vault":
            state.setdefault("managementEndpoint", f"https://mock-management.kms.{self.region}.oraclecloud.com")
            state.setdefault("cryptoEndpoint", f"https://mock-crypto.kms.{self.region}.oraclecloud.com")
        elif args.typ == "oci:Core/vcn:Vcn":
            for key, kind in (
                ("defaultSecurityListId", "securitylist"),
                ("defaultRouteTableId", "routetable"),
                ("defaultDhcpOptionsId", "dhcpoptions"),
            ):
                state.setdefault(key, mock_id(f"oci:Core/{kind}:default", args.name, self.region))
        elif args.typ.startswith("kubernetes:"):
            meta = state.get("metadata") or {}
            ns, name = meta.get("namespace"), meta.get("name") or args.name
            rid = f"{ns}/{name}" if ns else str(name)
        state.setdefault("id", rid)
        return rid, state
