//! Adopting a course's IDs (`sandbox adopt-id`): a prepared world takes the VPC, subnet and
//! security group IDs a course uses, so its commands run as written.

use crate::world::World;

impl World {
    /// Gives a VPC, subnet or security group the ID a course uses (`vpc-024994381ad361013`), so the
    /// course's commands run verbatim. A set-up step for prepared worlds: only before anything runs
    /// in the account (no instances, load balancers or tasks refer to the old ID yet).
    pub fn adopt_id(&mut self, old: &str, new: &str) -> Result<(), String> {
        let prefix = old.split('-').next().unwrap_or("");
        let well_formed = |id: &str| {
            id.split_once('-').is_some_and(|(p, hex)| {
                p == prefix
                    && (8..=17).contains(&hex.len())
                    && hex
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            })
        };
        if !matches!(prefix, "vpc" | "subnet" | "sg") {
            return Err(format!(
                "only VPC, subnet and security group IDs can be adopted, not '{old}'"
            ));
        }
        if !well_formed(new) {
            return Err(format!(
                "'{new}' is not a {prefix} ID ({prefix}- and 8 to 17 lowercase hex digits)"
            ));
        }
        let e = &self.ec2;
        let exists = |id: &str| {
            e.vpcs.iter().any(|v| v.vpc_id == id)
                || e.subnets.iter().any(|s| s.subnet_id == id)
                || e.security_groups.iter().any(|g| g.group_id == id)
        };
        if !exists(old) {
            return Err(format!("there is no {old}"));
        }
        if exists(new) {
            return Err(format!("{new} is already taken"));
        }
        if !self.ec2.instances.is_empty()
            || !self.elbv2.load_balancers.is_empty()
            || !self.ecs.tasks.is_empty()
        {
            return Err(
                "IDs can only be adopted before anything runs in the account (a set-up step)"
                    .into(),
            );
        }
        let swap = |id: &mut String| {
            if id == old {
                *id = new.to_string();
            }
        };
        for v in &mut self.ec2.vpcs {
            swap(&mut v.vpc_id);
        }
        for s in &mut self.ec2.subnets {
            swap(&mut s.subnet_id);
            swap(&mut s.vpc_id);
        }
        for g in &mut self.ec2.security_groups {
            swap(&mut g.group_id);
            swap(&mut g.vpc_id);
            for p in g.ingress.iter_mut().chain(g.egress.iter_mut()) {
                for pair in &mut p.user_id_group_pairs {
                    if let Some(id) = pair.group_id.as_mut() {
                        swap(id);
                    }
                }
            }
        }
        Ok(())
    }
}
