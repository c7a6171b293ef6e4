//! Every lesson in lessons/ is replayed headlessly: its solution must reach every goal step by
//! step, and neither doing nothing nor any of its listed wrong attempts may pass, so no lesson can
//! rot or be too loose.

use ecs_sandbox_awscli::lesson::{attempt, replay_solution, Lesson};

fn lessons() -> Vec<(String, Lesson)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons");
    let mut out = vec![];
    for entry in std::fs::read_dir(dir).expect("lessons/") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json")
            || path.file_name().and_then(|n| n.to_str()) == Some("index.json")
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let lesson = Lesson::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            path.file_stem().and_then(|s| s.to_str()),
            Some(lesson.id.as_str()),
            "a lesson's file is named after its id"
        );
        out.push((path.display().to_string(), lesson));
    }
    assert!(out.len() >= 7, "the lessons are there");
    out
}

#[test]
fn every_solution_reaches_every_goal() {
    for (path, lesson) in lessons() {
        replay_solution(&lesson).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}

#[test]
fn doing_nothing_or_a_wrong_attempt_does_not_pass() {
    for (path, lesson) in lessons() {
        assert!(
            !attempt(&lesson, &[]).expect("set-up").0,
            "{path}: the goal holds before the learner did anything"
        );
        if lesson.kind == ecs_sandbox_awscli::lesson::LessonKind::Level {
            assert!(
                !lesson.wrong.is_empty(),
                "{path}: a level lists at least one wrong attempt"
            );
        }
        for wrong in &lesson.wrong {
            assert!(
                !attempt(&lesson, wrong).expect("set-up").0,
                "{path}: a wrong attempt passes: {wrong:?}"
            );
        }
    }
}

#[test]
fn a_walkthrough_is_not_done_until_its_last_step_is_done() {
    for (path, lesson) in lessons() {
        if lesson.kind != ecs_sandbox_awscli::lesson::LessonKind::Walkthrough {
            continue;
        }
        let (last, before) = lesson.steps.split_last().expect("steps");
        // Everything but the payoff, then time passing and an unrelated look around.
        let mut skipped: Vec<String> = before.iter().flat_map(|s| s.solution().to_vec()).collect();
        skipped.push("sandbox advance 10m".into());
        skipped.push("aws ecs list-clusters".into());
        let (done, at) = attempt(&lesson, &skipped).expect("set-up");
        assert!(
            !done && at == before.len(),
            "{path}: skipping the last step (\"{}\") still finishes the lesson (ends on step {})",
            last.title,
            at + 1
        );
        let all = lesson.solution();
        assert_eq!(
            attempt(&lesson, &all).expect("set-up"),
            (true, lesson.steps.len()),
            "{path}: the solution, followed as the page follows it, finishes"
        );
    }
}

#[test]
fn the_lesson_index_lists_every_lesson() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons");
    let index: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}/index.json")).expect("lessons/index.json"),
    )
    .expect("index is JSON");
    let mut listed: Vec<String> = index
        .iter()
        .filter_map(|e| e.get("id").and_then(|i| i.as_str()).map(String::from))
        .collect();
    let mut present: Vec<String> = lessons().into_iter().map(|(_, l)| l.id).collect();
    listed.sort();
    present.sort();
    assert_eq!(listed, present);
}

#[test]
fn bad_lesson_files_are_refused_with_a_reason() {
    assert!(Lesson::parse("{")
        .unwrap_err()
        .starts_with("not a valid lesson file"));
    assert!(Lesson::parse(
        r#"{"format":"x","id":"a","kind":"level","title":"t","summary":"s","steps":[]}"#
    )
    .unwrap_err()
    .contains("\"format\""));
    let no_expectation = r#"{"format":"ecs-sandbox-lesson","id":"a","kind":"level","title":"t","summary":"s",
        "steps":[{"title":"s","text":"t","goal":[{"says":"x","query":"now"}]}]}"#;
    assert!(Lesson::parse(no_expectation)
        .unwrap_err()
        .contains("expects nothing"));
    let bad_query = r#"{"format":"ecs-sandbox-lesson","id":"a","kind":"level","title":"t","summary":"s",
        "steps":[{"title":"s","text":"t","goal":[{"says":"x","query":"tasks[?","equals":1}]}]}"#;
    assert!(Lesson::parse(bad_query).unwrap_err().contains("bad query"));
    let unknown_key = r#"{"format":"ecs-sandbox-lesson","id":"a","kind":"level","title":"t","summary":"s","stpes":[]}"#;
    assert!(Lesson::parse(unknown_key).is_err());
}

#[test]
fn spreading_by_zone_passes_by_design_not_by_a_lucky_draw() {
    let (_, lesson) = lessons()
        .into_iter()
        .find(|(_, l)| l.id == "spread-azs")
        .expect("spread-azs");
    // Constraints that leave one zone each are a deliberate answer too.
    let by_constraints: Vec<String> = ["us-east-1a", "us-east-1b", "us-east-1c"]
        .iter()
        .map(|z| format!("aws ecs run-task --cluster ECSDemo --task-definition web --placement-constraints \"type=memberOf,expression=attribute:ecs.availability-zone == {z}\""))
        .chain(["sandbox advance 1m".to_string()])
        .collect();
    assert!(attempt(&lesson, &by_constraints).expect("set-up").0);
    // Spread over instances lands one task per zone for some seeds only: never a pass.
    for seed in 0..8 {
        let mut lucky = lesson.clone();
        lucky.seed = seed;
        let attempt_ = vec![
            "aws ecs run-task --cluster ECSDemo --task-definition web --count 3 --placement-strategy type=spread,field=instanceId".to_string(),
            "sandbox advance 1m".to_string(),
        ];
        assert!(
            !attempt(&lucky, &attempt_).expect("set-up").0,
            "seed {seed}"
        );
    }
}
