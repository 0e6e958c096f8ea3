"""Invoke answers generated from the arguments, in the shapes the pulumi-oci SDK returns.

Two tiers, both derived rather than listed:

1. Realistic answers for the data sources OKE programs commonly call (:data:`ANSWERED`):
   availability domains (plural and single), platform images filtered by OS, version, shape and
   ``filters`` blocks, node-pool and cluster options with OKE node images for ANY ``vX.Y.Z``
   Kubernetes version, services, the Object Storage namespace, tenancy and compartment look-ups,
   shapes, VCN and subnet look-ups, the cluster kubeconfig, region subscriptions, detector recipes.
2. Every other ``oci:`` invoke is answered from the SDK's own result type (``pulumi_oci.<module>.
   <function>.<Function>Result``, read with ``pulumi._types.output_type_types``): each field filled
   with a well-formed placeholder (arguments echoed, lists holding one element so ``[0]`` works).
   Such invokes are named in the report as answered with placeholders.

Invokes of other packages are answered ``{}`` and named in the report as unanswered.
Results are plain dicts of camelCase keys: the SDK turns them into its result classes, whose
fields programs read as attributes and, for nested results, also index as dicts.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pulumi._types as _pulumi_types
import yaml

#: OKE patch versions the node-pool options list when the program does not ask for one version.
#: A program that asks for a version (``node_pool_k8s_version``) gets images for exactly that one.
DEFAULT_VERSIONS = ["v1.30.10", "v1.31.10", "v1.32.1", "v1.32.9", "v1.33.1", "v1.33.4", "v1.34.1", "v1.34.2"]

#: Compute platform images: (operating system, version, build dates). OCI lists "the three most
#: recently published versions of each major distribution" (ListImages, docs.oracle.com
#: iaas/tools/oci-cli/latest/oci_cli_docs/cmdref/compute/image/list.html).
_PLATFORM = [
    ("Oracle Linux", "9", "Oracle-Linux-9.6"),
    ("Oracle Linux", "8", "Oracle-Linux-8.10"),
    ("Oracle Linux", "7.9", "Oracle-Linux-7.9"),
    ("Canonical Ubuntu", "24.04", "Canonical-Ubuntu-24.04"),
    ("Canonical Ubuntu", "22.04", "Canonical-Ubuntu-22.04"),
]
_BUILDS = ["2025.10.31-0", "2025.09.16-0", "2025.08.20-0"]

#: Shapes as ListShapes reports them: name, OCPUs, memory, flexible, processor, GPUs.
_SHAPES = [
    ("VM.Standard.E4.Flex", 1.0, 16.0, True, "2.55 GHz AMD EPYC 7J13 (Milan)", 0),
    ("VM.Standard.E5.Flex", 1.0, 12.0, True, "2.4 GHz AMD EPYC 9J14 (Genoa)", 0),
    ("VM.Standard3.Flex", 1.0, 16.0, True, "2.0 GHz Intel Xeon Platinum 8167M", 0),
    ("VM.Standard.A1.Flex", 1.0, 6.0, True, "3.0 GHz Ampere Altra", 0),
    ("VM.Standard2.1", 1.0, 15.0, False, "2.0 GHz Intel Xeon Platinum 8167M (Skylake)", 0),
    ("VM.GPU.A10.1", 15.0, 240.0, False, "2.6 GHz Intel Xeon Platinum 8358 (Ice Lake)", 1),
]

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
_VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")


def region_key(region: str) -> str:
    """Three-letter region key (``fra`` for ``eu-frankfurt-1``); falls back to the region's first part."""
    return _REGION_KEYS.get(region, region.split("-")[1][:3] if "-" in region else region[:3])


def _digest(*parts: Any) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:24]


def ocid(kind: str, region: str, *seed: Any) -> str:
    """A deterministic OCID of ``kind`` (``ocid1.<kind>.oc1.<region>.mock<digest>``)."""
    return f"ocid1.{kind}.oc1.{region}.mock{_digest(kind, *seed)}"


def _matches_filters(item: Mapping[str, Any], filters: Any) -> bool:
    """The pulumi-oci ``filters`` blocks: every block's ``name`` field must equal one of ``values``
    (or match one as a regular expression when ``regex`` is true), as the provider's data sources
    filter their results (terraform-provider-oci, ``ApplyFilters``)."""
    for f in filters or []:
        if not isinstance(f, Mapping):
            continue
        name = str(f.get("name") or "")
        key = _camel(name)
        value = item.get(key, item.get(name))
        values = [str(v) for v in f.get("values") or []]
        candidates = [str(x) for x in value] if isinstance(value, list) else [str(value)]
        if f.get("regex"):
            ok = any(re.search(v, c) for v in values for c in candidates)
        else:
            ok = any(c in values for c in candidates)
        if not ok:
            return False
    return True


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


