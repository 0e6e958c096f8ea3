"""Resource type tokens the policies look at (pulumi-oci and pulumi-kubernetes)."""

CLUSTER = "oci:ContainerEngine/cluster:Cluster"
NODE_POOL = "oci:ContainerEngine/nodePool:NodePool"
VIRTUAL_NODE_POOL = "oci:ContainerEngine/virtualNodePool:VirtualNodePool"
ADDON = "oci:ContainerEngine/addon:Addon"
VCN = "oci:Core/vcn:Vcn"
SUBNET = "oci:Core/subnet:Subnet"
ROUTE_TABLE = "oci:Core/routeTable:RouteTable"
ROUTE_TABLE_ATTACHMENT = "oci:Core/routeTableAttachment:RouteTableAttachment"
SECURITY_LIST = "oci:Core/securityList:SecurityList"
DEFAULT_SECURITY_LIST = "oci:Core/defaultSecurityList:DefaultSecurityList"
DEFAULT_ROUTE_TABLE = "oci:Core/defaultRouteTable:DefaultRouteTable"
NSG = "oci:Core/networkSecurityGroup:NetworkSecurityGroup"
NSG_RULE = "oci:Core/networkSecurityGroupSecurityRule:NetworkSecurityGroupSecurityRule"
INTERNET_GATEWAY = "oci:Core/internetGateway:InternetGateway"
NAT_GATEWAY = "oci:Core/natGateway:NatGateway"
SERVICE_GATEWAY = "oci:Core/serviceGateway:ServiceGateway"
LOG = "oci:Logging/log:Log"
LOG_GROUP = "oci:Logging/logGroup:LogGroup"
VAULT = "oci:Kms/vault:Vault"
KEY = "oci:Kms/key:Key"
DYNAMIC_GROUP = "oci:Identity/dynamicGroup:DynamicGroup"
IAM_POLICY = "oci:Identity/policy:Policy"
COMPARTMENT = "oci:Identity/compartment:Compartment"
BASTION = "oci:Bastion/bastion:Bastion"
REPOSITORY = "oci:Artifacts/containerRepository:ContainerRepository"
CONTAINER_CONFIGURATION = "oci:Artifacts/containerConfiguration:ContainerConfiguration"
CLOUD_GUARD_TARGET = "oci:CloudGuard/target:Target"
CONTAINER_SCAN_RECIPE = "oci:VulnerabilityScanning/containerScanRecipe:ContainerScanRecipe"
CONTAINER_SCAN_TARGET = "oci:VulnerabilityScanning/containerScanTarget:ContainerScanTarget"

K8S_NAMESPACE = "kubernetes:core/v1:Namespace"
K8S_NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
K8S_SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount"
K8S_SERVICE = "kubernetes:core/v1:Service"
K8S_SECRET = "kubernetes:core/v1:Secret"
K8S_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role"
K8S_CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"
K8S_ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
K8S_CLUSTER_ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"
K8S_RESOURCE_QUOTA = "kubernetes:core/v1:ResourceQuota"
K8S_LIMIT_RANGE = "kubernetes:core/v1:LimitRange"
K8S_VAP = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy"
K8S_VAP_BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding"
K8S_SERVICE_ACCOUNT_PATCH = "kubernetes:core/v1:ServiceAccountPatch"
K8S_POD = "kubernetes:core/v1:Pod"
K8S_DEPLOYMENT = "kubernetes:apps/v1:Deployment"
K8S_STATEFUL_SET = "kubernetes:apps/v1:StatefulSet"
K8S_DAEMON_SET = "kubernetes:apps/v1:DaemonSet"
K8S_REPLICA_SET = "kubernetes:apps/v1:ReplicaSet"
K8S_JOB = "kubernetes:batch/v1:Job"
K8S_CRON_JOB = "kubernetes:batch/v1:CronJob"
K8S_SECRET_PROVIDER_CLASS = "kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass"
#: Kubernetes kinds that carry a pod template (CL-5, NP-6).
K8S_WORKLOADS = (K8S_POD, K8S_DEPLOYMENT, K8S_STATEFUL_SET, K8S_DAEMON_SET, K8S_REPLICA_SET, K8S_JOB, K8S_CRON_JOB)

#: OCI resources that must not live in the tenancy root (IAM-1).
OKE_AND_NETWORK = (
    CLUSTER,
    NODE_POOL,
    VIRTUAL_NODE_POOL,
    VCN,
    SUBNET,
    ROUTE_TABLE,
    SECURITY_LIST,
    NSG,
    INTERNET_GATEWAY,
    NAT_GATEWAY,
    SERVICE_GATEWAY,
    VAULT,
    KEY,
    BASTION,
    REPOSITORY,
)

TAG_NAMESPACE = "oci:Identity/tagNamespace:TagNamespace"
TAG = "oci:Identity/tag:Tag"
TAG_DEFAULT = "oci:Identity/tagDefault:TagDefault"
#: IAM resources OCI creates only in the tenancy's home region (DEP-1).
IDENTITY = (COMPARTMENT, DYNAMIC_GROUP, IAM_POLICY, TAG_NAMESPACE, TAG, TAG_DEFAULT)
K8S_PROVIDER = "pulumi:providers:kubernetes"
