//! Static data about the simulated region: availability zones, instance types, AMIs.
//!
//! Registered memory per instance type is an estimate (docs/lifecycles.md#container-instances): AWS documents only a
//! few values (m4.large 7985 MiB, t2.micro 983, t2.medium 3955); the rest are ~96-97 % of nominal.
//! ENI limits are exact (from EC2 DescribeInstanceTypes via the VPC CNI's table).

pub const REGION: &str = "us-east-1";
pub const ACCOUNT_ID: &str = "123456789012";

/// (zone name, zone id) of us-east-1, in the order the default subnets are created.
pub const AVAILABILITY_ZONES: &[(&str, &str)] = &[
    ("us-east-1a", "use1-az6"),
    ("us-east-1b", "use1-az1"),
    ("us-east-1c", "use1-az2"),
    ("us-east-1d", "use1-az4"),
    ("us-east-1e", "use1-az3"),
    ("us-east-1f", "use1-az5"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceType {
    pub name: &'static str,
    pub vcpus: u32,
    pub memory_mib: u32,
    /// What the ECS agent registers as MEMORY (MiB).
    pub registered_memory_mib: u32,
    pub max_enis: u32,
    /// awsvpc task ENIs when the account enables trunking (0: not trunking-capable).
    pub trunk_enis: u32,
    pub arch: &'static str,
}

impl InstanceType {
    /// ECS registers 1024 CPU units per vCPU.
    pub fn cpu_units(&self) -> u32 {
        self.vcpus * 1024
    }
}

const fn it(
    name: &'static str,
    vcpus: u32,
    memory_mib: u32,
    registered_memory_mib: u32,
    max_enis: u32,
    trunk_enis: u32,
) -> InstanceType {
    InstanceType {
        name,
        vcpus,
        memory_mib,
        registered_memory_mib,
        max_enis,
        trunk_enis,
        arch: "x86_64",
    }
}

pub const INSTANCE_TYPES: &[InstanceType] = &[
    it("t2.micro", 1, 1024, 983, 2, 0),
    it("t2.small", 1, 2048, 1987, 3, 0),
    it("t2.medium", 2, 4096, 3955, 3, 0),
    it("t3.micro", 2, 1024, 950, 2, 0),
    it("t3.small", 2, 2048, 1940, 3, 0),
    it("t3.medium", 2, 4096, 3900, 3, 0),
    it("t3.large", 2, 8192, 7800, 3, 0),
    it("m4.large", 2, 8192, 7985, 2, 0),
    it("m5.large", 2, 8192, 7800, 3, 10),
    it("m5.xlarge", 4, 16384, 15700, 4, 20),
    it("m5.2xlarge", 8, 32768, 31400, 4, 40),
    it("c5.large", 2, 4096, 3800, 3, 10),
    it("c5.xlarge", 4, 8192, 7600, 4, 20),
    it("r5.large", 2, 16384, 15700, 3, 10),
];

pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    INSTANCE_TYPES.iter().find(|t| t.name == name)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Image {
    pub image_id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// Whether the ECS container agent starts on boot.
    pub ecs_optimized: bool,
    pub architecture: &'static str,
}

/// The sandbox's AMI catalogue. The first is the course's own ECS-optimized AMI id, so its commands
/// run verbatim; the others are sandbox ids (labelled so in their descriptions).
pub const IMAGES: &[Image] = &[
    Image {
        image_id: "ami-0f161e6034a6262d8",
        name: "amzn2-ami-ecs-hvm-2.0.20211103-x86_64-ebs",
        description: "Amazon Linux AMI 2.0.20211103 x86_64 ECS HVM GP2",
        ecs_optimized: true,
        architecture: "x86_64",
    },
    Image {
        image_id: "ami-0ec5a1f3a2b3c4d50",
        name: "al2023-ami-ecs-hvm-2023.0.20261101-kernel-6.1-x86_64",
        description: "Amazon Linux AMI 2023.0.20261101 x86_64 ECS HVM EBS (sandbox catalogue)",
        ecs_optimized: true,
        architecture: "x86_64",
    },
    Image {
        image_id: "ami-0a1b2c3d4e5f60718",
        name: "al2023-ami-2023.9.20261101.0-kernel-6.1-x86_64",
        description: "Amazon Linux 2023 AMI (plain, no ECS agent; sandbox catalogue)",
        ecs_optimized: false,
        architecture: "x86_64",
    },
];

pub fn image(id: &str) -> Option<&'static Image> {
    IMAGES.iter().find(|i| i.image_id == id)
}

/// ECS container agent version the simulated ECS-optimized AMIs run.
pub const AGENT_VERSION: &str = "1.89.0";
pub const AGENT_HASH: &str = "4a6a8a7b";
pub const DOCKER_VERSION: &str = "DockerVersion: 25.0.8";

/// Ports the agent registers as reserved on every container instance.
pub const RESERVED_PORTS: &[u16] = &[22, 2375, 2376, 51678, 51679];

/// Dynamic host port range of the ECS-optimized AMI (ip_local_port_range).
pub const DYNAMIC_PORT_MIN: u16 = 32768;
pub const DYNAMIC_PORT_MAX: u16 = 60999;

/// Capabilities an ECS-optimized Linux instance advertises (attributes without values).
pub const AGENT_CAPABILITIES: &[&str] = &[
    "com.amazonaws.ecs.capability.logging-driver.awslogs",
    "com.amazonaws.ecs.capability.logging-driver.json-file",
    "com.amazonaws.ecs.capability.docker-remote-api.1.17",
    "com.amazonaws.ecs.capability.docker-remote-api.1.18",
    "com.amazonaws.ecs.capability.docker-remote-api.1.19",
    "com.amazonaws.ecs.capability.docker-remote-api.1.21",
    "com.amazonaws.ecs.capability.docker-remote-api.1.44",
    "com.amazonaws.ecs.capability.ecr-auth",
    "com.amazonaws.ecs.capability.task-iam-role",
    "com.amazonaws.ecs.capability.task-iam-role-network-host",
    "ecs.capability.execution-role-awslogs",
    "ecs.capability.execution-role-ecr-pull",
    "ecs.capability.container-health-check",
    "ecs.capability.task-eni",
    "ecs.capability.secrets.asm.environment-variables",
    "ecs.capability.efsAuth",
];
