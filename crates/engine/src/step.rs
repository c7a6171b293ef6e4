//! The virtual clock's step: everything due happens at its instant, in one stated order of the
//! services' reactions.

use crate::clock::Millis;
use crate::world::World;

/// At most this many rounds of scheduler and load balancer reactions at one instant.
const REACTION_ROUNDS: usize = 4;

impl World {
    /// Advances the virtual clock by `ms`, stepping through every lifecycle event on the way in
    /// order.
    pub fn advance(&mut self, ms: Millis) {
        let target = self.now.saturating_add(ms);
        loop {
            // The earliest event still within the advance (the earliest of all, if it is).
            let next = self.next_event().filter(|t| *t <= target);
            match next {
                Some(t) => {
                    self.now = self.now.max(t);
                    self.step();
                }
                None => break,
            }
        }
        self.now = target;
        self.step();
    }

    /// Applies everything due at `self.now`, the services reacting in this order.
    fn step(&mut self) {
        // EC2 instances change state; the agent starts on each one that has just booted.
        for id in self.ec2_tick() {
            self.agent_boot(&id);
        }
        // Agents whose cluster did not exist retry their registration.
        self.agents_tick();
        // Tasks move along their lifecycle (PENDING → RUNNING, STOPPING → STOPPED).
        self.tasks_tick();
        // EventBridge rules that are due run their tasks.
        self.events_tick();
        // The service scheduler reacts to all of the above, and the load balancers' health checks
        // and draining to that; then the scheduler again to what the health checks decided at this
        // same instant, until nothing more changes (a few rounds at most), so no reaction waits
        // for the next step and the world does not depend on how the clock is moved.
        for _ in 0..REACTION_ROUNDS {
            let before = self.reaction_mark();
            self.services_tick();
            self.elb_tick();
            if self.reaction_mark() == before {
                break;
            }
        }
        // Task definition revisions marked for deletion go once nothing uses them.
        self.task_definitions_tick();
    }

    /// What the scheduler and the load balancers react to, summed up cheaply: the tasks' and the
    /// targets' states (a change in either means another round).
    fn reaction_mark(&self) -> (u64, u64) {
        let tasks = self
            .ecs
            .tasks
            .iter()
            .fold(0u64, |h, t| h.wrapping_mul(31).wrapping_add(t.version));
        let targets = self.elbv2.target_groups.iter().fold(0u64, |h, g| {
            g.targets.iter().fold(h, |h, t| {
                h.wrapping_mul(31).wrapping_add(t.state as u64 + 1)
            })
        });
        (tasks.wrapping_add(self.ecs.tasks.len() as u64), targets)
    }

    fn agents_next_event(&self) -> Option<Millis> {
        self.ecs.pending_agents.iter().map(|a| a.next_attempt).min()
    }

    /// When something will next happen on its own (None: the world is at rest).
    pub fn next_event(&self) -> Option<Millis> {
        [
            self.ec2_next_event(),
            self.tasks_next_event(),
            self.agents_next_event(),
            self.events_next_event(),
            self.services_next_event(),
            self.elb_next_event(),
        ]
        .into_iter()
        .flatten()
        .min()
    }
}
