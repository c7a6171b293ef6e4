//! get-authorization-token: a password for `docker login`, valid 12 hours.

use crate::clock::wire_seconds;
use crate::ecr::state::{registry, IssuedToken, TOKEN_LIFETIME};
use crate::error::AwsResult;
use crate::world::World;
use serde_json::{json, Value};

impl World {
    /// A token for `docker login`: base64 of `AWS:PASSWORD`, valid 12 hours.
    pub(crate) fn ecr_get_authorization_token(&mut self) -> AwsResult<Value> {
        let password = format!("eyJwYXlsb2FkIjoi{}", self.rng.hex(64));
        let token = crate::wire::base64_encode(format!("AWS:{password}").as_bytes());
        let (now, expires_at) = (self.now, self.now + TOKEN_LIFETIME);
        self.ecr.tokens.retain(|t| t.expires_at > now);
        self.ecr.tokens.push(IssuedToken {
            password,
            expires_at,
        });
        Ok(json!({"authorizationData": [{
            "authorizationToken": token,
            "expiresAt": wire_seconds(expires_at),
            "proxyEndpoint": format!("https://{}", registry()),
        }]}))
    }
}
