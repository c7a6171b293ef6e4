//! Amazon ECR: this account's private repositories and the images pushed to them, and the learner's
//! own machine (a docker client model: local images, registry logins) from which they are pushed. A
//! task whose image names a repository of this account's registry pulls it from here (see
//! `pull_error`).

use crate::catalogue::{ACCOUNT_ID, REGION};
use crate::clock::{wire_seconds, Millis};
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Ecr {
    pub repositories: Vec<Repository>,
    /// The passwords `GetAuthorizationToken` handed out that have not expired (docker login must
    /// present one of them; expired ones are dropped when a new one is issued).
    #[serde(default)]
    pub tokens: Vec<IssuedToken>,
}

/// An ECR password and when it stops working (12 hours after it was issued, as in ECR).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IssuedToken {
    pub password: String,
    pub expires_at: Millis,
}

/// How long an ECR authorization token lasts.
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

/// The docker client on the learner's machine: images built or tagged there, and the registries it
/// is logged in to. A model: no layers, no daemon, just what `docker build/tag/images/login/push`
/// need.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Docker {
    pub images: Vec<LocalImage>,
    pub logins: Vec<String>,
    /// When the ECR password docker logged in with expires: pushes after that are denied.
    #[serde(default)]
    pub ecr_login_expires_at: Option<Millis>,
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
    fn json(&self) -> Value {
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

/// ECR's repository name rule: `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`,
/// 2–256 long.
pub fn valid_repository_name(name: &str) -> bool {
    let component = |c: &str| {
        !c.is_empty()
            && c.split(['.', '_', '-']).all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    };
    (2..=256).contains(&name.len()) && name.split('/').all(component)
}

fn not_found(name: &str) -> AwsError {
    AwsError::new(ErrorCode::RepositoryNotFoundException, format!("The repository with name '{name}' does not exist in the registry with id '{ACCOUNT_ID}'"))
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ScanningConfiguration {
    pub scan_on_push: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CreateRepositoryRequest {
    pub repository_name: String,
    pub image_tag_mutability: Option<String>,
    pub image_scanning_configuration: Option<ScanningConfiguration>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DescribeRepositoriesRequest {
    pub repository_names: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryRequest {
    pub repository_name: String,
    pub force: Option<bool>,
}

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

impl Image {
    fn matches(&self, id: &ImageIdentifier) -> bool {
        id.image_digest.as_ref().is_none_or(|d| *d == self.digest)
            && id.image_tag.as_ref().is_none_or(|t| self.tags.contains(t))
    }
}

impl World {
    fn repository(&self, name: &str) -> AwsResult<usize> {
        self.ecr
            .repositories
            .iter()
            .position(|r| r.name == name)
            .ok_or_else(|| not_found(name))
    }

    pub(crate) fn ecr_create_repository(&mut self, r: CreateRepositoryRequest) -> AwsResult<Value> {
        if !valid_repository_name(&r.repository_name) {
            return Err(AwsError::invalid_parameter(format!(
                "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'' (repository name '{}')",
                r.repository_name
            )));
        }
        if self
            .ecr
            .repositories
            .iter()
            .any(|x| x.name == r.repository_name)
        {
            return Err(AwsError::new(
                ErrorCode::RepositoryAlreadyExistsException,
                format!("The repository with name '{}' already exists in the registry with id '{ACCOUNT_ID}'", r.repository_name),
            ));
        }
        let repo = Repository {
            name: r.repository_name,
            created_at: self.now,
            tag_mutability: r.image_tag_mutability.unwrap_or_else(|| "MUTABLE".into()),
            scan_on_push: r
                .image_scanning_configuration
                .and_then(|s| s.scan_on_push)
                .unwrap_or(false),
            images: vec![],
        };
        let out = json!({"repository": repo.json()});
        self.ecr.repositories.push(repo);
        Ok(out)
    }

    pub(crate) fn ecr_describe_repositories(
        &mut self,
        r: DescribeRepositoriesRequest,
    ) -> AwsResult<Value> {
        let repos: Vec<Value> = match &r.repository_names {
            Some(names) => names
                .iter()
                .map(|n| self.repository(n).map(|i| self.ecr.repositories[i].json()))
                .collect::<AwsResult<_>>()?,
            None => self.ecr.repositories.iter().map(Repository::json).collect(),
        };
        Ok(json!({"repositories": repos}))
    }

    pub(crate) fn ecr_delete_repository(&mut self, r: RepositoryRequest) -> AwsResult<Value> {
        let i = self.repository(&r.repository_name)?;
        if !self.ecr.repositories[i].images.is_empty() && !r.force.unwrap_or(false) {
            return Err(AwsError::new(
                ErrorCode::RepositoryNotEmptyException,
                format!(
                    "The repository with name '{}' in registry with id '{ACCOUNT_ID}' cannot be deleted because it still contains images",
                    r.repository_name
                ),
            ));
        }
        let repo = self.ecr.repositories.remove(i);
        Ok(json!({"repository": repo.json()}))
    }

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

impl World {
    /// Random hex digits from the world's generator, for the docker model's image ids and layers.
    pub fn docker_random_hex(&mut self, len: usize) -> String {
        self.rng.hex(len)
    }

    pub fn docker_random_below(&mut self, n: usize) -> usize {
        self.rng.below(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_names_follow_ecrs_rule() {
        for ok in ["cda-penguin-app", "team/app", "a.b_c-d", "ab"] {
            assert!(valid_repository_name(ok), "{ok}");
        }
        for bad in [
            "A",
            "Upper",
            "a",
            "-a",
            "a-",
            "a//b",
            "a..b",
            "with space",
            "a/",
        ] {
            assert!(!valid_repository_name(bad), "{bad}");
        }
    }
}
