//! Lessons: walkthroughs of the course demos and graded levels, as data (lessons/*.json, schema in
//! lessons/README.md). A lesson prepares a world (seed, files, set-up commands), then asks for one
//! goal per step. Goals are predicates over `sandbox state` (JMESPath queries with an expected
//! value), never the exact commands typed, so any correct solution passes.

use crate::{MemoryFiles, Sandbox};
use ecs_sandbox_engine::World;
use serde::Deserialize;
use serde_json::Value;

pub const FORMAT: &str = "ecs-sandbox-lesson";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LessonKind {
    /// A course demo, step by step: what to type and why.
    Walkthrough,
    /// A challenge: a goal, hints and a solution to reveal.
    Level,
}

/// A file the lesson gives the learner (for `file://`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonFile {
    pub name: String,
    pub body: String,
}

/// One predicate: the JMESPath `query` over `sandbox state` must give `equals`, or a number at
/// least `atLeast` / at most `atMost`. The state's `activity` holds only what was done since the
/// step began, so a goal on it needs the step's own action. With `request` (a path such as
/// `/api/users`), the query runs instead over what a GET of that path through the first load
/// balancer's port-80 listener would do: `{"status": 200, "targetGroup": "users-tg", "task": "…",
/// "steps": […]}` (a probe of the configuration; nothing is sent). With `sent` (a path), it runs
/// over the learner's own latest request to that path since the step began (`{"status": 200,
/// "targetGroup": …, "host": …}`; `{"status": 0, "sent": false}` when there is none).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Check {
    /// The goal in words, as the learner sees it.
    pub says: String,
    pub query: String,
    #[serde(default)]
    pub request: Option<String>,
    #[serde(default)]
    pub sent: Option<String>,
    #[serde(default)]
    pub equals: Option<Value>,
    #[serde(default)]
    pub at_least: Option<f64>,
    #[serde(default)]
    pub at_most: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Step {
    pub title: String,
    /// What to do and why, before the step.
    pub text: String,
    /// Files to save for this step (the files panel; the solution saves them first).
    #[serde(default)]
    pub files: Vec<LessonFile>,
    /// For walkthroughs: the commands to type (each with a copy button). Also the step's solution
    /// when `solution` is empty.
    #[serde(default)]
    pub commands: Vec<String>,
    pub goal: Vec<Check>,
    #[serde(default)]
    pub hints: Vec<String>,
    /// Commands that reach the goal, revealed on request (levels).
    #[serde(default)]
    pub solution: Vec<String>,
    /// What just happened, shown once the goal holds (pointing at the graph).
    #[serde(default)]
    pub explain: String,
}

impl Step {
    pub fn solution(&self) -> &[String] {
        if self.solution.is_empty() {
            &self.commands
        } else {
            &self.solution
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Lesson {
    pub format: String,
    pub id: String,
    pub kind: LessonKind,
    pub title: String,
    pub summary: String,
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default)]
    pub files: Vec<LessonFile>,
    /// Commands that prepare the world before the learner starts.
    #[serde(default)]
    pub setup: Vec<String>,
    pub steps: Vec<Step>,
    /// Attempts that must not pass (checked by the tests, so a goal cannot be too loose).
    #[serde(default)]
    pub wrong: Vec<Vec<String>>,
}

fn default_seed() -> u64 {
    42
}

/// How one check came out, with what the query gave (for "why not yet").
#[derive(Debug, Clone, PartialEq)]
pub struct CheckResult {
    pub says: String,
    pub passed: bool,
    pub got: String,
}

impl Lesson {
    /// Reads a lesson file, with a clear reason when it is not a valid lesson.
    pub fn parse(text: &str) -> Result<Lesson, String> {
        // Through a `Value` and the engine's object-only reader: no second typed JSON parser in the
        // web build.
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("not a valid lesson file: {e}"))?;
        let lesson = Lesson::deserialize(ecs_sandbox_engine::request::Body(&value))
            .map_err(|e| format!("not a valid lesson file: {e}"))?;
        if lesson.format != FORMAT {
            return Err(format!(
                "not a valid lesson file: \"format\" must be \"{FORMAT}\""
            ));
        }
        if lesson.steps.is_empty() {
            return Err("not a valid lesson file: a lesson needs at least one step".into());
        }
        for (n, step) in lesson.steps.iter().enumerate() {
            if step.goal.is_empty() {
                return Err(format!(
                    "not a valid lesson file: step {} ({}) has no goal",
                    n + 1,
                    step.title
                ));
            }
            for c in &step.goal {
                if c.request.is_some() && c.sent.is_some() {
                    return Err(format!("not a valid lesson file: the check \"{}\" has both \"request\" and \"sent\" (one probes, the other reads what was sent)", c.says));
                }
                if c.equals.is_none() && c.at_least.is_none() && c.at_most.is_none() {
                    return Err(format!("not a valid lesson file: the check \"{}\" expects nothing (give equals, atLeast or atMost)", c.says));
                }
                crate::output::check_query(&c.query).map_err(|e| {
                    format!(
                        "not a valid lesson file: the check \"{}\" has a bad query: {e}",
                        c.says
                    )
                })?;
            }
        }
        Ok(lesson)
    }

