//! The session's native tests (the page's model, without a browser).

use super::*;

#[test]
fn playing_the_clock_is_one_action_and_replays_to_the_same_world() {
    let mut s = Session::default();
    s.save_file(
        "u.txt",
        "#!/bin/bash\necho ECS_CLUSTER=demo >> /etc/ecs/ecs.config",
    );
    s.submit("aws ecs create-cluster --cluster-name demo");
    s.submit("aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.micro --count 2 --iam-instance-profile Name=ecsInstanceRole --user-data file://u.txt");
    s.submit("aws ecs register-task-definition --family web --container-definitions name=web,image=nginx,memory=128");
    s.submit("aws ecs create-service --cluster demo --service-name web --task-definition web --desired-count 3");
    // Played in ticks of 500 ms, as the page does at 10×.
    for _ in 0..90 {
        s.advance_clock(5_000);
    }
    assert_eq!(
        s.actions().last(),
        Some(&Action::Advance {
            ms: 5_000,
            times: 90
        })
    );
    let played = serde_json::to_string(&s.sandbox.world).unwrap_or_default();
    let reopened = Session::from_document(&s.to_document()).expect("reopens");
    assert_eq!(
        serde_json::to_string(&reopened.sandbox.world).unwrap_or_default(),
        played
    );
    assert!(
        s.sandbox
            .world
            .ecs()
            .tasks()
            .iter()
            .filter(|t| t.last_status == ecs_sandbox_engine::ecs::types::TaskStatus::Running)
            .count()
            == 3
    );
    s.submit("aws ecs list-clusters");
    s.advance_clock(1_000);
    assert_eq!(
        s.actions().last(),
        Some(&Action::Advance {
            ms: 1_000,
            times: 1
        }),
        "a command in between starts a new stretch"
    );
    s.undo();
    s.undo();
    s.undo();
    assert_eq!(s.actions().len(), 5);
}

#[test]
fn history_search_finds_newest_first_once() {
    let mut s = Session::default();
    s.submit("aws ecs list-clusters");
    s.submit("aws ec2 describe-subnets");
    s.submit("aws ecs list-clusters");
    s.submit("aws ecs list-services --cluster x");
    assert_eq!(
        s.history_matches("ecs list"),
        vec!["aws ecs list-services --cluster x", "aws ecs list-clusters"]
    );
    assert!(s.history_matches("nothing like it").is_empty());
}

#[test]
fn history_walks_back_and_forth() {
    let mut s = Session::default();
    s.submit("aws ecs list-clusters");
    s.submit("aws ec2 describe-vpcs");
    assert_eq!(s.history_prev(), Some("aws ec2 describe-vpcs"));
    assert_eq!(s.history_prev(), Some("aws ecs list-clusters"));
    assert_eq!(s.history_prev(), None);
    assert_eq!(s.history_next(), "aws ec2 describe-vpcs");
    assert_eq!(s.history_next(), "");
}

#[test]
fn commands_log_their_output_and_clear_hides_it() {
    let mut s = Session::default();
    s.submit(
        "aws ecs create-cluster --cluster-name demo\naws ecs describe-clusters --clusters nope",
    );
    assert_eq!(s.visible_log().len(), 2);
    assert!(s.log[0].ok && s.log[0].stdout.contains("\"clusterName\": \"demo\""));
    assert!(s.log[1].stdout.contains("\"reason\": \"MISSING\""));
    s.submit("clear");
    assert!(s.visible_log().is_empty());
    assert_eq!(s.actions().len(), 1, "clear is not part of the session");
}

#[test]
fn files_feed_file_urls() {
    let mut s = Session::default();
    s.save_file(
        " c.json ",
        "[{\"name\":\"a\",\"image\":\"b\",\"memory\":128}]",
    );
    s.submit("aws ecs register-task-definition --family a --container-definitions file://c.json");
    assert!(s.log[0].ok, "{:?}", s.log[0]);
    assert_eq!(s.file_names(), vec!["c.json".to_string()]);
}

#[test]
fn tab_completes_a_unique_word_and_lists_choices() {
    let mut s = Session::default();
    s.submit("aws ecs create-cluster --cluster-name ECSDemo");
    assert_eq!(
        s.complete("aws ecs list-tasks --cluster E"),
        (
            Some("aws ecs list-tasks --cluster ECSDemo ".to_string()),
            vec![]
        )
    );
    let (grown, choices) = s.complete("aws ecs describe-c");
    assert_eq!(
        grown, None,
        "describe-clusters and describe-container-instances share only describe-c"
    );
    assert!(
        choices.contains(&"describe-clusters".to_string())
            && choices.contains(&"describe-container-instances".to_string())
    );
    assert_eq!(s.complete("aws nothing-here "), (None, vec![]));
}

