//! Images: describe, list, batch-delete, and a push from the docker client.

use crate::catalogue::ACCOUNT_ID;
use crate::clock::wire_seconds;
use crate::ecr::state::{Image, Repository};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::world::World;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ImageIdentifier {
    pub image_digest: Option<String>,
    pub image_tag: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ImagesRequest {
    pub repository_name: String,
    #[serde(default)]
    pub image_ids: Vec<ImageIdentifier>,
}

impl World {
    fn image_json(repo: &Repository, img: &Image) -> Value {
        json!({
            "registryId": ACCOUNT_ID,
            "repositoryName": repo.name,
            "imageDigest": img.digest,
            "imageTags": img.tags,
            "imageSizeInBytes": img.size,
            "imagePushedAt": wire_seconds(img.pushed_at),
            "imageManifestMediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "artifactMediaType": "application/vnd.docker.container.image.v1+json",
        })
    }

    pub(crate) fn ecr_describe_images(&mut self, r: ImagesRequest) -> AwsResult<Value> {
        let repo = &self.ecr.repositories[self.repository(&r.repository_name)?];
        let mut out = vec![];
        for img in &repo.images {
            if r.image_ids.is_empty() || r.image_ids.iter().any(|id| img.matches(id)) {
                out.push(Self::image_json(repo, img));
            }
        }
        if let Some(missing) = r
            .image_ids
            .iter()
            .find(|id| !repo.images.iter().any(|img| img.matches(id)))
        {
            return Err(AwsError::new(
                ErrorCode::ImageNotFoundException,
                format!(
                    "The image with imageId {{imageDigest:'{}', imageTag:'{}'}} does not exist within the repository with name '{}' in the registry with id '{ACCOUNT_ID}'",
                    missing.image_digest.as_deref().unwrap_or("null"),
                    missing.image_tag.as_deref().unwrap_or("null"),
                    repo.name
                ),
            ));
        }
        Ok(json!({"imageDetails": out}))
    }

    pub(crate) fn ecr_list_images(&mut self, r: ImagesRequest) -> AwsResult<Value> {
        let repo = &self.ecr.repositories[self.repository(&r.repository_name)?];
        let mut ids = vec![];
        for img in &repo.images {
            if img.tags.is_empty() {
                ids.push(json!({"imageDigest": img.digest}));
            }
            for t in &img.tags {
                ids.push(json!({"imageDigest": img.digest, "imageTag": t}));
            }
        }
        Ok(json!({"imageIds": ids}))
    }

    pub(crate) fn ecr_batch_delete_image(&mut self, r: ImagesRequest) -> AwsResult<Value> {
        let i = self.repository(&r.repository_name)?;
        let (mut deleted, mut failures) = (vec![], vec![]);
        for id in &r.image_ids {
            let repo = &mut self.ecr.repositories[i];
            match repo.images.iter().position(|img| img.matches(id)) {
                Some(p) => {
                    let img = &mut repo.images[p];
                    match &id.image_tag {
                        // Deleting by tag removes the tag; the image goes with its last tag.
                        Some(tag) if id.image_digest.is_none() => {
                            img.tags.retain(|t| t != tag);
                            deleted.push(json!({"imageDigest": img.digest, "imageTag": tag}));
                            if img.tags.is_empty() {
                                repo.images.remove(p);
                            }
                        }
                        _ => {
                            deleted.push(json!({"imageDigest": img.digest}));
                            repo.images.remove(p);
                        }
                    }
                }
                None => failures.push(json!({
                    "imageId": {"imageDigest": id.image_digest, "imageTag": id.image_tag},
                    "failureCode": "ImageNotFound",
                    "failureReason": "Requested image not found",
                })),
            }
        }
        Ok(crate::wire::strip_nulls(
            json!({"imageIds": deleted, "failures": failures}),
        ))
    }

    /// Stores an image pushed by the sandbox's `docker push` under `tag` (moving the tag off any
    /// other image, as a mutable repository does). Err: docker's message.
    pub fn ecr_push(&mut self, repository: &str, tag: &str, size: u64) -> Result<String, String> {
        let Ok(i) = self.repository(repository) else {
            return Err(format!("name unknown: The repository with name '{repository}' does not exist in the registry with id '{ACCOUNT_ID}'"));
        };
        let digest = format!("sha256:{}", self.rng.hex(64));
        let now = self.now;
        let repo = &mut self.ecr.repositories[i];
        if repo.tag_mutability.starts_with("IMMUTABLE")
            && repo
                .images
                .iter()
                .any(|img| img.tags.iter().any(|t| t == tag))
        {
            return Err(format!("tag invalid: The image tag '{tag}' already exists in the '{repository}' repository and cannot be overwritten because the repository is immutable."));
        }
        for img in &mut repo.images {
            img.tags.retain(|t| t != tag);
        }
        repo.images.push(Image {
            digest: digest.clone(),
            tags: vec![tag.to_string()],
            size,
            pushed_at: now,
        });
        Ok(digest)
    }
}

impl Image {
    pub(crate) fn matches(&self, id: &ImageIdentifier) -> bool {
        id.image_digest.as_ref().is_none_or(|d| *d == self.digest)
            && id.image_tag.as_ref().is_none_or(|t| self.tags.contains(t))
    }
}