    /// The prepared world: the lesson's seed, its files, and its set-up commands run. Err names the
    /// set-up command that failed (a broken lesson, not the learner's fault).
    pub fn start(&self) -> Result<(Sandbox, MemoryFiles), String> {
        let mut sandbox = Sandbox::new(self.seed);
        let mut files = MemoryFiles::default();
        for f in &self.files {
            files.0.insert(f.name.clone(), f.body.clone());
        }
        for line in &self.setup {
            for ran in sandbox.run_text(line, &files) {
                if ran.outcome.exit_code != 0 {
                    return Err(setup_failed(&ran.command, &ran.outcome.stderr));
                }
            }
        }
        Ok((sandbox, files))
    }

    /// Every command of the reference solution, in order (its length is the golf par).
    pub fn solution(&self) -> Vec<String> {
        self.steps
            .iter()
            .flat_map(|s| s.solution().iter().cloned())
            .collect()
    }

    /// The checks of step `n` against the world, counting all the activity kept.
    pub fn check(&self, n: usize, world: &World) -> Vec<CheckResult> {
        self.check_since(n, world, 0)
    }

    /// The checks of step `n` against the world, with the activity after the mark `since` (when
    /// the step began).
    pub fn check_since(&self, n: usize, world: &World, since: u64) -> Vec<CheckResult> {
        let Some(step) = self.steps.get(n) else {
            return vec![];
        };
        let state = crate::state::summary_since(world, since);
        step.goal
            .iter()
            .map(|c| match (&c.request, &c.sent) {
                (Some(path), _) => check(c, &request(world, path)),
                (None, Some(path)) => check(c, &sent(world, since, path)),
                (None, None) => check(c, &state),
            })
            .collect()
    }

    fn holds(&self, n: usize, world: &World, since: u64) -> bool {
        self.check_since(n, world, since).iter().all(|r| r.passed)
    }

    /// The first step whose goal does not hold yet (== steps.len() when the lesson is done),
    /// every step checked against the world as it is, with all the activity kept (`ecs-sandbox
    /// lesson check`, which keeps no position between runs).
    pub fn progress(&self, world: &World) -> usize {
        (0..self.steps.len())
            .find(|&n| !self.holds(n, world, 0))
            .unwrap_or(self.steps.len())
    }

    /// Where a learner starts: step 1, counting what is done from now on.
    pub fn begin(&self, world: &World) -> Position {
        Position {
            since: world.activity().last_seq(),
            ..Position::default()
        }
    }

    /// After a change of the world: passes the current step if its goal now holds. A step is only
    /// ever passed by a change made while it is the current one. Returns true when it passed.
    pub fn after_change(&self, pos: &mut Position, world: &World) -> bool {
        // An undo can take activity back: what comes next must still count.
        pos.since = pos.since.min(world.activity().last_seq());
        if pos.passed || pos.step >= self.steps.len() || !self.holds(pos.step, world, pos.since) {
            return false;
        }
        self.pass(pos, world);
        true
    }

    fn pass(&self, pos: &mut Position, world: &World) {
        pos.since = world.activity().last_seq();
        if pos.step + 1 >= self.steps.len() {
            pos.step = self.steps.len();
            pos.passed = false;
        } else {
            pos.passed = true;
            // Whether the next step's goal already holds as it begins (done ahead).
            pos.ahead = self.holds(pos.step + 1, world, pos.since);
        }
    }

    /// Moves on from a passed step (the learner's "Next step"). The next step passes at once only
    /// if its goal holds by then, which the page says (done ahead, or done before Next). Returns
    /// true when that passed it.
    pub fn next(&self, pos: &mut Position, world: &World) -> bool {
        if !pos.passed {
            return false;
        }
        pos.step += 1;
        pos.passed = false;
        self.after_change(pos, world)
    }
}

/// Where a learner is in a lesson. Kept with the session, so a reload or a link keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    /// The step the learner is on (== steps.len() when the lesson is done).
    pub step: usize,
    /// The step's goal was reached; its explanation shows until the learner moves on.
    pub passed: bool,
    /// The activity mark when the step began: only what was done after it counts.
    pub since: u64,
    /// The next step's goal already held when this one passed (the learner did it ahead).
    #[serde(default)]
    pub ahead: bool,
}

impl Position {
    pub fn done(&self, lesson: &Lesson) -> bool {
        self.step >= lesson.steps.len()
    }
}

/// The learner's latest request to `path` since the mark (what a `sent` goal reads).
fn sent(world: &World, since: u64, path: &str) -> Value {
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let last = world
        .activity()
        .since(since)
        .filter_map(|a| match &a.did {
            ecs_sandbox_engine::activity::Did::Request(r) if r.path == path => Some(r),
            _ => None,
        })
        .last();
    match last {
        Some(r) => crate::state::sent_json(r),
        None => serde_json::json!({"status": 0, "sent": false}),
    }
}

