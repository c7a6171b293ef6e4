//! The docker client's state: local images and the registries it is logged in to.

use crate::clock::Millis;
use serde::{Deserialize, Serialize};

/// The docker client on the learner's machine: images built or tagged there, and the registries it
/// is logged in to. A model: no layers, no daemon, just what `docker build/tag/images/login/push`
/// need.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Docker {
    pub(crate) images: Vec<LocalImage>,
    pub(crate) logins: Vec<String>,
    /// When the ECR password docker logged in with expires: pushes after that are denied.
    #[serde(default)]
    pub(crate) ecr_login_expires_at: Option<Millis>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LocalImage {
    /// 12 hex digits, as `docker images` shows them.
    pub id: String,
    /// `name:tag` references, e.g. `cda-flask-app:latest`.
    pub references: Vec<String>,
    pub size: u64,
    pub created_at: Millis,
}

/// Read-only views: outside the engine this state changes only through the operations.
impl Docker {
    pub fn images(&self) -> &[LocalImage] {
        &self.images
    }

    pub fn logins(&self) -> &[String] {
        &self.logins
    }

    pub fn ecr_login_expires_at(&self) -> Option<Millis> {
        self.ecr_login_expires_at
    }
}
