//! A lesson being followed in the page: which step the learner is on, what they revealed, and the
//! explanation of the step they just passed. Goals are checked after every change of the session;
//! the lesson files themselves are read by `ecs_sandbox_awscli::lesson` (the same code `ecs-sandbox
//! lesson` and the tests use).

use crate::graph::Graph;
use ecs_sandbox_awscli::lesson::{CheckResult, Lesson};
use ecs_sandbox_engine::World;
use std::rc::Rc;

#[derive(Debug, Clone)]
pub struct ActiveLesson {
    pub lesson: Lesson,
    /// The lesson file as it was opened (kept in the session document, so reloads and links keep
    /// it).
    pub text: String,
    /// The step the learner is on (== steps.len() when done).
    pub step: usize,
    /// How many of the session's actions were the lesson's own set-up: the learner's count starts
    /// after.
    pub base: usize,
    pub hints_shown: usize,
    pub solution_shown: bool,
    /// What the step just passed explains (shown until the next step passes).
    pub explained: Option<String>,
    /// The goal as a picture: the graph of the world the reference solution reaches.
    pub goal_picture: Option<Rc<Graph>>,
}

impl ActiveLesson {
    pub fn new(lesson: Lesson, text: String, base: usize) -> ActiveLesson {
        let goal_picture = ecs_sandbox_awscli::lesson::world_after(&lesson, &lesson.solution())
            .ok()
            .map(|w| Rc::new(Graph::of(&w)));
        ActiveLesson {
            lesson,
            text,
            step: 0,
            base,
            hints_shown: 0,
            solution_shown: false,
            explained: None,
            goal_picture,
        }
    }

    pub fn done(&self) -> bool {
        self.step >= self.lesson.steps.len()
    }

    /// Moves past every step whose goal now holds. Returns true when this finished the lesson.
    pub fn update(&mut self, world: &World) -> bool {
        let was_done = self.done();
        let reached = self.lesson.progress_from(self.step, world);
        if reached > self.step {
            // What the last step passed explains (nothing, if it has no explanation).
            let explain = &self.lesson.steps[reached - 1].explain;
            self.explained = (!explain.is_empty()).then(|| explain.clone());
            self.step = reached;
            self.hints_shown = 0;
            self.solution_shown = false;
        }
        !was_done && self.done()
    }

    /// The current step's checks, for "✔ / ✘" beside each goal.
    pub fn checks(&self, world: &World) -> Vec<CheckResult> {
        self.lesson.check(self.step, world)
    }

    /// The par of the golf score: the reference solution's length.
    pub fn par(&self) -> usize {
        self.lesson.solution().len()
    }
}
