//! Key pairs: describe, create and delete.

use crate::ec2::requests::{DeleteByIdRequest, DescribeRequest};
use crate::ec2::state::KeyPair;
use crate::error::{AwsError, AwsResult, ErrorCode};
use crate::world::World;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateKeyPairRequest {
    pub key_name: String,
}

impl World {
    pub(crate) fn ec2_describe_key_pairs(
        &self,
        req: DescribeRequest,
    ) -> AwsResult<serde_json::Value> {
        for name in &req.ids {
            if !self.ec2.key_pairs.iter().any(|k| &k.key_name == name) {
                return Err(AwsError::new(
                    ErrorCode::InvalidKeyPairNotFound,
                    format!("The key pair '{name}' does not exist"),
                ));
            }
        }
        let pairs: Vec<_> = self
            .ec2
            .key_pairs
            .iter()
            .filter(|k| req.ids.is_empty() || req.ids.contains(&k.key_name))
            .map(|k| serde_json::json!({"KeyPairId": k.key_pair_id, "KeyFingerprint": k.fingerprint, "KeyName": k.key_name, "KeyType": "rsa", "Tags": []}))
            .collect();
        Ok(serde_json::json!({ "KeyPairs": pairs }))
    }

    pub(crate) fn ec2_create_key_pair(
        &mut self,
        req: CreateKeyPairRequest,
    ) -> AwsResult<serde_json::Value> {
        if self
            .ec2
            .key_pairs
            .iter()
            .any(|k| k.key_name == req.key_name)
        {
            return Err(AwsError::new(
                ErrorCode::InvalidKeyPairDuplicate,
                "The keypair already exists".to_string(),
            ));
        }
        let fp = self.rng.hex(40);
        let fingerprint = fp
            .as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap_or("00"))
            .collect::<Vec<_>>()
            .join(":");
        let key = KeyPair {
            key_name: req.key_name.clone(),
            key_pair_id: format!("key-{}", self.rng.hex(17)),
            fingerprint,
        };
        let material = format!(
            "-----BEGIN RSA PRIVATE KEY-----\nSANDBOX-KEY-{}\n(simulated key material: not a real key)\n-----END RSA PRIVATE KEY-----",
            self.rng.hex(32)
        );
        let out = serde_json::json!({"KeyFingerprint": key.fingerprint, "KeyMaterial": material, "KeyName": key.key_name, "KeyPairId": key.key_pair_id});
        self.ec2.key_pairs.push(key);
        Ok(out)
    }

    pub(crate) fn ec2_delete_key_pair(
        &mut self,
        req: DeleteByIdRequest,
    ) -> AwsResult<serde_json::Value> {
        let before = self.ec2.key_pairs.len();
        self.ec2.key_pairs.retain(|k| {
            Some(&k.key_name) != req.key_name.as_ref()
                && Some(&k.key_pair_id) != req.key_pair_id.as_ref()
        });
        Ok(
            serde_json::json!({ "Return": true, "KeyPairId": if before != self.ec2.key_pairs.len() { req.key_pair_id } else { None } }),
        )
    }
}
