//! ECR's state: repositories, their images, and the passwords handed out (12 hours each).

use crate::catalogue::{ACCOUNT_ID, REGION};
use crate::clock::{wire_seconds, Millis};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Ecr {
    pub(crate) repositories: Vec<Repository>,
    /// The passwords `GetAuthorizationToken` handed out that have not expired (docker login must
    /// present one of them; expired ones are dropped when a new one is issued).
    #[serde(default)]
    pub(crate) tokens: Vec<IssuedToken>,
}

/// An ECR password and when it stops working (12 hours after it was issued, as in ECR).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IssuedToken {
    pub password: String,
    pub expires_at: Millis,
}

/// How long an ECR authorization token lasts (docs/ecr-and-docker.md#authorization-tokens).
pub const TOKEN_LIFETIME: Millis = 12 * 3_600_000;

impl Ecr {
    /// The password last handed out (what `aws ecr get-login-password` prints).
    pub fn last_password(&self) -> Option<&str> {
        self.tokens.last().map(|t| t.password.as_str())
    }

    /// When a password this registry issued expires (None: it never issued it).
    pub fn password_expiry(&self, password: &str) -> Option<Millis> {
        self.tokens
            .iter()
            .find(|t| t.password == password)
            .map(|t| t.expires_at)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Repository {
    pub name: String,
    pub created_at: Millis,
    pub tag_mutability: String,
    pub scan_on_push: bool,
    pub images: Vec<Image>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Image {
    pub digest: String,
    pub tags: Vec<String>,
    pub size: u64,
    pub pushed_at: Millis,
}

/// This account's registry host: `123456789012.dkr.ecr.us-east-1.amazonaws.com`.
pub fn registry() -> String {
    format!("{ACCOUNT_ID}.dkr.ecr.{REGION}.amazonaws.com")
}

impl Repository {
    pub fn arn(&self) -> String {
        format!("arn:aws:ecr:{REGION}:{ACCOUNT_ID}:repository/{}", self.name)
    }
    pub fn uri(&self) -> String {
        format!("{}/{}", registry(), self.name)
    }
    pub(crate) fn json(&self) -> Value {
        json!({
            "repositoryArn": self.arn(),
            "registryId": ACCOUNT_ID,
            "repositoryName": self.name,
            "repositoryUri": self.uri(),
            "createdAt": wire_seconds(self.created_at),
            "imageTagMutability": self.tag_mutability,
            "imageScanningConfiguration": {"scanOnPush": self.scan_on_push},
            "encryptionConfiguration": {"encryptionType": "AES256"},
        })
    }
}

/// Read-only views: outside the engine this state changes only through the operations.
impl Ecr {
    pub fn repositories(&self) -> &[Repository] {
        &self.repositories
    }

    pub fn tokens(&self) -> &[IssuedToken] {
        &self.tokens
    }
}
