//! The AZ-outage what-if (`sandbox az-down ZONE` / `az-up`): not an AWS API, the sandbox's model of
//! an Availability Zone going dark (docs/lifecycles.md#az-outage).

use crate::world::World;

impl World {
    /// Takes a whole Availability Zone down (the sandbox's model of an AZ outage): its instances
    /// become unreachable, so their agents disconnect and their tasks are lost; new instances
    /// cannot launch there. The schedulers react as ECS does. Returns what went down.
    pub fn az_down(&mut self, zone: &str) -> Result<(usize, usize), String> {
        if !crate::catalogue::AVAILABILITY_ZONES
            .iter()
            .any(|(z, _)| *z == zone)
        {
            return Err(format!("no Availability Zone '{zone}' in {}", self.region));
        }
        if self.impaired_zones.iter().any(|z| z == zone) {
            return Err(format!("{zone} is already down"));
        }
        self.impaired_zones.push(zone.to_string());
        let now = self.now;
        let mut instances = 0;
        let mut lost = 0;
        for ci in self.ecs.container_instances.iter_mut().filter(|c| {
            c.availability_zone == zone
                && c.status != crate::ecs::types::ContainerInstanceStatus::Inactive
        }) {
            ci.agent_connected = false;
            ci.version += 1;
            instances += 1;
            for t in self.ecs.tasks.iter_mut().filter(|t| {
                t.container_instance_id.as_ref() == Some(&ci.id)
                    && t.last_status != crate::ecs::types::TaskStatus::Stopped
            }) {
                t.stopped_reason = Some(format!("Task stopped: its host in {zone} became unreachable (sandbox model of an Availability Zone outage)."));
                crate::ecs::tasks::lifecycle::finish_stop(t, now);
                lost += 1;
            }
        }
        self.services_tick();
        Ok((instances, lost))
    }

    /// Brings a zone taken down by `az_down` back: its instances reconnect (empty) and can take
    /// tasks.
    pub fn az_up(&mut self, zone: &str) -> Result<usize, String> {
        if !self.impaired_zones.iter().any(|z| z == zone) {
            return Err(format!("{zone} is not down"));
        }
        self.impaired_zones.retain(|z| z != zone);
        let mut back = 0;
        for ci in self.ecs.container_instances.iter_mut().filter(|c| {
            c.availability_zone == zone
                && c.status != crate::ecs::types::ContainerInstanceStatus::Inactive
        }) {
            ci.agent_connected = true;
            ci.version += 1;
            back += 1;
        }
        self.services_tick();
        Ok(back)
    }
}
