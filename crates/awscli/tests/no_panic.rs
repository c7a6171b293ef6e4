//! Hostile input never panics: random and mutated command lines through the tokenizer, the CLI and
//! the engine (a panic in WebAssembly kills the page).

mod common;
use common::Session;
use proptest::prelude::*;

const SEEDS: &[&str] = &[
    "aws ecs create-cluster --cluster-name ECSDemo",
    "aws ec2 run-instances --count 2 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --key-name kp --subnet-id subnet -0b745a2448d91131 --secuirity-group-id sg-0aae6caa0b11ff6db --iam-instance -profile Name-webappserver --associate-public-ip-address --user-data file://userdata.txt",
    "aws ecs register-task-defination --family python-app --network-mode brridge --container-defination file://container.json",
    "aws ecs create-service -cluster <cluster-arn> -service-name ECSService --task -defination <task-def-arn> -desired-count 2 --launch-type EC2 --scheduling-strategy REPLICA -deployment-controller type=ECS",
    "aws elbv2 create-listner --load-balancer-arn <elb-arn> --protocol HTTP\\ --port 80 -default-actions Type=forward, TargetGroupArn=<target-group-arn>",
    "aws ecs run-task --cluster ECSDemo --task-definition web --count 3 --network-configuration \"awsvpcConfiguration={subnets=[a,b],assignPublicIp=ENABLED}\"",
    "aws ecs list-container-instances --cluster ECSDemo --filter \"attribute:ecs.instance-type =~ t3.* and not(task:group == x)\"",
    "aws ecs register-task-definition --family x --container-definitions '[{\"name\":\"a\",\"image\":\"b\",\"memory\":6,\"portMappings\":[{\"containerPort\":80,\"hostPort\":0}]}]'",
    "aws ec2 describe-instances --query 'Reservations[].Instances[?State.Name==`running`].[InstanceId]' --output table",
    "aws ecs wait tasks-running --cluster ECSDemo --tasks abc",
    "aws ecs register-task-definition --generate-cli-skeleton yaml-input",
    "aws ecs run-task --cli-input-json '{\"taskDefinition\": \"web\", \"count\": 11}'",
    "sandbox advance 1h30m; sandbox explain nope; aws ec2 terminate-instances --instance-ids i-0123456789abcdef0",
    "aws ecs tag-resource --resource-arn arn:aws:ecs:us-east-1:123456789012:service/ECSDemo/web --tags key=a,value=b key=aws:x,value=",
    "aws ecs untag-resource --resource-arn arn:aws:ecs:us-east-1:123456789012:task-definition/web:1 --tag-keys a b",
    "aws ecs put-account-setting --name fargateTaskRetirementWaitPeriod --value 14 --principal-arn arn:aws:iam::123456789012:role/x",
    "aws ecs list-account-settings --effective-settings --name containerInsights --value enabled --max-results 1",
    "aws ecs delete-task-definitions --task-definitions web:1 web arn:aws:ecs:us-east-1:123456789012:task-definition/web:0",
    "aws ecs describe-clusters --clusters ECSDemo --include SETTINGS STATISTICS TAGS --query 'clusters[].{a: statistics, b: settings[0].{v: value, n: name}}'",
];

const FRAGMENTS: &[&str] = &[
    "aws",
    "ecs",
    "ec2",
    "elbv2",
    "events",
    "wait",
    "--",
    "-",
    "--cluster",
    "--count",
    "--query",
    "--output",
    "text",
    "table",
    "yaml",
    "json",
    "=",
    ",",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "\\",
    "\n",
    ";",
    "&&",
    "#",
    "file://",
    "file://nope",
    "run-task",
    "describe-tasks",
    "register-task-definition",
    "run-instances",
    "--container-definitions",
    "0",
    "-1",
    "99999999999999999999999",
    "{\"a\":",
    "[[[[[[[[[[",
    "type=",
    "a=[b,{c=d}]",
    "–cluster",
    "“x”",
    "\u{a0}",
    "\u{0}",
    "ECS_CLUSTER=x",
    "$",
    "$X",
    "${",
    "${X}",
    "$(",
    ")",
    "$(echo",
    "X=$(aws",
    "export",
    "echo",
    "--generate-cli-skeleton",
    "--cli-input-json",
    "sandbox",
    "advance",
    "explain",
    "999999d",
    "tag-resource",
    "--resource-arn",
    "arn:aws:ecs:us-east-1:123456789012:cluster/",
    "put-account-setting",
    "delete-task-definitions",
    "update-cluster-settings",
];

