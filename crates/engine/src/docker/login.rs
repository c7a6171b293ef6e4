//! `docker login`: to this account's ECR registry with a password from `get-login-password` (user
//! `AWS`, not expired), or to any other registry (which the sandbox takes on trust).

use crate::ecr::state::registry;
use crate::world::World;

/// Why a login was refused: docker's message, and a sandbox hint when one helps.
pub struct LoginRefused {
    pub message: String,
    pub hint: Option<String>,
}

impl World {
    /// Logs the client in to `server` (a host, `docker.io` by default).
    pub fn docker_login(
        &mut self,
        server: &str,
        user: Option<&str>,
        password: &str,
    ) -> Result<(), LoginRefused> {
        let ours = server == registry();
        let ecr = server.ends_with(".amazonaws.com") && server.contains(".dkr.ecr.");
        let expires_at = self.ecr.password_expiry(password);
        let valid = expires_at.is_some_and(|at| at > self.now);
        if ecr && !(ours && user == Some("AWS") && valid) {
            let hint = if !ours {
                Some(format!(
                    "[sandbox hint] a password from `aws ecr get-login-password` logs in to this account's registry, {}; {server} is another account's.\n",
                    registry()
                ))
            } else if expires_at.is_some() {
                Some("[sandbox hint] that password has expired (ECR passwords last 12 hours): run `aws ecr get-login-password` again.\n".into())
            } else {
                None
            };
            return Err(LoginRefused {
                message: format!("Error response from daemon: login attempt to https://{server}/v2/ failed with status: 400 Bad Request"),
                hint,
            });
        }
        if ecr {
            self.docker.ecr_login_expires_at = expires_at;
        }
        if !self.docker.logins.iter().any(|l| l == server) {
            self.docker.logins.push(server.to_string());
        }
        Ok(())
    }
}
