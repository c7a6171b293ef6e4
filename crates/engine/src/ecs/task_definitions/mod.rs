//! Task definitions: registration with AWS's validation, revisions, describe, list, deregister
//! and delete.

pub mod deletion;
pub mod describe;
pub mod register;
pub mod validation;
