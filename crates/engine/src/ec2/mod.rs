//! Amazon EC2, as much as ECS needs: the default VPC, subnets, security groups, key pairs, and
//! instances with their lifecycle (pending → running → shutting-down → terminated).

pub mod cidr;
pub mod filters;
pub mod instances;
pub mod key_pairs;
pub mod region;
pub mod requests;
pub mod security_groups;
pub mod state;
pub mod subnets;
pub mod vpcs;

pub use cidr::*;

pub use state::*;