#[test]
fn undo_and_reset_replay_the_log() {
    let mut s = Session::default();
    s.submit("aws ecs create-cluster --cluster-name a");
    s.submit("aws ecs create-cluster --cluster-name b");
    assert_eq!(s.sandbox.world.ecs().clusters().len(), 2);
    s.submit("undo");
    assert_eq!(s.sandbox.world.ecs().clusters().len(), 1);
    assert!(s.log.last().is_some_and(|e| e
        .stderr
        .contains("undid: aws ecs create-cluster --cluster-name b")));
    s.submit("reset");
    assert!(s.sandbox.world.ecs().clusters().is_empty());
    s.submit("undo");
    assert_eq!(
        s.sandbox.world.ecs().clusters().len(),
        1,
        "undo takes a reset back"
    );
    s.submit("undo");
    s.submit("undo");
    assert!(s
        .log
        .last()
        .is_some_and(|e| e.stderr.contains("nothing to undo")));
}

fn clusters(s: &Session) -> Vec<String> {
    let mut names: Vec<String> = s
        .sandbox
        .world
        .ecs()
        .clusters()
        .iter()
        .map(|c| c.name.clone())
        .collect();
    names.sort();
    names
}

#[test]
fn a_reset_survives_a_reload_and_can_be_taken_back_there() {
    let mut s = Session::default();
    s.submit("aws ecs create-cluster --cluster-name mine");
    s.reset();
    let mut reloaded = Session::from_document(&s.to_document()).expect("reopens");
    assert!(clusters(&reloaded).is_empty());
    assert_eq!(reloaded.earlier().map(|e| e.why), Some(Replaced::Reset));
    reloaded.undo();
    assert_eq!(clusters(&reloaded), ["mine"]);
}

#[test]
fn a_lesson_keeps_the_sandbox_it_replaced_and_going_back_is_reversible() {
    let mut s = Session::default();
    s.submit("aws ecs create-cluster --cluster-name mine");
    let lesson = include_str!("../../lessons/ec2-demo.json");
    s.start_lesson(lesson).expect("the lesson starts");
    assert_eq!(
        s.earlier().map(|e| (e.why, e.actions)),
        Some((Replaced::Lesson, 1))
    );
    assert!(
        s.history.iter().any(|h| h.contains("mine")),
        "the learner's history stays"
    );
    s.submit("aws ecs create-cluster --cluster-name in-lesson");
    s.leave_lesson();
    assert_eq!(s.earlier().map(|e| e.why), Some(Replaced::LeftLesson));
    s.restore_earlier();
    assert_eq!(clusters(&s), ["mine"]);
    assert!(s.lesson.is_none());
    assert_eq!(s.earlier().map(|e| e.why), Some(Replaced::Restored));
    // Going back is itself restorable: the lesson's world, where it was left.
    s.restore_earlier();
    assert!(clusters(&s).contains(&"in-lesson".to_string()));
}

#[test]
fn an_empty_session_is_not_kept_but_what_it_could_restore_is() {
    let mut s = Session::default();
    s.submit("aws ecs create-cluster --cluster-name mine");
    s.reset();
    // Nothing done since the reset: replacing it keeps the way back to "mine".
    s.replace_with(Session::default(), Replaced::Import);
    assert_eq!(s.earlier().map(|e| e.why), Some(Replaced::Reset));
    s.restore_earlier();
    assert_eq!(clusters(&s), ["mine"]);
}

#[test]
fn share_links_carry_only_what_was_done() {
    let mut s = Session::default();
    s.submit("aws ecs create-cluster --cluster-name secret-earlier-work");
    s.reset();
    s.submit("aws ecs create-cluster --cluster-name shared");
    let link = s.share_fragment().expect("short enough");
    let shared = Session::from_fragment(&format!("#{link}")).expect("link");
    assert!(shared.earlier().is_none());
    assert!(s.to_document().contains("secret-earlier-work"));
}

#[test]
fn documents_from_before_the_way_back_still_load() {
    let old = "{\"format\":\"ecs-sandbox-session\",\"version\":1,\"seed\":1,\"actions\":[]}";
    let s = Session::from_document(old).expect("an old document loads");
    assert!(s.earlier().is_none());
}

#[test]
fn documents_and_share_links_reproduce_the_world() {
    let mut s = Session::default();
    s.save_file(
        "c.json",
        "[{\"name\":\"a\",\"image\":\"b\",\"memory\":128}]",
    );
    s.submit("aws ecs create-cluster --cluster-name demo");
    s.submit("aws ecs register-task-definition --family a --container-definitions file://c.json");
    s.submit("sandbox advance 90s");
    let world = serde_json::to_string(&s.sandbox.world).unwrap_or_default();
    let reopened = Session::from_document(&s.to_document()).expect("document");
    assert_eq!(
        serde_json::to_string(&reopened.sandbox.world).unwrap_or_default(),
        world
    );
    let link = s.share_fragment().expect("short enough");
    let shared = Session::from_fragment(&format!("#{link}")).expect("link");
    assert_eq!(
        serde_json::to_string(&shared.sandbox.world).unwrap_or_default(),
        world
    );
    assert_eq!(shared.visible_log().len(), s.visible_log().len());
}

