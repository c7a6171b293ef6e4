//! Following a lesson in the page's session: start, goals checked after each command, the golf
//! score, progress kept with the session (reload, export), undo within the lesson, and bad lesson
//! files refused.
#![cfg(not(target_arch = "wasm32"))]

use ecs_sandbox_web::session::Session;

const BINPACK: &str = include_str!("../lessons/binpack.json");
const EC2_DEMO: &str = include_str!("../lessons/ec2-demo.json");

#[test]
fn a_level_is_passed_by_its_goal_and_scored_by_commands() {
    let mut s = Session::default();
    s.submit("aws ecs list-clusters");
    s.start_lesson(BINPACK).expect("the lesson starts");
    let l = s.lesson.as_ref().expect("active");
    assert_eq!((l.step(), l.done()), (0, false));
    assert_eq!(
        s.sandbox.world.ec2().instances().len(),
        3,
        "the prepared world"
    );
    assert!(l.checks(&s.sandbox.world).iter().all(|c| !c.passed));
    // The goal as a picture: the reference solution's world, all four tasks in one instance box.
    let picture = l.goal_picture.as_ref().expect("a goal picture");
    let boxes: Vec<usize> = picture
        .lanes
        .iter()
        .flat_map(|lane| lane.instances.iter().map(|i| i.tasks.len()))
        .collect();
    assert_eq!(boxes.iter().filter(|n| **n == 4).count(), 1, "{boxes:?}");
    assert_eq!(boxes.iter().sum::<usize>(), 4);
    assert!(
        s.visible_log().iter().any(|e| e
            .command
            .starts_with("aws ecs create-cluster --cluster-name ECSDemo")),
        "the set-up shows"
    );

    // A wrong try does not pass; undo takes it back, but never the lesson's set-up.
    s.submit("aws ecs run-task --cluster ECSDemo --task-definition web --count 4 --placement-strategy type=spread,field=instanceId");
    s.submit("sandbox advance 1m");
    assert!(!s.lesson.as_ref().expect("active").done());
    s.submit("undo");
    s.submit("undo");
    s.submit("undo");
    assert!(s
        .log
        .last()
        .is_some_and(|e| e.stderr.contains("set-up cannot be undone")));
    assert_eq!(s.sandbox.world.ec2().instances().len(), 3);

    s.submit("aws ecs run-task --cluster ECSDemo --task-definition web --count 4 --placement-strategy type=binpack,field=memory\nsandbox advance 1m");
    let l = s.lesson.as_ref().expect("active");
    assert!(l.done());
    assert!(l
        .explained
        .as_deref()
        .is_some_and(|e| e.contains("binpack")));
    assert_eq!(s.lesson_commands(), 1, "the clock is not counted");
    assert_eq!(s.progress.get("binpack"), Some(&1));
    assert!(s.log.iter().any(|e| e
        .stderr
        .contains("done in 1 command (the reference solution takes 1)")));

    // The lesson and the progress outlast a reload (the stored document), the set-up's output
    // still known (it is folded in the page).
    let reopened = Session::from_document(&s.to_document()).expect("reopens");
    let setup = |s: &Session| s.lesson.as_ref().map(|l| l.setup_log);
    assert!(setup(&s).is_some_and(|n| n >= 5), "{:?}", setup(&s));
    assert_eq!(setup(&reopened), setup(&s));
    assert_eq!(reopened.progress.get("binpack"), Some(&1));
    assert!(reopened
        .lesson
        .as_ref()
        .is_some_and(|l| l.done() && l.lesson.id == "binpack"));
    assert_eq!(
        reopened.history_matches("binpack").len(),
        1,
        "the commands typed are the history again"
    );
}

#[test]
fn a_walkthrough_moves_step_by_step_as_goals_hold() {
    let mut s = Session::default();
    s.start_lesson(EC2_DEMO).expect("starts");
    assert_eq!(
        s.sandbox
            .world
            .ec2()
            .subnets()
            .iter()
            .filter(|x| x.subnet_id == "subnet-0b745a24484d91131")
            .count(),
        1,
        "the course's own IDs"
    );
    let at = |s: &Session| s.lesson.as_ref().map(|l| (l.step(), l.passed()));
    s.submit("aws ecs create-cluster --cluster-name ECSDemo");
    assert_eq!(
        at(&s),
        Some((0, true)),
        "passed, with its explanation, until Next"
    );
    s.next_step();
    assert_eq!(at(&s), Some((1, false)));
    let steps = s.lesson.as_ref().expect("active").lesson.steps.clone();
    for step in &steps[1..4] {
        for f in &step.files {
            s.save_file(&f.name, &f.body);
        }
        for c in &step.commands {
            s.submit(c);
        }
        s.submit("sandbox advance 2m");
        assert!(
            s.lesson.as_ref().is_some_and(|l| l.passed()),
            "{} passes",
            step.title
        );
        s.next_step();
    }
    // The last step asks to look at the service: the world already being right is not enough.
    assert_eq!(at(&s), Some((4, false)));
    s.submit("sandbox advance 5m");
    s.submit("aws ecs list-clusters");
    assert_eq!(at(&s), Some((4, false)), "not passed without its action");
    // Its action counts after a reload too, and the position outlasts it.
    let mut s = Session::from_document(&s.to_document()).expect("reopens");
    assert_eq!(at(&s), Some((4, false)));
    for c in &steps[4].commands {
        s.submit(c);
    }
    let l = s.lesson.as_ref().expect("active");
    assert!(l.done(), "{:?}", l.checks(&s.sandbox.world));
    assert!(s.log.iter().any(|e| e.stderr.contains("done")));
    s.leave_lesson();
    assert!(s.lesson.is_none());
    assert_eq!(
        s.sandbox.world.ec2().instances().len(),
        2,
        "leaving keeps the world"
    );
}

#[test]
fn undo_takes_a_lesson_back_to_the_step_whose_goal_it_undid() {
    let mut s = Session::default();
    s.start_lesson(EC2_DEMO).expect("starts");
    s.submit("aws ecs create-cluster --cluster-name ECSDemo");
    s.next_step();
    s.submit("undo");
    let l = s.lesson.as_ref().expect("active");
    assert_eq!((l.step(), l.passed()), (0, false));
    s.submit("aws ecs create-cluster --cluster-name ECSDemo");
    assert!(s.lesson.as_ref().is_some_and(|l| l.passed()));
}

#[test]
fn a_bad_lesson_file_is_refused_and_nothing_changes() {
    let mut s = Session::default();
    s.submit("aws ecs create-cluster --cluster-name keep");
    for bad in [
        "",
        "{",
        "[1,2]",
        r#"{"format":"ecs-sandbox-lesson"}"#,
        &BINPACK.replace("\"setup\": [", "\"setup\": [\"aws ecs nonsense\","),
    ] {
        let e = s.start_lesson(bad).expect_err("refused");
        assert!(e.contains("lesson"), "{e}");
    }
    let broken = BINPACK.replace("\"setup\": [", "\"setup\": [\"aws ecs nonsense\",");
    assert_ne!(broken, BINPACK);
    let e = s.start_lesson(&broken).expect_err("refused");
    assert!(
        e.starts_with("the lesson's set-up failed at `aws ecs nonsense`"),
        "{e}"
    );
    assert!(s.lesson.is_none());
    assert_eq!(s.sandbox.world.ecs().clusters().len(), 1);
    assert_eq!(
        s.visible_log().len(),
        1,
        "the refused set-up's output is not kept either"
    );
}
