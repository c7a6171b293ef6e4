//! The simulated account: every service's state, the virtual clock and the seeded RNG. What
//! changes it lives beside each service's state; `dispatch.rs` is the one entry point
//! (`World::call`) and `step.rs` the clock's step.

use crate::catalogue::{ACCOUNT_ID, REGION};
use crate::clock::{Millis, EPOCH_START};
use crate::ec2::state::Ec2;
use crate::ecs::state::Ecs;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// The services the engine simulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Service {
    Ecs,
    Ec2,
    Elbv2,
    Events,
    Ecr,
}

impl Service {
    /// From the AWS CLI's service command name.
    pub fn from_cli_name(name: &str) -> Option<Service> {
        Some(match name {
            "ecs" => Service::Ecs,
            "ec2" => Service::Ec2,
            "elbv2" => Service::Elbv2,
            "events" => Service::Events,
            "ecr" => Service::Ecr,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct World {
    pub seed: u64,
    pub(crate) rng: Rng,
    /// Virtual time, epoch milliseconds.
    pub now: Millis,
    pub account_id: String,
    pub region: String,
    pub ec2: Ec2,
    pub ecs: Ecs,
    #[serde(default)]
    pub events: crate::events::state::Events,
    #[serde(default)]
    pub elbv2: crate::elbv2::state::Elbv2,
    /// Target groups that tasks stopped by the scheduler just left (reported as service events).
    #[serde(skip)]
    pub(crate) draining_note: Vec<String>,
    /// Availability Zones taken down with `sandbox az-down` (a what-if, not an AWS API).
    #[serde(default)]
    pub impaired_zones: Vec<String>,
    /// The path of the last request sent through a load balancer (`curl`), for the app to
    /// highlight.
    #[serde(skip)]
    pub last_request: Option<crate::elbv2::state::RequestPath>,
    /// ECR repositories and images (`#[serde(default)]`: state files from before ECR still open).
    #[serde(default)]
    pub ecr: crate::ecr::state::Ecr,
    /// The learner's own machine: the docker client's local images and registry logins.
    #[serde(default)]
    pub docker: crate::docker::state::Docker,
}

impl World {
    /// A fresh account: us-east-1 with its default VPC, subnets and security group, at EPOCH_START.
    pub fn new(seed: u64) -> World {
        let mut rng = Rng::new(seed);
        let ec2 = Ec2::with_defaults(&mut rng);
        World {
            seed,
            rng,
            now: EPOCH_START,
            account_id: ACCOUNT_ID.into(),
            region: REGION.into(),
            ec2,
            ecs: Ecs::default(),
            impaired_zones: vec![],
            last_request: None,
            events: crate::events::state::Events::default(),
            elbv2: crate::elbv2::state::Elbv2::default(),
            draining_note: vec![],
            ecr: crate::ecr::state::Ecr::default(),
            docker: crate::docker::state::Docker::default(),
        }
    }
}