#[test]
fn broken_or_newer_documents_are_refused_not_crashed() {
    assert!(matches!(
        Session::from_document("{not json"),
        Err(LoadError::Corrupt(_))
    ));
    assert!(matches!(
        Session::from_document("{\"format\":\"other\"}"),
        Err(LoadError::Corrupt(_))
    ));
    assert_eq!(
        Session::from_document(
            "{\"format\":\"ecs-sandbox-session\",\"version\":7,\"seed\":1,\"actions\":[]}"
        )
        .err(),
        Some(LoadError::Newer(7))
    );
    assert!(matches!(
        Session::from_fragment("#s=%%%garbage"),
        Err(LoadError::Corrupt(_))
    ));
    assert!(matches!(
        Session::from_fragment("#x=1"),
        Err(LoadError::Corrupt(_))
    ));
    assert!(matches!(
        Session::from_fragment("#s="),
        Err(LoadError::Corrupt(_))
    ));
}

#[test]
fn links_and_documents_past_the_bounds_are_refused_before_anything_runs() {
    // Four billion ticks of the playing clock, in 137 characters.
    let frozen = "{\"format\":\"ecs-sandbox-session\",\"version\":1,\"seed\":1,\"actions\":[{\"advance\":{\"ms\":500,\"times\":4294967295}}]}";
    assert!(matches!(
        Session::from_document(frozen),
        Err(LoadError::TooLarge(why)) if why.contains("days of virtual time")
    ));
    let many: Vec<String> = (0..10_001)
        .map(|_| "{\"run\":\"aws ecs list-clusters\"}".to_string())
        .collect();
    let doc = format!(
        "{{\"format\":\"ecs-sandbox-session\",\"version\":1,\"seed\":1,\"actions\":[{}]}}",
        many.join(",")
    );
    assert!(matches!(
        Session::from_document(&doc),
        Err(LoadError::TooLarge(why)) if why.contains("10001 actions")
    ));
    let advances = "{\"format\":\"ecs-sandbox-session\",\"version\":1,\"seed\":1,\"actions\":[{\"run\":\"sandbox advance 30d\\nsandbox advance 30d\"}]}";
    assert!(Session::from_document(advances).is_ok(), "60 days is fine");
    let long: Vec<String> = (0..14)
        .map(|_| "{\"run\":\"sandbox advance 30d\"}".to_string())
        .collect();
    let doc = format!(
        "{{\"format\":\"ecs-sandbox-session\",\"version\":1,\"seed\":1,\"actions\":[{}]}}",
        long.join(",")
    );
    assert!(matches!(
        Session::from_document(&doc),
        Err(LoadError::TooLarge(_))
    ));
    // A link longer than any the page makes (the bomb itself: `unpack.rs`'s tests).
    let huge = format!("#s={}", "A".repeat(unpack::MAX_LINK_CHARS + 1));
    assert!(matches!(
        Session::from_fragment(&huge),
        Err(LoadError::TooLarge(_))
    ));
    // A lesson whose set-up would freeze the page.
    let lesson = include_str!("../../lessons/binpack.json").replace(
        "\"setup\": [",
        "\"setup\": [\"sandbox advance 30d\", \"sandbox advance 30d\", \"sandbox advance 30d\", \"sandbox advance 30d\", \"sandbox advance 30d\", \"sandbox advance 30d\", \"sandbox advance 30d\", \"sandbox advance 30d\", \"sandbox advance 30d\", \"sandbox advance 30d\", \"sandbox advance 30d\", \"sandbox advance 30d\", \"sandbox advance 30d\", \"sandbox advance 30d\",",
    );
    let mut s = Session::default();
    let e = s.start_lesson(&lesson).expect_err("refused");
    assert!(e.contains("more than the sandbox runs"), "{e}");
}

#[test]
fn a_damaged_lesson_position_is_brought_back_within_the_lesson() {
    let mut s = Session::default();
    s.start_lesson(include_str!("../../lessons/binpack.json"))
        .expect("starts");
    let doc = s
        .to_document()
        .replace("\"step\":0", "\"step\":99")
        .replace("\"passed\":false", "\"passed\":true");
    let mut reopened = Session::from_document(&doc).expect("reopens");
    let l = reopened.lesson.as_ref().expect("the lesson");
    assert!(l.done() && !l.passed());
    reopened.next_step();
    reopened.submit("aws ecs list-clusters");
    assert!(reopened.lesson.as_ref().is_some_and(|l| l.done()));
}
