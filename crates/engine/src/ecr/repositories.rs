//! Repositories: create (ECR's naming rule), describe, delete (with its refusals).

use crate::catalogue::ACCOUNT_ID;
use crate::ecr::state::Repository;
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::world::World;
use serde::Deserialize;
use serde_json::{json, Value};

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

pub(crate) fn not_found(name: &str) -> AwsError {
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

impl World {
    pub(crate) fn repository(&self, name: &str) -> AwsResult<usize> {
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
