//! Firings on the virtual clock: each due rule runs its targets' tasks like RunTask.

use crate::clock::Millis;
use crate::events::state::{RuleState, HISTORY};
use crate::world::World;
use serde_json::json;

impl World {
    pub(crate) fn events_next_event(&self) -> Option<Millis> {
        self.events
            .rules
            .iter()
            .filter(|r| r.state == RuleState::Enabled)
            .filter_map(|r| r.next_fire)
            .min()
    }

    /// Fires the rules that are due: each ECS target runs its task like RunTask.
    pub(crate) fn events_tick(&mut self) {
        let now = self.now;
        for idx in 0..self.events.rules.len() {
            while let Some(at) = self.events.rules[idx]
                .next_fire
                .filter(|t| *t <= now && self.events.rules[idx].state == RuleState::Enabled)
            {
                let rule = self.events.rules[idx].clone();
                for t in &rule.targets {
                    let note = match &t.ecs_parameters {
                        Some(p) => {
                            let body = json!({
                                "cluster": t.arn,
                                "taskDefinition": p.task_definition_arn,
                                "count": p.task_count.unwrap_or(1),
                                "launchType": p.launch_type,
                                "networkConfiguration": p.network_configuration,
                                "group": p.group,
                                "placementConstraints": p.placement_constraints,
                                "placementStrategy": p.placement_strategy,
                                "startedBy": format!("events-rule/{}", rule.name),
                            });
                            let body = crate::wire::strip_nulls(body);
                            // The rule's call, not the learner's: not in the activity record.
                            match self.call_unrecorded(crate::world::Service::Ecs, "RunTask", body)
                            {
                                Ok(out) => {
                                    let started =
                                        out["tasks"].as_array().map(|a| a.len()).unwrap_or(0);
                                    let failures =
                                        out["failures"].as_array().map(|a| a.len()).unwrap_or(0);
                                    format!(
                                        "{}: target {} started {started} task(s){}",
                                        crate::clock::iso8601(at as i64),
                                        t.id,
                                        if failures > 0 {
                                            format!(", {failures} could not be placed")
                                        } else {
                                            String::new()
                                        }
                                    )
                                }
                                Err(e) => format!(
                                    "{}: target {} failed: {}",
                                    crate::clock::iso8601(at as i64),
                                    t.id,
                                    e
                                ),
                            }
                        }
                        None => format!(
                            "{}: target {} is not an ECS target; the sandbox only runs ECS targets",
                            crate::clock::iso8601(at as i64),
                            t.id
                        ),
                    };
                    let r = &mut self.events.rules[idx];
                    r.history.insert(0, note);
                    r.history.truncate(HISTORY);
                }
                let r = &mut self.events.rules[idx];
                // Always forward: a schedule that cannot name a later firing stops firing.
                r.next_fire = r
                    .schedule
                    .as_ref()
                    .and_then(|s| s.next_after(at, r.since))
                    .filter(|next| *next > at);
            }
        }
    }
}