const QUERY_PARTS: &[&str] = &[
    "a",
    "b",
    "n",
    "s",
    ".",
    "[",
    "]",
    "[]",
    "[*]",
    "[?",
    "==",
    "!=",
    "<",
    ">=",
    "&&",
    "||",
    "!",
    "(",
    ")",
    "{",
    "}",
    ":",
    ",",
    "|",
    "@",
    "&",
    "`1`",
    "`\"x\"`",
    "'raw'",
    "\"quoted\"",
    "0",
    "-1",
    "-2147483648",
    "2147483647",
    "99999999999999999999",
    "::",
    "::-1",
    "length(",
    "max_by(",
    "sort_by(",
    "min(",
    "sum(",
    "avg(",
    "join(",
    "to_number(",
    "abs(",
    "floor(",
    "contains(",
    "starts_with(",
    "reverse(",
    "keys(",
    "values(",
    "merge(",
    "not_null(",
    "map(",
];

fn session() -> Session {
    let mut s = Session::new();
    s.sandbox.shape_violations = None;
    s.ec2_demo_cluster();
    s.ok(
        "aws ecs register-task-definition --family web --container-definitions file://dynamic.json",
    );
    s.ok("aws ecs run-task --cluster ECSDemo --task-definition web --count 2");
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn random_word_soup_never_panics(words in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..14)) {
        let mut s = session();
        let text = words.join(" ");
        let _ = s.sandbox.run_text(&text, &s.files);
    }

    #[test]
    fn mutated_course_commands_never_panic(
        seed in prop::sample::select(SEEDS),
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(FRAGMENTS), 0u8..3), 0..6),
    ) {
        let mut s = session();
        let mut text: Vec<char> = seed.chars().collect();
        for (at, frag, kind) in edits {
            let i = at.index(text.len() + 1);
            match kind {
                0 => { for (k, c) in frag.chars().enumerate() { text.insert(i + k, c); } }
                1 if i < text.len() => { text.remove(i); }
                _ => { let end = (i + frag.len()).min(text.len()); text.drain(i..end); }
            }
        }
        let line: String = text.into_iter().collect();
        let _ = s.sandbox.run_text(&line, &s.files);
    }

    /// `--query` goes to a third-party JMESPath library: soups of its tokens never panic it.
    #[test]
    fn query_expressions_never_panic(parts in prop::collection::vec(prop::sample::select(QUERY_PARTS), 0..16)) {
        let data = serde_json::json!({"a": [1, {"b": [2, 3]}, "x"], "n": 4, "s": "text"});
        let _ = ecs_sandbox_awscli::output::query(&parts.concat(), &data);
    }

    #[test]
    fn lesson_files_never_panic(query in prop::collection::vec(prop::sample::select(QUERY_PARTS), 0..12), junk in "\\PC{0,80}", n in 0usize..4) {
        // A lesson file with a random goal query (huge numbers included), or cut short, or with
        // junk in it: refused with a reason or checked, never a panic.
        let lesson = serde_json::json!({"format": "ecs-sandbox-lesson", "id": "x", "kind": "level", "title": "t", "summary": "s",
            "setup": ["aws ecs create-cluster --cluster-name c"],
            "steps": [{"title": "s", "text": junk, "goal": [{"says": "g", "query": query.concat(), "equals": 1}], "solution": ["aws ecs list-clusters"]}]});
        let text = lesson.to_string();
        for t in [text.clone(), text.chars().take(text.chars().count() * n / 4).collect::<String>(), text.replace("\"steps\"", &junk)] {
            if let Ok(l) = ecs_sandbox_awscli::lesson::Lesson::parse(&t) {
                let _ = ecs_sandbox_awscli::lesson::replay_solution(&l);
                let _ = ecs_sandbox_awscli::lesson::attempt(&l, std::slice::from_ref(&junk));
            }
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
        let mut s = session();
        let _ = s.sandbox.run_text(&text, &s.files);
        let _ = s.sandbox.run_text(&format!("aws ecs run-task --overrides {text}"), &s.files);
        for docker in ["build -t", "tag", "push", "login -u AWS -p", "images"] {
            let _ = s.sandbox.run_text(&format!("docker {docker} {text}"), &s.files);
        }
        let _ = s.sandbox.run_text(&format!("aws ecr get-login-password | docker login --password-stdin {text}"), &s.files);
        let _ = s.sandbox.run_text(&format!("aws ecr create-repository --repository-name {text}"), &s.files);
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let mut s = Session::new();
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let o = s.run(&format!(
        "aws ecs register-task-definition --family x --container-definitions '{deep}'"
    ));
    assert_ne!(o.exit_code, 0);
    let o = s.run(&format!(
        "aws ecs run-task --task-definition x --overrides '{}'",
        "{\"a\":".repeat(3000)
    ));
    assert_ne!(o.exit_code, 0);
}
