//! The learner's own machine: a model of the docker client (local images, registry logins) from
//! which images are pushed to ECR. A model: no layers, no daemon, just what `docker build`, `tag`,
//! `images`, `login` and `push` show.

pub mod state;

pub use state::*;

use crate::world::World;

impl World {
    /// Random hex digits from the world's generator, for the docker model's image ids and layers.
    pub fn docker_random_hex(&mut self, len: usize) -> String {
        self.rng.hex(len)
    }

    pub fn docker_random_below(&mut self, n: usize) -> usize {
        self.rng.below(n)
    }
}
