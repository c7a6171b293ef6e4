//! The ECS sandbox engine: a simulated AWS account (EC2 + ECS so far) that is pure and
//! deterministic.
//!
//! Boundary: `World::call(service, "OperationName", body)` where `body` is the JSON AWS would
//! receive and the result is the JSON AWS would send, or an `AwsError`. Inside, requests are typed
//! structs. No I/O, no wall clock, no global state: the same seed and calls give the same world,
//! byte for byte.

pub mod catalogue;
pub mod clock;
pub mod cross_service;
pub mod dispatch;
pub mod docker;
pub mod ec2;
pub mod ecr;
pub mod ecs;
pub mod elbv2;
pub mod error;
pub mod events;
pub mod number;
pub mod placement;
pub mod pricing;
pub mod protocol;
pub mod queries;

pub mod request;
pub mod rng;
pub mod sandbox;
pub mod step;
pub mod wire;
pub mod world;

pub use error::{AwsError, AwsResult, ErrorCode};

pub use world::{Service, World};
