//! Behaviour that crosses services, each in a module that says so: the ECS agent on an EC2 instance
//! registering it with its cluster, ECS services registering their tasks with ELBv2 target groups,
//! and requests reaching EC2 and ECS addresses through security groups.

pub mod ecs_agent;
pub mod reachability;
pub mod service_load_balancers;
