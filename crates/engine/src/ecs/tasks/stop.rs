//! stop-task.

use crate::ecs::ids::short_id;
use crate::ecs::tasks::lifecycle::finish_stop;
use crate::ecs::types::{DesiredStatus, StopCode, TaskStatus};
use crate::error::{AwsError, AwsResult};
use crate::world::World;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct StopTaskRequest {
    pub cluster: Option<String>,
    pub task: String,
    pub reason: Option<String>,
}

impl World {
    pub(crate) fn task_index(&self, cluster: &str, reference: &str) -> Option<usize> {
        let id = short_id(reference);
        self.ecs
            .tasks
            .iter()
            .position(|t| t.cluster == cluster && t.id == id)
    }

    pub(crate) fn ecs_stop_task(&mut self, req: StopTaskRequest) -> AwsResult<serde_json::Value> {
        let cluster = self.active_cluster(req.cluster.as_deref())?.name.clone();
        let idx = self
            .task_index(&cluster, &req.task)
            .ok_or_else(|| AwsError::invalid_parameter("The referenced task was not found."))?;
        let now = self.now;
        let t = &mut self.ecs.tasks[idx];
        if t.desired_status != DesiredStatus::Stopped {
            t.desired_status = DesiredStatus::Stopped;
            t.stop_code = Some(StopCode::UserInitiated);
            t.stopped_reason = Some(
                req.reason
                    .clone()
                    .unwrap_or_else(|| "Task stopped by user".into()),
            );
            t.version += 1;
            if t.last_status == TaskStatus::Pending {
                finish_stop(t, now);
            } else {
                t.next_step_at = Some(now);
            }
            self.begin_target_drain(idx);
        }
        let t = self.ecs.tasks[idx].clone();
        Ok(json!({ "task": self.task_json(&t, false) }))
    }
}
