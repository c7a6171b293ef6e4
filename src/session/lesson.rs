//! The session's lesson: starting one (its set-up run once, under the replay's bounds), following
//! it (goals checked after each change, Next step), leaving it, and the golf score.

use super::{bounds, Action, Replaced, Session};
use crate::lessons::ActiveLesson;
use ecs_sandbox_awscli::lesson::Lesson;

impl Session {
    /// Starts a lesson from its file: a fresh world from the lesson's seed, its files and set-up
    /// (the set-up shows in the output, so the learner sees how the world was prepared). Err: why
    /// the file is not a lesson, and nothing changes.
    pub fn start_lesson(&mut self, text: &str) -> Result<(), String> {
        let lesson = Lesson::parse(text)?;
        // A lesson from a file or a link is untrusted: its set-up runs under the replay's bounds.
        let setup: Vec<Action> = (lesson.files.iter())
            .chain(lesson.steps.iter().flat_map(|s| &s.files))
            .map(|f| Action::File {
                name: f.name.clone(),
                body: f.body.clone(),
            })
            .chain(lesson.setup.iter().map(|l| Action::Run(l.clone())))
            .collect();
        bounds::check(&setup)
            .map_err(|why| format!("the lesson asks for more than the sandbox runs: {why}"))?;
        // The set-up runs once, in a fresh session that replaces this one only if every command
        // succeeded.
        let mut fresh = Session::with_seed(lesson.seed);
        for f in &lesson.files {
            fresh.save_file(&f.name, &f.body);
        }
        for line in &lesson.setup {
            fresh.actions.push(Action::Run(line.clone()));
            let before = fresh.log.len();
            fresh.apply_run(line);
            if let Some(failed) = fresh.log[before..].iter().find(|e| !e.ok) {
                return Err(ecs_sandbox_awscli::lesson::setup_failed(
                    &failed.command,
                    &failed.stderr,
                ));
            }
        }
        let setup_log = fresh.log.len();
        fresh.history = self.history.clone();
        fresh.cursor = fresh.history.len();
        fresh.progress = self.progress.clone();
        fresh.note(&format!("lesson \"{}\" started", lesson.title));
        fresh.lesson = Some(ActiveLesson::new(
            lesson,
            text.to_string(),
            fresh.actions.len(),
            &fresh.sandbox.world,
        ));
        if let Some(l) = fresh.lesson.as_mut() {
            l.setup_log = setup_log;
        }
        fresh.lesson_progress();
        self.replace_with(fresh, Replaced::Lesson);
        Ok(())
    }

    /// Stops following the lesson (the world stays as it is; the sandbox from before the lesson
    /// stays restorable).
    pub fn leave_lesson(&mut self) {
        self.lesson = None;
        if let Some(e) = self.earlier.as_mut().filter(|e| e.why == Replaced::Lesson) {
            e.why = Replaced::LeftLesson;
        }
    }

    /// The learner's commands since the lesson started (the golf score).
    pub fn lesson_commands(&self) -> usize {
        let base = self.lesson.as_ref().map_or(0, |l| l.base);
        let lines = |t: &String| {
            t.lines()
                .filter(|l| crate::lessons::counts_for_golf(l))
                .count()
        };
        self.actions
            .iter()
            .skip(base)
            .filter_map(|a| {
                if let Action::Run(t) = a {
                    Some(lines(t))
                } else {
                    None
                }
            })
            .sum()
    }

    /// After a change: move the lesson past the goals that now hold, and record a finished lesson.
    pub(super) fn lesson_progress(&mut self) {
        let used = self.lesson_commands();
        let Some(l) = self.lesson.as_mut() else {
            return;
        };
        if l.update(&self.sandbox.world) {
            self.lesson_finished(used);
        }
    }

    /// The learner's "Next step →" in the lesson.
    pub fn next_step(&mut self) {
        let used = self.lesson_commands();
        let Some(l) = self.lesson.as_mut() else {
            return;
        };
        if l.next(&self.sandbox.world) {
            self.lesson_finished(used);
        }
    }

    /// Records a finished lesson: the score frozen, the best kept.
    fn lesson_finished(&mut self, used: usize) {
        let Some(l) = self.lesson.as_mut() else {
            return;
        };
        l.score = Some(used);
        let (id, title, par, level) = (
            l.lesson.id.clone(),
            l.lesson.title.clone(),
            l.par(),
            l.is_level(),
        );
        let best = self.progress.entry(id).or_insert(used);
        *best = (*best).min(used);
        if level {
            self.note(&format!(
                "lesson \"{title}\" done in {} (the reference solution takes {par})",
                crate::lessons::commands(used)
            ));
        } else {
            self.note(&format!("lesson \"{title}\" done"));
        }
    }
}
