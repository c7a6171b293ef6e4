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
    /// The prefix of its IAM actions (`ecs` in `ecs:RunTask`; `elasticloadbalancing` for elbv2).
    pub fn action_prefix(self) -> &'static str {
        match self {
            Service::Ecs => "ecs",
            Service::Ec2 => "ec2",
            Service::Elbv2 => "elasticloadbalancing",
            Service::Events => "events",
            Service::Ecr => "ecr",
        }
    }

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
    pub(crate) seed: u64,
    pub(crate) rng: Rng,
    /// Virtual time, epoch milliseconds.
    pub(crate) now: Millis,
    pub(crate) account_id: String,
    pub(crate) region: String,
    pub(crate) ec2: Ec2,
    pub(crate) ecs: Ecs,
    #[serde(default)]
    pub(crate) events: crate::events::state::Events,
    #[serde(default)]
    pub(crate) elbv2: crate::elbv2::state::Elbv2,
    /// Target groups that tasks stopped by the scheduler just left (reported as service events).
    #[serde(skip)]
    pub(crate) draining_note: Vec<String>,
    /// Availability Zones taken down with `sandbox az-down` (a what-if, not an AWS API).
    #[serde(default)]
    pub(crate) impaired_zones: Vec<String>,
    /// The path of the last request sent through a load balancer (`curl`), for the app to
    /// highlight.
    #[serde(skip)]
    pub(crate) last_request: Option<crate::elbv2::state::RequestPath>,
    /// ECR repositories and images (`#[serde(default)]`: state files from before ECR still open).
    #[serde(default)]
    pub(crate) ecr: crate::ecr::state::Ecr,
    /// The learner's own machine: the docker client's local images and registry logins.
    #[serde(default)]
    pub(crate) docker: crate::docker::state::Docker,
    /// The calls made and requests sent (bounded), for lessons that ask to look or to send.
    #[serde(default)]
    pub(crate) activity: crate::activity::Activity,
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
            activity: crate::activity::Activity::default(),
        }
    }
}

/// Read-only views of the world. Outside the engine it changes only through its operations
/// (`dispatch.rs`, `step.rs`, the sandbox's what-ifs, the docker client's operations), so its fields
/// are the engine's own.
impl World {
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Virtual time, epoch milliseconds.
    pub fn now(&self) -> Millis {
        self.now
    }

    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    pub fn ec2(&self) -> &Ec2 {
        &self.ec2
    }

    pub fn ecs(&self) -> &Ecs {
        &self.ecs
    }

    pub fn events(&self) -> &crate::events::state::Events {
        &self.events
    }

    pub fn elbv2(&self) -> &crate::elbv2::state::Elbv2 {
        &self.elbv2
    }

    pub fn ecr(&self) -> &crate::ecr::state::Ecr {
        &self.ecr
    }

    /// The learner's docker client.
    pub fn docker(&self) -> &crate::docker::state::Docker {
        &self.docker
    }

    /// Availability Zones taken down with `sandbox az-down`.
    pub fn impaired_zones(&self) -> &[String] {
        &self.impaired_zones
    }

    /// The calls made and the requests sent, newest last.
    pub fn activity(&self) -> &crate::activity::Activity {
        &self.activity
    }

    /// The path of the last request sent through a load balancer (`curl`).
    pub fn last_request(&self) -> Option<&crate::elbv2::state::RequestPath> {
        self.last_request.as_ref()
    }
}
