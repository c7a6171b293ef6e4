//! What a task's image pull finds in this account's registry.

use crate::ecr::state::{registry, Ecr};

impl Ecr {
    /// Why a task's container cannot pull `image`, when it names a repository of this account's
    /// registry that does not hold it (other registries are assumed to hold what they are asked
    /// for).
    pub fn pull_error(&self, image: &str) -> Option<String> {
        let rest = image.strip_prefix(&format!("{}/", registry()))?;
        let (name, reference) = match rest.split_once('@') {
            Some((n, digest)) => (n, digest.to_string()),
            None => match rest.rsplit_once(':') {
                Some((n, tag)) if !tag.contains('/') => (n, tag.to_string()),
                _ => (rest, "latest".to_string()),
            },
        };
        let present = self
            .repositories
            .iter()
            .find(|r| r.name == name)
            .is_some_and(|r| {
                r.images
                    .iter()
                    .any(|i| i.digest == reference || i.tags.contains(&reference))
            });
        (!present).then(|| {
            let full =
                if reference.starts_with("sha256:") { format!("{}/{name}@{reference}", registry()) } else { format!("{}/{name}:{reference}", registry()) };
            format!("CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref {full}: {full}: not found")
        })
    }
}
