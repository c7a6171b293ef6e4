//! EC2's customizations (awscli/customizations/ec2/).

pub(crate) mod addcount;
pub(crate) mod runinstances;
pub(crate) mod secgroupsimplify;
