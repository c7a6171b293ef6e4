//! `docker push`: a local image's reference to this account's ECR registry (logged in, password
//! not expired); Docker Hub and other registries are not simulated.

use crate::docker::images::with_tag;
use crate::ecr::state::registry;
use crate::world::World;

/// A pushed image: the repository it went to, its tag, the layers pushed and the digest.
pub struct Pushed {
    pub name: String,
    pub tag: String,
    pub layers: Vec<String>,
    pub digest: String,
}

/// Why a push failed: docker's message, and the repository it had started on (docker prints "The
/// push refers to repository [...]" first).
pub struct PushFailed {
    pub repository: Option<String>,
    pub message: String,
}

impl PushFailed {
    fn before_start(message: String) -> PushFailed {
        PushFailed {
            repository: None,
            message,
        }
    }
}

impl World {
    /// Pushes the local image `reference` (`name[:tag]`).
    pub fn docker_push(&mut self, reference: &str) -> Result<Pushed, PushFailed> {
        let full = with_tag(reference);
        let Some(i) = self
            .docker_find(reference)
            .filter(|&i| self.docker.images[i].references.contains(&full))
        else {
            return Err(PushFailed::before_start(format!(
                "An image does not exist locally with the tag: {}",
                full.rsplit_once(':').map(|(a, _)| a).unwrap_or(&full)
            )));
        };
        let (name, tag) = full
            .rsplit_once(':')
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .unwrap_or((full.clone(), "latest".into()));
        let Some((host, repository)) = name.split_once('/').filter(|(h, _)| h.contains('.')) else {
            return Err(PushFailed::before_start(format!(
                "[sandbox] pushing to Docker Hub is not simulated; tag the image for this account's ECR registry ({}/REPOSITORY) and push that",
                registry()
            )));
        };
        let failed = |message: String| PushFailed {
            repository: Some(name.clone()),
            message,
        };
        if !self.docker.logins.iter().any(|l| l == host) {
            return Err(failed("no basic auth credentials".into()));
        }
        if host != registry() {
            return Err(failed(format!(
                "[sandbox] pushing to {host} is not simulated"
            )));
        }
        if self
            .docker
            .ecr_login_expires_at
            .is_some_and(|at| at <= self.now)
        {
            return Err(failed(
                "denied: Your authorization token has expired. Reauthenticate and try again."
                    .into(),
            ));
        }
        let size = self.docker.images[i].size;
        let digest = self
            .ecr_push(repository, &tag, size)
            .map_err(|e| failed(e.to_string()))?;
        let layers = (0..3).map(|_| self.rng.hex(12)).collect();
        Ok(Pushed {
            name,
            tag,
            layers,
            digest,
        })
    }
}
