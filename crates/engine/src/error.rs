//! AWS-style errors: the error code a real service would return and its message.

use std::fmt;

/// Error codes the simulated services return, spelled as AWS spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    // ECS
    ClientException,
    InvalidParameterException,
    ClusterNotFoundException,
    ClusterContainsContainerInstancesException,
    ClusterContainsServicesException,
    ClusterContainsTasksException,
    ServiceNotFoundException,
    ServiceNotActiveException,
    TargetNotFoundException,
    LimitExceededException,
    // Elastic Load Balancing v2 (wire codes)
    DuplicateLoadBalancerName,
    LoadBalancerNotFound,
    TargetGroupNotFound,
    ListenerNotFound,
    RuleNotFound,
    PriorityInUse,
    InvalidTarget,
    DuplicateTargetGroupName,
    DuplicateListener,
    InvalidConfigurationRequest,
    SubnetNotFound,
    InvalidSecurityGroup,
    TargetGroupAssociationLimit,
    ResourceInUse,
    ValidationError,
    // EventBridge
    ResourceNotFoundException,
    ValidationException,
    // EC2
    InvalidParameterValue,
    InvalidParameterCombination,
    InvalidParameter,
    MissingParameter,
    InvalidSubnetIdNotFound,
    InvalidSubnetIdMalformed,
    InvalidVpcIdNotFound,
    InvalidVpcRange,
    InvalidSubnetRange,
    InvalidSubnetConflict,
    InvalidGroupNotFound,
    InvalidGroupIdMalformed,
    InvalidGroupDuplicate,
    InvalidPermissionDuplicate,
    InvalidAmiIdNotFound,
    InvalidAmiIdMalformed,
    InvalidKeyPairNotFound,
    InvalidKeyPairDuplicate,
    InvalidInstanceIdNotFound,
    InvalidInstanceIdMalformed,
    InvalidZoneNotFound,
    DependencyViolation,
    InsufficientInstanceCapacity,
    Unsupported,
    // ECR
    RepositoryAlreadyExistsException,
    RepositoryNotFoundException,
    RepositoryNotEmptyException,
    ImageNotFoundException,
    /// The operation exists in AWS but the sandbox does not simulate it.
    SandboxNotSimulated,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            ClientException => "ClientException",
            InvalidParameterException => "InvalidParameterException",
            ClusterNotFoundException => "ClusterNotFoundException",
            ClusterContainsContainerInstancesException => {
                "ClusterContainsContainerInstancesException"
            }
            ClusterContainsServicesException => "ClusterContainsServicesException",
            ClusterContainsTasksException => "ClusterContainsTasksException",
            ServiceNotFoundException => "ServiceNotFoundException",
            ServiceNotActiveException => "ServiceNotActiveException",
            TargetNotFoundException => "TargetNotFoundException",
            LimitExceededException => "LimitExceededException",
            ResourceNotFoundException => "ResourceNotFoundException",
            DuplicateLoadBalancerName => "DuplicateLoadBalancerName",
            LoadBalancerNotFound => "LoadBalancerNotFound",
            TargetGroupNotFound => "TargetGroupNotFound",
            ListenerNotFound => "ListenerNotFound",
            RuleNotFound => "RuleNotFound",
            PriorityInUse => "PriorityInUse",
            InvalidTarget => "InvalidTarget",
            DuplicateTargetGroupName => "DuplicateTargetGroupName",
            DuplicateListener => "DuplicateListener",
            InvalidConfigurationRequest => "InvalidConfigurationRequest",
            SubnetNotFound => "SubnetNotFound",
            InvalidSecurityGroup => "InvalidSecurityGroup",
            TargetGroupAssociationLimit => "TargetGroupAssociationLimit",
            ResourceInUse => "ResourceInUse",
            ValidationError => "ValidationError",
            ValidationException => "ValidationException",
            InvalidParameterValue => "InvalidParameterValue",
            InvalidParameterCombination => "InvalidParameterCombination",
            InvalidParameter => "InvalidParameter",
            MissingParameter => "MissingParameter",
            InvalidSubnetIdNotFound => "InvalidSubnetID.NotFound",
            InvalidSubnetIdMalformed => "InvalidSubnetID.Malformed",
            InvalidVpcIdNotFound => "InvalidVpcID.NotFound",
            InvalidVpcRange => "InvalidVpc.Range",
            InvalidSubnetRange => "InvalidSubnet.Range",
            InvalidSubnetConflict => "InvalidSubnet.Conflict",
            InvalidGroupNotFound => "InvalidGroup.NotFound",
            InvalidGroupIdMalformed => "InvalidGroupId.Malformed",
            InvalidGroupDuplicate => "InvalidGroup.Duplicate",
            InvalidPermissionDuplicate => "InvalidPermission.Duplicate",
            InvalidAmiIdNotFound => "InvalidAMIID.NotFound",
            InvalidAmiIdMalformed => "InvalidAMIID.Malformed",
            InvalidKeyPairNotFound => "InvalidKeyPair.NotFound",
            InvalidKeyPairDuplicate => "InvalidKeyPair.Duplicate",
            InvalidInstanceIdNotFound => "InvalidInstanceID.NotFound",
            InvalidInstanceIdMalformed => "InvalidInstanceID.Malformed",
            InvalidZoneNotFound => "InvalidZone.NotFound",
            DependencyViolation => "DependencyViolation",
            InsufficientInstanceCapacity => "InsufficientInstanceCapacity",
            Unsupported => "Unsupported",
            RepositoryAlreadyExistsException => "RepositoryAlreadyExistsException",
            RepositoryNotFoundException => "RepositoryNotFoundException",
            RepositoryNotEmptyException => "RepositoryNotEmptyException",
            ImageNotFoundException => "ImageNotFoundException",
            SandboxNotSimulated => "SandboxNotSimulated",
        }
    }
}

/// An error response, as the service would send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsError {
    pub code: ErrorCode,
    pub message: String,
}

impl AwsError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AwsError {
            code,
            message: message.into(),
        }
    }
    pub fn client(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ClientException, message)
    }
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidParameterException, message)
    }
    pub fn cluster_not_found() -> Self {
        Self::new(ErrorCode::ClusterNotFoundException, "Cluster not found.")
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for AwsError {}

pub type AwsResult<T> = Result<T, AwsError>;
