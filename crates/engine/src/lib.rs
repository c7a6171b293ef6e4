//! The ECS sandbox engine: a simulated AWS account (EC2, ECS, ELBv2, EventBridge, ECR and the
//! learner's docker client) that is pure and deterministic.
//!
//! Imports run one way, with no circle (checked by `tests/layering.rs`): the kernel
//! (`clock`, `rng`, `error`, `wire`, `request`, `number`, `protocol`, `attribute`, `catalogue`), the
//! learner's `activity`, each
//! service's state (`*/state.rs`, `ecs/types.rs`), `world` (all the states, the clock and the
//! RNG), each service's behaviour and `cross_service`, then `dispatch` (the one entry point) and
//! `step` (the clock).
//!
//! Boundary: `World::call(service, "OperationName", body)` where `body` is the JSON AWS would
//! receive and the result is the JSON AWS would send, or an `AwsError`. Inside, requests are typed
//! structs. No I/O, no wall clock, no global state: the same seed and calls give the same world,
//! byte for byte.

pub mod activity;
pub mod attribute;
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
