//! Which task to stop when a service scales in, by AWS's rules (zones first, then instances).

use crate::ecs::services::state::EcsService;
use crate::ecs::types::{DesiredStatus, Task};
use crate::placement;
use crate::placement::strategies::Strategy;
use crate::world::World;

impl World {
    /// Which task to stop when scaling in (docs/scheduler.md#scale-in): by the service's strategy if it
    /// has one, else from the AZ with the most tasks of the service, then the instance with the
    /// most, then at random.
    pub(crate) fn scale_in_choice(
        &mut self,
        svc: &EcsService,
        candidates: &[usize],
    ) -> Option<usize> {
        if candidates.is_empty() {
            return None;
        }
        let group = svc.group();
        let instance_of = |w: &World, i: usize| {
            w.ecs.tasks[i]
                .container_instance_id
                .clone()
                .unwrap_or_default()
        };
        let zone_of = |w: &World, i: usize| w.ecs.tasks[i].availability_zone.clone();
        let count_on = |w: &World, pred: &dyn Fn(&Task) -> bool| {
            w.ecs
                .tasks
                .iter()
                .filter(|t| {
                    t.group == group
                        && t.cluster == svc.cluster
                        && t.desired_status == DesiredStatus::Running
                        && pred(t)
                })
                .count() as i64
        };
        let binpack = crate::ecs::placement_plan::typed_strategies(&svc.placement_strategy)
            .ok()
            .and_then(|s| {
                s.into_iter().find_map(|x| match x {
                    Strategy::Binpack(f) => Some(f),
                    _ => None,
                })
            });
        let score = |w: &World, i: usize| -> (i64, i64) {
            match binpack {
                // Binpack: stop the task whose instance will have the most free resources
                // afterwards.
                Some(field) => {
                    let ci = w.ecs.host_of(&w.ecs.tasks[i]);
                    let rem = ci.map(|c| crate::ecs::placement_facts::remaining(c, &w.ecs.tasks));
                    let free = match field {
                        placement::BinpackField::Cpu => {
                            rem.map(|r| r.cpu + w.ecs.tasks[i].cpu as i64)
                        }
                        placement::BinpackField::Memory => {
                            rem.map(|r| r.memory + w.ecs.tasks[i].memory as i64)
                        }
                    };
                    (free.unwrap_or(0), 0)
                }
                None => {
                    let z = zone_of(w, i);
                    let inst = instance_of(w, i);
                    (
                        count_on(w, &|t: &Task| t.availability_zone == z),
                        count_on(w, &|t: &Task| {
                            t.container_instance_id.as_deref() == Some(&inst)
                        }),
                    )
                }
            }
        };
        let scored: Vec<(usize, (i64, i64))> =
            candidates.iter().map(|&i| (i, score(self, i))).collect();
        let best = scored.iter().map(|(_, s)| *s).max()?;
        let tied: Vec<usize> = scored
            .into_iter()
            .filter(|(_, s)| *s == best)
            .map(|(i, _)| i)
            .collect();
        Some(tied[self.rng.below(tied.len())])
    }
}
