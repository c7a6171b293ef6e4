//! `aws ecr get-login-password` (awscli/customizations/ecr.py): a command of the CLI's own over
//! GetAuthorizationToken that prints the password alone, for `docker login --username AWS
//! --password-stdin`.

use crate::cli::{usage_error, Cli, EXIT_SERVICE};
use crate::Outcome;

/// The command this customization adds to `aws ecr`.
pub(crate) const GET_LOGIN_PASSWORD: &str = "get-login-password";

/// The commands it adds to a service's command table.
pub(crate) fn commands(service: &str) -> Option<&'static str> {
    (service == "ecr").then_some(GET_LOGIN_PASSWORD)
}

impl Cli<'_> {
    /// `aws ecr get-login-password`.
    pub(crate) fn ecr_get_login_password(&mut self, words: &[String]) -> Outcome {
        if let Some(w) = words.first() {
            return usage_error(
                &format!("Unknown options: {}", words.join(", ")),
                &[format!("get-login-password takes no options (besides global ones such as --region); got {w}")],
            );
        }
        match self.world.call(ecs_sandbox_engine::Service::Ecr, "GetAuthorizationToken", serde_json::json!({})) {
            // The token is base64 of `AWS:PASSWORD`; the engine keeps the password it just issued.
            Ok(_) => Outcome::ok(format!("{}\n", self.world.ecr().last_password().unwrap_or_default())),
            Err(e) => Outcome::error(
                &format!("\nAn error occurred ({}) when calling the GetAuthorizationToken operation: {}\n", e.code.as_str(), e.message),
                EXIT_SERVICE,
            ),
        }
    }
}
