//! Account settings: put-account-setting(-default), list-account-settings, delete-account-setting.
//!
//! The sandbox's caller is the account's root user, so a setting put without `--principal-arn` is
//! the account default. What a setting changes in the simulation: `containerInsights` is the
//! default of the `containerInsights` setting of clusters created afterwards. The others are kept
//! and listed (ARNs are always in the long format, as for every account since 2021).

use crate::catalogue::ACCOUNT_ID;
use crate::ecs::state::{AccountSetting, SettingName};
use crate::error::{AwsError, AwsResult};
use crate::wire::page;
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PutAccountSettingRequest {
    pub name: String,
    pub value: String,
    pub principal_arn: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ListAccountSettingsRequest {
    pub name: Option<String>,
    pub value: Option<String>,
    pub principal_arn: Option<String>,
    #[serde(default)]
    pub effective_settings: bool,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DeleteAccountSettingRequest {
    pub name: String,
    pub principal_arn: Option<String>,
}

/// The sandbox's caller: the account's root user.
pub fn root_arn() -> String {
    format!("arn:aws:iam::{ACCOUNT_ID}:root")
}

fn setting_json(name: SettingName, value: &str, principal: &str) -> serde_json::Value {
    let kind = if name == SettingName::GuardDutyActivate {
        "aws_managed"
    } else {
        "user"
    };
    json!({"name": name.as_str(), "value": value, "principalArn": principal, "type": kind})
}

fn check_principal(principal: &str) -> AwsResult<()> {
    let iam = format!("arn:aws:iam::{ACCOUNT_ID}:");
    let ok = principal.strip_prefix(&iam).is_some_and(|rest| {
        rest == "root" || rest.starts_with("user/") || rest.starts_with("role/")
    });
    if ok {
        Ok(())
    } else {
        Err(AwsError::invalid_parameter(format!(
            "Invalid principal ARN '{principal}': use the root user ({}) or a user or role of account {ACCOUNT_ID}. (sandbox wording)",
            root_arn()
        )))
    }
}

impl World {
    /// The value in force for a principal: its own setting, else the root user's, else the default.
    pub fn effective_setting(&self, name: SettingName, principal: &str) -> &str {
        let set = |p: &str| {
            self.ecs
                .account_settings
                .iter()
                .find(|s| s.name == name && s.principal_arn == p)
                .map(|s| s.value.as_str())
        };
        set(principal)
            .or_else(|| set(&root_arn()))
            .unwrap_or(name.default_value())
    }

    fn put_setting(
        &mut self,
        name: &str,
        value: &str,
        principal: String,
    ) -> AwsResult<serde_json::Value> {
        let name = SettingName::parse(name)?;
        check_principal(&principal)?;
        if name == SettingName::GuardDutyActivate {
            return Err(AwsError::invalid_parameter("guardDutyActivate is read-only: Amazon GuardDuty manages it for the account. (sandbox wording)"));
        }
        if name == SettingName::FargateTaskRetirementWaitPeriod && principal != root_arn() {
            return Err(AwsError::invalid_parameter("fargateTaskRetirementWaitPeriod can only be set for the root user. (sandbox wording)"));
        }
        if !name.values().contains(&value) {
            return Err(AwsError::invalid_parameter(format!(
                "Invalid value '{value}' for {}. Valid values: {}. (sandbox wording)",
                name.as_str(),
                name.values().join(", ")
            )));
        }
        let setting = AccountSetting {
            name,
            value: value.to_string(),
            principal_arn: principal,
        };
        let out = setting_json(name, &setting.value, &setting.principal_arn);
        match self
            .ecs
            .account_settings
            .iter_mut()
            .find(|s| s.name == name && s.principal_arn == setting.principal_arn)
        {
            Some(existing) => *existing = setting,
            None => self.ecs.account_settings.push(setting),
        }
        Ok(json!({ "setting": out }))
    }

    pub(crate) fn ecs_put_account_setting(
        &mut self,
        req: PutAccountSettingRequest,
    ) -> AwsResult<serde_json::Value> {
        self.put_setting(
            &req.name,
            &req.value,
            req.principal_arn.unwrap_or_else(root_arn),
        )
    }

    pub(crate) fn ecs_put_account_setting_default(
        &mut self,
        req: PutAccountSettingRequest,
    ) -> AwsResult<serde_json::Value> {
        self.put_setting(&req.name, &req.value, root_arn())
    }

    pub(crate) fn ecs_list_account_settings(
        &self,
        req: ListAccountSettingsRequest,
    ) -> AwsResult<serde_json::Value> {
        let principal = req.principal_arn.clone().unwrap_or_else(root_arn);
        check_principal(&principal)?;
        let only = req.name.as_deref().map(SettingName::parse).transpose()?;
        let names = SettingName::ALL
            .into_iter()
            .filter(|n| only.is_none_or(|o| o == *n));
        let listed: Vec<AccountSetting> = if req.effective_settings {
            // Every setting with the value in force; a value that comes from the root user or the
            // default is listed under the root user.
            names
                .map(|name| {
                    let own = self
                        .ecs
                        .account_settings
                        .iter()
                        .any(|s| s.name == name && s.principal_arn == principal);
                    let principal_arn = if own { principal.clone() } else { root_arn() };
                    AccountSetting {
                        name,
                        value: self.effective_setting(name, &principal).to_string(),
                        principal_arn,
                    }
                })
                .collect()
        } else {
            names
                .filter_map(|n| {
                    self.ecs
                        .account_settings
                        .iter()
                        .find(|s| s.name == n && s.principal_arn == principal)
                        .cloned()
                })
                .collect()
        };
        let out: Vec<serde_json::Value> = listed
            .iter()
            .filter(|s| req.value.as_ref().is_none_or(|want| &s.value == want))
            .map(|s| setting_json(s.name, &s.value, &s.principal_arn))
            .collect();
        let (out, next) = page(&out, req.max_results, req.next_token.as_deref(), 100)?;
        Ok(crate::wire::with_next(json!({ "settings": out }), next))
    }

    pub(crate) fn ecs_delete_account_setting(
        &mut self,
        req: DeleteAccountSettingRequest,
    ) -> AwsResult<serde_json::Value> {
        let name = SettingName::parse(&req.name)?;
        let principal = req.principal_arn.unwrap_or_else(root_arn);
        check_principal(&principal)?;
        let value = match self
            .ecs
            .account_settings
            .iter()
            .position(|s| s.name == name && s.principal_arn == principal)
        {
            Some(i) => self.ecs.account_settings.remove(i).value,
            None => self.effective_setting(name, &principal).to_string(),
        };
        Ok(json!({ "setting": setting_json(name, &value, &principal) }))
    }
}

#[cfg(test)]
mod tests {
    use super::SettingName;

    #[test]
    fn settings_are_listed_in_alphabetical_order() {
        let names: Vec<&str> = SettingName::ALL.iter().map(|n| n.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
    }
}