/// A GET of `path` through the first load balancer (on a copy of the world: checking changes
/// nothing).
fn request(world: &World, path: &str) -> Value {
    let Some(lb) = world.elbv2().load_balancers().first() else {
        return serde_json::json!({"status": 0, "steps": ["there is no load balancer"]});
    };
    let mut copy = world.clone();
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let r = ecs_sandbox_engine::elbv2::routing::Request {
        host: &lb.dns_name,
        port: 80,
        path,
        query,
        method: "GET",
        headers: &[],
        source_ip: "203.0.113.10",
    };
    let route = copy.route(&r);
    let tg = route
        .target_group
        .as_ref()
        .and_then(|arn| world.elbv2().target_groups().iter().find(|t| &t.arn == arn))
        .map(|t| t.name.clone());
    serde_json::json!({"status": route.status, "targetGroup": tg, "task": route.task, "steps": route.steps})
}

fn check(c: &Check, state: &Value) -> CheckResult {
    let got = match crate::output::query(&c.query, state) {
        Ok(v) => v,
        Err(e) => {
            return CheckResult {
                says: c.says.clone(),
                passed: false,
                got: e,
            }
        }
    };
    let number = got.as_f64();
    let passed = c.equals.as_ref().is_none_or(|want| same(want, &got))
        && c.at_least
            .is_none_or(|min| number.is_some_and(|n| n >= min))
        && c.at_most.is_none_or(|max| number.is_some_and(|n| n <= max));
    CheckResult {
        says: c.says.clone(),
        passed,
        got: got.to_string(),
    }
}

/// JSON equality where 2 and 2.0 are the same number.
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Why a lesson could not start: its set-up command failed (a broken lesson, not the learner's
/// fault).
pub fn setup_failed(command: &str, stderr: &str) -> String {
    format!(
        "the lesson's set-up failed at `{command}`: {}",
        stderr.trim()
    )
}

/// The world after the given commands (run after the lesson's set-up, with all its files saved).
pub fn world_after(lesson: &Lesson, commands: &[String]) -> Result<World, String> {
    let (mut sandbox, mut files) = lesson.start()?;
    for step in &lesson.steps {
        for f in &step.files {
            files.0.insert(f.name.clone(), f.body.clone());
        }
    }
    for c in commands {
        sandbox.run_text(c, &files);
    }
    Ok(sandbox.world)
}

/// Follows a lesson as the page does with the given commands, moving on after each passed step:
/// whether it ends done, and the step it ends on.
pub fn attempt(lesson: &Lesson, commands: &[String]) -> Result<(bool, usize), String> {
    let (mut sandbox, mut files) = lesson.start()?;
    for step in &lesson.steps {
        for f in &step.files {
            files.0.insert(f.name.clone(), f.body.clone());
        }
    }
    let mut pos = lesson.begin(&sandbox.world);
    for c in commands {
        sandbox.run_text(c, &files);
        lesson.after_change(&mut pos, &sandbox.world);
        while pos.passed {
            lesson.next(&mut pos, &sandbox.world);
        }
    }
    Ok((pos.done(lesson), pos.step))
}

/// Plays the lesson's reference solution step by step as the learner would meet it: no step's
/// goal may hold as it begins (it would pass without its commands), and each must hold after
/// them. Err says which step failed and what its checks saw.
pub fn replay_solution(lesson: &Lesson) -> Result<(), String> {
    let (mut sandbox, mut files) = lesson.start()?;
    let mut pos = lesson.begin(&sandbox.world);
    for (n, step) in lesson.steps.iter().enumerate() {
        if pos.step != n || pos.passed {
            return Err(format!(
                "step {} ({}): its goal already holds as it begins, so it would pass without its commands",
                n + 1,
                step.title
            ));
        }
        for f in &step.files {
            files.0.insert(f.name.clone(), f.body.clone());
        }
        for c in step.solution() {
            for ran in sandbox.run_text(c, &files) {
                if ran.outcome.exit_code != 0 {
                    return Err(format!(
                        "step {} ({}): `{}` failed: {}",
                        n + 1,
                        step.title,
                        ran.command,
                        ran.outcome.stderr.trim()
                    ));
                }
            }
            lesson.after_change(&mut pos, &sandbox.world);
        }
        if pos.step == n && !pos.passed {
            let failed: Vec<String> = lesson
                .check_since(n, &sandbox.world, pos.since)
                .into_iter()
                .filter(|r| !r.passed)
                .map(|r| format!("\"{}\" (the query gave {})", r.says, r.got))
                .collect();
            return Err(format!(
                "step {} ({}): the goal does not hold: {}",
                n + 1,
                step.title,
                failed.join("; ")
            ));
        }
        lesson.next(&mut pos, &sandbox.world);
    }
    Ok(())
}
