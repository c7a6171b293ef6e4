//! A lesson being followed in the page: where the learner is (`Position`: the step, whether its
//! goal was reached, and the mark after which what they do counts), what they revealed, and the
//! explanation of the step they just passed. A step passes only by a change made while it is the
//! current one, and the learner moves on with "Next step"; the lesson files themselves are read by
//! `ecs_sandbox_awscli::lesson` (the same code `ecs-sandbox lesson` and the tests use).

use crate::graph::Graph;
use ecs_sandbox_awscli::lesson::{CheckResult, Lesson, LessonKind, Position};
use ecs_sandbox_engine::World;
use std::rc::Rc;

#[derive(Debug, Clone)]
pub struct ActiveLesson {
    pub lesson: Lesson,
    /// The lesson file as it was opened (kept in the session document, so reloads and links keep
    /// it).
    pub text: String,
    pub pos: Position,
    /// How many of the session's actions were the lesson's own set-up: the learner's count starts
    /// after.
    pub base: usize,
    /// How many output entries the set-up made (folded in the output: the learner's own come
    /// first to the eye).
    pub setup_log: usize,
    pub hints_shown: usize,
    pub solution_shown: bool,
    /// What the step just passed explains (shown until the learner moves on).
    pub explained: Option<String>,
    /// The learner's commands when the lesson was finished (the golf score, frozen at Done).
    pub score: Option<usize>,
    /// The goal as a picture: the graph of the world the reference solution reaches.
    pub goal_picture: Option<Rc<Graph>>,
    /// That world, to say how the account differs from it (`goal_diff`).
    pub goal_world: Option<Rc<World>>,
}

impl ActiveLesson {
    /// The lesson as it begins in `world` (its set-up done).
    pub fn new(lesson: Lesson, text: String, base: usize, world: &World) -> ActiveLesson {
        let goal_world = ecs_sandbox_awscli::lesson::world_after(&lesson, &lesson.solution())
            .ok()
            .map(Rc::new);
        let goal_picture = goal_world.as_ref().map(|w| Rc::new(Graph::of(w)));
        ActiveLesson {
            pos: lesson.begin(world),
            lesson,
            text,
            base,
            setup_log: 0,
            hints_shown: 0,
            solution_shown: false,
            explained: None,
            score: None,
            goal_picture,
            goal_world,
        }
    }

    /// The step the learner is on (== the number of steps when done).
    pub fn step(&self) -> usize {
        self.pos.step
    }

    pub fn done(&self) -> bool {
        self.pos.done(&self.lesson)
    }

    /// Whether the current step's goal was reached and the learner has not moved on yet.
    pub fn passed(&self) -> bool {
        self.pos.passed
    }

    /// A level (golf counts) rather than a walkthrough.
    pub fn is_level(&self) -> bool {
        self.lesson.kind == LessonKind::Level
    }

    /// After a change of the world: passes the current step if its goal now holds. Returns true
    /// when this finished the lesson.
    pub fn update(&mut self, world: &World) -> bool {
        let was_done = self.done();
        let before = self.pos.step;
        if self.lesson.after_change(&mut self.pos, world) {
            self.explain(before, false);
        }
        !was_done && self.done()
    }

    /// The learner's "Next step →". Returns true when the next step passed at once and that
    /// finished the lesson.
    pub fn next(&mut self, world: &World) -> bool {
        if !self.pos.passed {
            return false;
        }
        let ahead = self.pos.ahead;
        let next = self.pos.step + 1;
        self.explained = None;
        self.hints_shown = 0;
        self.solution_shown = false;
        if self.lesson.next(&mut self.pos, world) {
            self.explain(next, ahead);
        }
        self.done()
    }

    /// After an undo: back to the first step whose goal no longer holds, if an earlier one (its
    /// activity counts from now on).
    pub fn after_undo(&mut self, world: &World) {
        let last = self.pos.step.min(self.lesson.steps.len());
        let broken = (0..last).find(|&n| {
            !self
                .lesson
                .check_since(n, world, 0)
                .iter()
                .all(|r| r.passed)
        });
        if let Some(n) = broken {
            self.pos = Position {
                step: n,
                since: world.activity().last_seq(),
                ..Position::default()
            };
            self.explained = None;
            self.score = None;
        }
    }

    /// The explanation of step `n`, just passed.
    fn explain(&mut self, n: usize, ahead: bool) {
        let Some(step) = self.lesson.steps.get(n) else {
            return;
        };
        let mut text = step.explain.clone();
        if ahead {
            text.insert_str(
                0,
                "This already held when the step began: you did it ahead. ",
            );
        }
        self.explained = (!text.trim().is_empty()).then_some(text);
    }

    /// The current step's checks, for "✔ / ✘" beside each goal.
    pub fn checks(&self, world: &World) -> Vec<CheckResult> {
        self.lesson
            .check_since(self.pos.step, world, self.pos.since)
    }

    /// The par of the golf score: the reference solution's commands (the clock not counted).
    pub fn par(&self) -> usize {
        let solution = self.lesson.solution();
        solution.iter().filter(|c| counts_for_golf(c)).count()
    }
}

/// Whether a line counts in the golf score: a command, not a blank line and not the clock (moving
/// time is waiting, as pressing Play is).
pub fn counts_for_golf(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && !line.starts_with("sandbox advance")
}

/// "1 command", "3 commands".
pub fn commands(n: usize) -> String {
    if n == 1 {
        "1 command".into()
    } else {
        format!("{n} commands")
    }
}
