// The oke-secure components from TypeScript, inside an existing VCN and compartment.
// The SDK `@pulumi/oke-secure` is generated from the component schema by
//   pulumi package add ../../components
// (see README.md). Nested spec sections (network, keys, cluster, pool, bastion) are plain objects
// with the snake_case field names of the oke-secure spec; they are validated by the components.
import * as pulumi from "@pulumi/pulumi";
import * as okeSecure from "@pulumi/oke-secure";

const config = new pulumi.Config();
const compartmentId = config.require("compartmentId");
const tenancyId = config.require("tenancyId");
const prefix = "app";
const version = "v1.33.1";

// Optional outputs (set only for VCN-native pod networking) as required inputs.
function present(value: pulumi.Output<string | undefined>, what: string): pulumi.Output<string> {
    return value.apply((v) => {
        if (!v) {
            throw new Error(`${what} is not set: this program needs cni "vcn-native"`);
        }
        return v;
    });
}

const network = new okeSecure.Network("app-network", {
    compartmentId: compartmentId,
    namePrefix: prefix,
    network: {
        vcn_id: config.require("vcnId"), // existing VCN: only what is missing is created
        vcn_cidr: "10.40.0.0/16",
        cni: "vcn-native",
        subnets: {
            api_endpoint: "10.40.0.0/28",
            load_balancers: "10.40.2.0/24",
            workers: "10.40.16.0/20",
            pods: "10.40.128.0/17",
        },
        internet_egress: false,
    },
});

const keys = new okeSecure.Keys("app-keys", {
    compartmentId: compartmentId,
    namePrefix: prefix,
});

const cluster = new okeSecure.Cluster("app-cluster", {
    compartmentId: compartmentId,
    vcnId: network.vcnId,
    apiSubnetId: network.apiSubnetId,
    apiNsgIds: [network.apiNsgId],
    lbSubnetIds: [network.lbSubnetId],
    cluster: { kubernetes_version: version },
    cni: "vcn-native",
    servicesCidr: "10.96.0.0/16",
    secretsKeyId: keys.secretsKeyId,
    imageSigningKeyId: keys.imageSigningKeyId,
    namePrefix: prefix,
});

const podSubnetId = present(network.podSubnetId, "network.podSubnetId");
const podNsgId = present(network.podNsgId, "network.podNsgId");

const workloadTags = new okeSecure.WorkloadTags("app-workload-tags", {
    compartmentId: compartmentId,
    namePrefix: prefix,
});

const apiPool = new okeSecure.NodePool("app-pool-api", {
    compartmentId: compartmentId,
    tenancyId: tenancyId,
    clusterId: cluster.clusterId,
    kubernetesVersion: version,
    pool: { name: "api", size: 3, namespaces: ["api"] },
    workerSubnetId: network.workerSubnetId,
    workerNsgIds: [network.workerNsgId],
    podSubnetId: podSubnetId,
    podNsgIds: [podNsgId],
    cni: "vcn-native",
    bootVolumeKeyId: keys.bootVolumeKeyId,
    tagNamespace: workloadTags.namespaceName,
    tagKey: workloadTags.keyName,
    namePrefix: prefix,
});

const systemPool = new okeSecure.NodePool("app-pool-system", {
    compartmentId: compartmentId,
    tenancyId: tenancyId,
    clusterId: cluster.clusterId,
    kubernetesVersion: version,
    pool: { name: "system", system: true, size: 3 },
    workerSubnetId: network.workerSubnetId,
    workerNsgIds: [network.workerNsgId],
    podSubnetId: podSubnetId,
    podNsgIds: [podNsgId],
    cni: "vcn-native",
    bootVolumeKeyId: keys.bootVolumeKeyId,
    tagNamespace: workloadTags.namespaceName,
    tagKey: workloadTags.keyName,
    namePrefix: prefix,
});

const access = new okeSecure.Access("app-access", {
    compartmentId: compartmentId,
    targetSubnetId: network.apiSubnetId,
    bastion: { client_cidrs: config.requireObject<string[]>("bastionClientCidrs") },
    namePrefix: prefix,
});

new okeSecure.Detection("app-detection", {
    compartmentId: compartmentId,
    tenancyId: tenancyId,
    namePrefix: prefix,
});

export const clusterId = cluster.clusterId;
export const kubeconfig = pulumi.secret(cluster.kubeconfig);
export const bastionId = access.bastionId;
export const nodePoolIds = { api: apiPool.nodePoolId, system: systemPool.nodePoolId };