class InvokeAnswers:
    """Answers invokes for one region. :meth:`answer` returns ``(result, how)``."""

    def __init__(self, region: str) -> None:
        self.region = region

    # Dispatch -----------------------------------------------------------------------------------
    def answer(self, token: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
        """``(result, how)`` for ``token``; ``how`` is ``answered``, ``placeholder`` or ``unanswered``."""
        function = token.rsplit(":", 1)[-1]
        if token == "kubernetes:yaml:decode":
            # yaml v1 ConfigFile/ConfigGroup read the file locally and ask the provider to decode it
            # (pulumi_kubernetes/yaml/yaml.py ``_parse_yaml_document`` via ``kubernetes:yaml:decode``).
            docs = yaml.safe_load_all(str(args.get("text") or ""))
            return {"result": [d for d in docs if isinstance(d, dict)]}, "answered"
        if token == "kubernetes:helm:template":
            # Helm v3 Chart renders through the provider (pulumi_kubernetes/helm/v3/helm.py
            # ``_parse_chart``); offline there is no helm and no chart repository: opaque, empty.
            return {"result": []}, "opaque"
        if token.startswith("oci:"):
            handler = _HANDLERS.get(function)
            if handler is not None:
                return handler(self, dict(args)), "answered"
            generic = placeholder_result(token, args)
            if generic is not None:
                return generic, "placeholder"
        return {}, "unanswered"

    # Identity ------------------------------------------------------------------------------------
    def _ad_name(self, n: int) -> str:
        # OCI prefixes availability domain names with a tenancy-specific string, e.g. "Uocm:".
        return f"Uocm:{self.region.upper()}-AD-{n}"

    def getAvailabilityDomains(self, a: dict[str, Any]) -> dict[str, Any]:
        ads = [
            {
                "id": f"ocid1.availabilitydomain.oc1..mockad{i}{region_key(self.region)}",
                "name": self._ad_name(i),
                "compartmentId": a.get("compartmentId"),
            }
            for i in (1, 2, 3)
        ]
        ads = [ad for ad in ads if _matches_filters(ad, a.get("filters"))]
        return {
            "id": _digest("ads", a.get("compartmentId")),
            "compartmentId": a.get("compartmentId"),
            "availabilityDomains": ads,
        }

    def getAvailabilityDomain(self, a: dict[str, Any]) -> dict[str, Any]:
        number = a.get("adNumber")
        wanted_id = a.get("id")
        n = int(number) if number else 1
        if wanted_id and str(wanted_id)[-4:-3].isdigit():
            n = int(str(wanted_id)[-4])
        n = min(max(n, 1), 3)
        return {
            "adNumber": n,
            "compartmentId": a.get("compartmentId"),
            "id": wanted_id or f"ocid1.availabilitydomain.oc1..mockad{n}{region_key(self.region)}",
            "name": self._ad_name(n),
        }

    def getTenancy(self, a: dict[str, Any]) -> dict[str, Any]:
        tid = a.get("tenancyId") or "ocid1.tenancy.oc1..mocktenancy"
        return {
            "tenancyId": tid,
            "id": tid,
            "name": "mocktenancy",
            "description": "offline tenancy",
            "homeRegionKey": region_key(self.region).upper(),
            "definedTags": {},
            "freeformTags": {},
            "upiIdcsCompatibilityLayerEndpoint": "",
        }

    def _compartment(self, cid: str, parent: str | None, name: str | None = None) -> dict[str, Any]:
        return {
            "id": cid,
            "compartmentId": parent or "ocid1.tenancy.oc1..mocktenancy",
            "name": name or f"compartment-{cid[-6:]}",
            "description": "offline compartment",
            "state": "ACTIVE",
            "isAccessible": True,
            "inactiveState": "",
            "timeCreated": "2024-01-15T10:00:00.000Z",
            "definedTags": {},
            "freeformTags": {},
        }

    def getCompartment(self, a: dict[str, Any]) -> dict[str, Any]:
        cid = str(a.get("id") or "ocid1.compartment.oc1..mockcompartment")
        return self._compartment(cid, None)

    def getCompartments(self, a: dict[str, Any]) -> dict[str, Any]:
        parent = str(a.get("compartmentId") or "ocid1.tenancy.oc1..mocktenancy")
        names = [a["name"]] if a.get("name") else ["dev", "prod", "shared"]
        items = [self._compartment(f"ocid1.compartment.oc1..mock{_digest(parent, n)}", parent, n) for n in names]
        items = [c for c in items if _matches_filters(c, a.get("filters"))]
        return {**a, "id": _digest("compartments", parent), "compartments": items}

    def getRegionSubscriptions(self, a: dict[str, Any]) -> dict[str, Any]:
        return {
            "tenancyId": a.get("tenancyId"),
            "id": _digest("regions", a.get("tenancyId")),
            "regionSubscriptions": [
                {
                    "regionName": self.region,
                    "regionKey": region_key(self.region).upper(),
                    "isHomeRegion": True,
                    "state": "READY",
                }
            ],
        }

    # Core ----------------------------------------------------------------------------------------
    def _platform_images(self, compartment: Any) -> list[dict[str, Any]]:
        images: list[dict[str, Any]] = []
        for os_name, os_version, prefix in _PLATFORM:
            for arch in ("", "aarch64-", "Gen2-GPU-"):
                if arch == "Gen2-GPU-" and not os_name.startswith("Oracle"):
                    continue
                for build in _BUILDS:
                    name = f"{prefix}-{arch}{build}"
                    images.append(
                        {
                            "id": ocid("image", self.region, name),
                            "displayName": name,
                            "operatingSystem": os_name,
                            "operatingSystemVersion": os_version,
                            "compartmentId": None,
                            "baseImageId": None,
                            "createImageAllowed": True,
                            "launchMode": "PARAVIRTUALIZED",
                            "listingType": "NONE",
                            "sizeInMbs": "47694",
                            "billableSizeInGbs": "2",
                            "state": "AVAILABLE",
                            "timeCreated": f"{build[:10].replace('.', '-')}T00:00:00.000Z",
                            "agentFeatures": [{"isManagementSupported": True, "isMonitoringSupported": True}],
                            "launchOptions": [
                                {
                                    "bootVolumeType": "PARAVIRTUALIZED",
                                    "firmware": "UEFI_64",
                                    "isConsistentVolumeNamingEnabled": True,
                                    "isPvEncryptionInTransitEnabled": True,
                                    "networkType": "PARAVIRTUALIZED",
                                    "remoteDataVolumeType": "PARAVIRTUALIZED",
                                }
                            ],
                            "imageSourceDetails": [],
                            "definedTags": {},
                            "freeformTags": {},
                            "instanceId": None,
                            "_arch": "aarch64" if arch == "aarch64-" else ("gpu" if arch else "x86"),
                        }
                    )
        return images

    @staticmethod
    def _fits_shape(image: Mapping[str, Any], shape: str | None) -> bool:
        # Ampere (A1/A2) shapes run aarch64 images; GPU shapes the GPU builds; other shapes x86 ones.
        if not shape:
            return True
        arch = image["_arch"]
        if ".A1." in shape or ".A2." in shape:
            return bool(arch == "aarch64")
        if ".GPU" in shape.upper():
            return bool(arch == "gpu")
        return bool(arch == "x86")

    def getImages(self, a: dict[str, Any]) -> dict[str, Any]:
        images = [
            i
            for i in self._platform_images(a.get("compartmentId"))
            if (not a.get("operatingSystem") or i["operatingSystem"] == a["operatingSystem"])
            and (not a.get("operatingSystemVersion") or i["operatingSystemVersion"] == str(a["operatingSystemVersion"]))
            and (not a.get("displayName") or i["displayName"] == a["displayName"])
            and (not a.get("state") or i["state"] == a["state"])
            and self._fits_shape(i, a.get("shape"))
            and _matches_filters(i, a.get("filters"))
        ]
        # ListImages sorts by TIMECREATED, newest first, unless told otherwise (sortBy/sortOrder).
        key = "displayName" if a.get("sortBy") == "DISPLAYNAME" else "timeCreated"
        descending = (a.get("sortOrder") or ("ASC" if key == "displayName" else "DESC")) == "DESC"
        images.sort(key=lambda i: (i[key], i["displayName"]), reverse=descending)
        for i in images:
            i.pop("_arch", None)
            i["compartmentId"] = None
        return {**a, "id": _digest("images", sorted(a.items(), key=str)), "images": images}

    def getImage(self, a: dict[str, Any]) -> dict[str, Any]:
        iid = str(a.get("imageId") or "")
        found = next((i for i in self._platform_images(None) if i["id"] == iid), None)
        image = found or self._platform_images(None)[0] | {"id": iid or ocid("image", self.region, "custom")}
        image.pop("_arch", None)
        return {**image, "imageId": iid}

    def getShapes(self, a: dict[str, Any]) -> dict[str, Any]:
        shapes = []
        for name, ocpus, mem, flexible, cpu, gpus in _SHAPES:
            shape = {
                "name": name,
                "ocpus": ocpus,
                "memoryInGbs": mem,
                "isFlexible": flexible,
                "processorDescription": cpu,
                "gpus": gpus,
                "gpuDescription": "NVIDIA A10" if gpus else "",
                "billingType": "PAID",
                "maxVnicAttachments": 2,
                "networkingBandwidthInGbps": 1.0,
                "ocpuOptions": [{"min": 1.0, "max": 64.0, "maxPerNumaNode": 64.0}] if flexible else [],
                "memoryOptions": [
                    {"minInGbs": 1.0, "maxInGbs": 1024.0, "minPerOcpuInGbs": 1.0, "maxPerOcpuInGbs": 64.0}
                ]
                if flexible
                else [],
            }
            if (not a.get("shape") or a["shape"] == name) and _matches_filters(shape, a.get("filters")):
                shapes.append(shape)
        return {**a, "id": _digest("shapes", a.get("compartmentId")), "shapes": shapes}

    def getServices(self, a: dict[str, Any]) -> dict[str, Any]:
        rk = region_key(self.region)
        services = [
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
        return {"id": _digest("services"), "services": [s for s in services if _matches_filters(s, a.get("filters"))]}

    def _vcn(self, compartment: Any, name: str, cidr: str = "10.0.0.0/16") -> dict[str, Any]:
        vid = ocid("vcn", self.region, compartment, name)
        return {
            "id": vid,
            "compartmentId": compartment,
            "displayName": name,
            "cidrBlock": cidr,
            "cidrBlocks": [cidr],
            "dnsLabel": re.sub(r"[^a-z0-9]", "", name.lower())[:15] or "vcn",
            "state": "AVAILABLE",
            "defaultRouteTableId": ocid("routetable", self.region, vid),
            "defaultSecurityListId": ocid("securitylist", self.region, vid),
            "defaultDhcpOptionsId": ocid("dhcpoptions", self.region, vid),
            "vcnDomainName": f"{name.lower()}.oraclevcn.com",
            "timeCreated": "2024-01-15T10:00:00.000Z",
            "ipv6cidrBlocks": [],
            "isIpv6enabled": False,
            "definedTags": {},
            "freeformTags": {},
        }

    def getVcns(self, a: dict[str, Any]) -> dict[str, Any]:
        name = str(a.get("displayName") or "main-vcn")
        vcns = [v for v in [self._vcn(a.get("compartmentId"), name)] if _matches_filters(v, a.get("filters"))]
        return {**a, "id": _digest("vcns", a.get("compartmentId")), "virtualNetworks": vcns}

    def getVcn(self, a: dict[str, Any]) -> dict[str, Any]:
        vcn = self._vcn("ocid1.compartment.oc1..mockcompartment", "main-vcn")
        return {**vcn, "id": a.get("vcnId") or vcn["id"], "vcnId": a.get("vcnId")}

    def _subnet(self, compartment: Any, vcn: Any, name: str, cidr: str, private: bool) -> dict[str, Any]:
        sid = ocid("subnet", self.region, vcn, name)
        return {
            "id": sid,
            "compartmentId": compartment,
            "vcnId": vcn,
            "displayName": name,
            "cidrBlock": cidr,
            "dnsLabel": re.sub(r"[^a-z0-9]", "", name.lower())[:15] or "subnet",
            "prohibitPublicIpOnVnic": private,
            "prohibitInternetIngress": private,
            "routeTableId": ocid("routetable", self.region, sid),
            "securityListIds": [ocid("securitylist", self.region, sid)],
            "state": "AVAILABLE",
            "subnetDomainName": f"{name.lower()}.vcn.oraclevcn.com",
            "availabilityDomain": None,
            "virtualRouterIp": cidr.rsplit(".", 2)[0] + ".1.1" if cidr.count(".") == 3 else "",
            "timeCreated": "2024-01-15T10:00:00.000Z",
            "definedTags": {},
            "freeformTags": {},
        }

    def getSubnets(self, a: dict[str, Any]) -> dict[str, Any]:
        vcn = a.get("vcnId") or ocid("vcn", self.region, "main")
        layout = [("workers", "10.0.10.0/24", True), ("api", "10.0.0.0/28", True), ("lb", "10.0.20.0/24", False)]
        subnets = [self._subnet(a.get("compartmentId"), vcn, n, c, p) for n, c, p in layout]
        if a.get("displayName"):
            subnets = [self._subnet(a.get("compartmentId"), vcn, str(a["displayName"]), "10.0.10.0/24", True)]
        subnets = [s for s in subnets if _matches_filters(s, a.get("filters"))]
        return {**a, "id": _digest("subnets", vcn), "subnets": subnets}

    def getSubnet(self, a: dict[str, Any]) -> dict[str, Any]:
        sub = self._subnet(
            "ocid1.compartment.oc1..mockcompartment", ocid("vcn", self.region, "main"), "workers", "10.0.10.0/24", True
        )
        return {**sub, "id": a.get("subnetId") or sub["id"], "subnetId": a.get("subnetId")}

    # Container Engine ----------------------------------------------------------------------------
    @staticmethod
    def _versions(requested: Any) -> list[str]:
        m = _VERSION.match(str(requested or ""))
        if m:
            return [f"v{m.group(1)}.{m.group(2)}.{m.group(3)}"]
        return list(DEFAULT_VERSIONS)

    def node_image_sources(self, versions: Sequence[str], arch: str | None = None) -> list[dict[str, Any]]:
        """OKE node images for ``versions``, named as OKE names them
        (``Oracle-Linux-8.10-[aarch64-|Gen2-GPU-]<build>-OKE-<version>-<n>``)."""
        sources = []
        for v in versions:
            bare = v.lstrip("v")
            for flavour, suffix in (("", "x86"), ("aarch64-", "aarch64"), ("Gen2-GPU-", "gpu")):
                if arch and ((arch == "AARCH64") != (suffix == "aarch64")):
                    continue
                for build, n in (("2025.10.31-0", 900), ("2025.09.16-0", 870)):
                    name = f"Oracle-Linux-8.10-{flavour}{build}-OKE-{bare}-{n}"
                    sources.append(
                        {"imageId": ocid("image", self.region, name), "sourceName": name, "sourceType": "IMAGE"}
                    )
        return sources

    def getNodePoolOption(self, a: dict[str, Any]) -> dict[str, Any]:
        versions = self._versions(a.get("nodePoolK8sVersion"))
        return {
            **a,
            "id": a.get("nodePoolOptionId", "all"),
            "kubernetesVersions": versions,
            "shapes": [s[0] for s in _SHAPES],
            "images": [],
            "sources": self.node_image_sources(versions, a.get("nodePoolOsArch")),
        }

    def getClusterOption(self, a: dict[str, Any]) -> dict[str, Any]:
        return {
            **a,
            "id": a.get("clusterOptionId", "all"),
            "kubernetesVersions": list(DEFAULT_VERSIONS),
            "clusterPodNetworkOptions": [{"cniType": "FLANNEL_OVERLAY"}, {"cniType": "OCI_VCN_IP_NATIVE"}],
        }

    def getClusterKubeConfig(self, a: dict[str, Any]) -> dict[str, Any]:
        cluster_id = str(a.get("clusterId") or "ocid1.cluster.oc1..mock")
        return {**a, "id": _digest("kubeconfig", cluster_id), "content": kubeconfig(cluster_id, self.region)}

    def getClusters(self, a: dict[str, Any]) -> dict[str, Any]:
        name = str(a.get("name") or "oke-cluster")
        cid = ocid("cluster", self.region, a.get("compartmentId"), name)
        cluster = {
            "id": cid,
            "name": name,
            "compartmentId": a.get("compartmentId"),
            "kubernetesVersion": DEFAULT_VERSIONS[-1],
            "state": "ACTIVE",
            "vcnId": ocid("vcn", self.region, "main"),
            "endpoints": [{"privateEndpoint": "10.0.0.2:6443", "kubernetes": "", "publicEndpoint": ""}],
        }
        return {**a, "id": _digest("clusters", a.get("compartmentId")), "clusters": [cluster]}

    # Object Storage, Cloud Guard ----------------------------------------------------------------
    def getNamespace(self, a: dict[str, Any]) -> dict[str, Any]:
        return {"id": "mocktenancyns", "namespace": "mocktenancyns", "compartmentId": a.get("compartmentId")}

    def getDetectorRecipes(self, a: dict[str, Any]) -> dict[str, Any]:
        name = str(a.get("displayName") or "OCI Configuration Detector Recipe")
        return {
            **a,
            "id": _digest("recipes", a.get("compartmentId")),
            "detectorRecipeCollections": [
                {
                    "items": [
                        {
                            "id": f"ocid1.cloudguarddetectorrecipe.oc1..mock{_digest(name)}",
                            "displayName": name,
                            "owner": "ORACLE",
                            "state": "ACTIVE",
                        }
                    ]
                }
            ],
        }


_HANDLERS: dict[str, Callable[[InvokeAnswers, dict[str, Any]], dict[str, Any]]] = {
    name: getattr(InvokeAnswers, name)
    for name in dir(InvokeAnswers)
    if name.startswith("get") and callable(getattr(InvokeAnswers, name))
}

#: The data sources answered realistically, by pulumi-oci function name (listed in the README).
ANSWERED: tuple[str, ...] = tuple(sorted(_HANDLERS))


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


# Placeholders from the SDK's result types --------------------------------------------------------
def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def result_type(token: str) -> type | None:
    """The pulumi-oci result class of an ``oci:<Module>/<fn>:<fn>`` invoke, or None."""
    m = re.match(r"^oci:([A-Za-z0-9]+)/([A-Za-z0-9]+):([A-Za-z0-9]+)$", token)
    if not m:
        return None
    module, function = m.group(1).lower(), m.group(3)
    # The class is read from the package, which re-exports every function module's names: importing the
    # submodule itself (``pulumi_oci.core.get_nat_gateways``) would bind its name on the package to the
    # module, shadowing the function a program calls (``oci.core.get_nat_gateways(...)``) in a later run.
    try:
        mod = importlib.import_module(f"pulumi_oci.{module}")
    except ImportError:
        return None
    cls = getattr(mod, function[:1].upper() + function[1:] + "Result", None)
    return cls if isinstance(cls, type) else None


def _placeholder(field: str, typ: Any, depth: int) -> Any:
    typ = _pulumi_types.unwrap_optional_type(typ) if typ is not None else str
    origin = typing.get_origin(typ)
    if origin in (list, Sequence, typing.Sequence) or (origin is not None and origin.__name__ == "Sequence"):
        (inner,) = typing.get_args(typ) or (str,)
        return [] if depth > 3 else [_placeholder(field.rstrip("s"), inner, depth + 1)]
    if origin in (dict, Mapping) or (origin is not None and origin.__name__ == "Mapping"):
        return {}
    if typ is bool:
        return False
    if typ in (int, float):
        return 1
    if isinstance(typ, type) and _pulumi_types.is_output_type(typ):
        if depth > 3:
            return {}
        return {k: _placeholder(k, t, depth + 1) for k, t in _pulumi_types.output_type_types(typ).items()}
    low = field.lower()
    if low == "id" or low.endswith("id"):
        return f"ocid1.mock.oc1..placeholder{_digest(field)[:12]}"
    if low == "state" or low.endswith("state"):
        return "ACTIVE"
    if low.startswith("time"):
        return "2024-01-15T10:00:00.000Z"
    return f"placeholder-{field}"


#: Arguments that only scope a look-up (where to look), as opposed to naming what to find.
_SCOPE_ARGS = {"compartmentId", "vcnId", "tenancyId", "availabilityDomain", "state", "sortBy", "sortOrder"}


def placeholder_result(token: str, args: Mapping[str, Any]) -> dict[str, Any] | None:
    """A well-formed answer for any pulumi-oci invoke, from its result type; None if not found.

    A look-up that names what it wants (``displayName``, ``name``, ``filters``, an id) finds one
    placeholder item, so ``result.items[0]`` works; a look-up only scoped by compartment or VCN
    finds nothing (an empty list), as in a fresh compartment, so a program that creates what it
    does not find still creates it.
    """
    cls = result_type(token)
    if cls is None:
        return None
    named = any(v not in (None, "", []) for k, v in args.items() if k not in _SCOPE_ARGS)
    out: dict[str, Any] = {}
    for key, typ in _pulumi_types.output_type_types(cls).items():
        if key in args and args[key] is not None:
            out[key] = args[key]
            continue
        value = _placeholder(key, typ, 0)
        out[key] = value if named or not isinstance(value, list) else []
    return out
