//! Local images: `docker build` makes one (an id, its references and a size), `docker tag` adds a
//! reference, `docker images` lists them.

use crate::docker::state::LocalImage;
use crate::ecs::tasks::image_pull::image_pull_error;
use crate::world::World;

/// `name` → `name:latest`; a reference that already has a tag (after the last `/`) or a digest
/// stays.
pub fn with_tag(reference: &str) -> String {
    let last = reference.rsplit('/').next().unwrap_or(reference);
    if last.contains(':') || reference.contains('@') {
        reference.to_string()
    } else {
        format!("{reference}:latest")
    }
}

/// Docker's reference rules, loosely: lowercase path components, an optional registry host and tag.
pub fn valid_reference(reference: &str) -> bool {
    image_pull_error(reference).is_none()
}

/// A built image: its id and the references it was tagged with.
pub struct Built {
    pub id: String,
    pub references: Vec<String>,
}

impl World {
    /// The local images, oldest first (`docker images` shows them newest first).
    pub fn docker_images(&self) -> &[LocalImage] {
        &self.docker.images
    }

    /// The local image a name (`name[:tag]`) or an id prefix of at least 4 digits names.
    pub(crate) fn docker_find(&self, name: &str) -> Option<usize> {
        let wanted = with_tag(name);
        self.docker.images.iter().position(|i| {
            i.references.contains(&wanted) || (name.len() >= 4 && i.id.starts_with(name))
        })
    }

    /// `docker build [-t TAG] CONTEXT`: a new image, which takes the tag from any other image.
    /// Err: docker's message.
    pub fn docker_build(&mut self, tag: Option<&str>) -> Result<Built, String> {
        if let Some(t) = tag {
            if !valid_reference(t) {
                return Err(format!("invalid argument \"{t}\" for \"-t, --tag\" flag: invalid reference format: repository name must be lowercase"));
            }
        }
        let id = self.rng.hex(12);
        let size = 150_000_000 + self.rng.below(100) as u64 * 1_000_000;
        let references: Vec<String> = tag.iter().map(|t| with_tag(t)).collect();
        for r in &references {
            for i in &mut self.docker.images {
                i.references.retain(|x| x != r);
            }
        }
        let now = self.now;
        self.docker.images.push(LocalImage {
            id: id.clone(),
            references: references.clone(),
            size,
            created_at: now,
        });
        Ok(Built { id, references })
    }

    /// `docker tag SOURCE TARGET`. Err: docker's message.
    pub fn docker_tag(&mut self, source: &str, target: &str) -> Result<(), String> {
        let Some(i) = self.docker_find(source) else {
            return Err(format!(
                "Error response from daemon: No such image: {}",
                with_tag(source)
            ));
        };
        if !valid_reference(target) {
            return Err(format!("Error parsing reference: \"{target}\" is not a valid repository/tag: invalid reference format"));
        }
        let target = with_tag(target);
        for img in &mut self.docker.images {
            img.references.retain(|r| *r != target);
        }
        self.docker.images[i].references.push(target);
        Ok(())
    }
}
