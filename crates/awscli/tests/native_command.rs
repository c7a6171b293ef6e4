//! The `ecs-sandbox` binary: state file handling and script runs.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ecs-sandbox"))
}

fn tmpdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("ecs-sandbox-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn the_world_persists_between_invocations() {
    let d = tmpdir("persist");
    let state = d.join("state.json");
    let out = bin()
        .args([
            "--state",
            state.to_str().unwrap_or_default(),
            "aws",
            "ecs",
            "create-cluster",
            "--cluster-name",
            "ECSDemo",
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = bin()
        .env("ECS_SANDBOX_STATE", &state)
        .args(["aws", "ecs", "list-clusters", "--output", "text"])
        .output()
        .expect("run");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "CLUSTERARNS\tarn:aws:ecs:us-east-1:123456789012:cluster/ECSDemo\n"
    );
}

#[test]
fn exit_codes_follow_the_cli() {
    let d = tmpdir("codes");
    let state = d.join("s.json");
    let run = |args: &[&str]| {
        bin()
            .env("ECS_SANDBOX_STATE", &state)
            .args(args)
            .output()
            .expect("run")
            .status
            .code()
    };
    assert_eq!(run(&["aws", "ecs", "list-clusters"]), Some(0));
    assert_eq!(run(&["aws", "ecs", "lst-clusters"]), Some(252));
    assert_eq!(
        run(&[
            "aws",
            "ecs",
            "describe-tasks",
            "--cluster",
            "nope",
            "--tasks",
            "x"
        ]),
        Some(254)
    );
    // A waiter that cannot succeed fails with 255, as botocore's WaiterError does.
    assert_eq!(
        run(&[
            "aws",
            "ecs",
            "wait",
            "tasks-running",
            "--cluster",
            "default",
            "--tasks",
            "x"
        ]),
        Some(255)
    );
}

#[test]
fn a_corrupt_or_newer_state_file_is_reported_and_left_alone() {
    let d = tmpdir("corrupt");
    let state = d.join("state.json");
    std::fs::write(&state, "{ not json").expect("write");
    let out = bin()
        .env("ECS_SANDBOX_STATE", &state)
        .args(["aws", "ecs", "list-clusters"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is corrupt"));
    assert_eq!(
        std::fs::read_to_string(&state).unwrap_or_default(),
        "{ not json"
    );

    std::fs::write(
        &state,
        r#"{"format":"ecs-sandbox-state","version":99,"world":{}}"#,
    )
    .expect("write");
    let out = bin()
        .env("ECS_SANDBOX_STATE", &state)
        .args(["aws", "ecs", "list-clusters"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer ecs-sandbox"));

    std::fs::write(&state, r#"{"some":"other file"}"#).expect("write");
    let out = bin()
        .env("ECS_SANDBOX_STATE", &state)
        .args(["aws", "ecs", "list-clusters"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an ecs-sandbox state file"));
}

#[test]
fn run_executes_a_whole_script_from_stdin() {
    use std::io::Write;
    let d = tmpdir("script");
    let mut child = bin()
        .current_dir(&d)
        .args(["--state", "s.json", "run", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"# the course, pasted\naws ecs create-cluster \\\n  --cluster-name ECSDemo --query cluster.status\naws ecs list-clusters --query 'length(clusterArns)'\n")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("$ aws ecs create-cluster \\\n  --cluster-name ECSDemo --query cluster.status\n\"ACTIVE\"\n"), "{stdout}");
    assert!(stdout.ends_with("1\n"), "{stdout}");
}

#[test]
fn a_state_file_of_the_previous_version_loads_without_its_placement_decisions() {
    use std::io::Write;
    let d = tmpdir("v1");
    let state = d.join("state.json");
    let mut child = bin()
        .env("ECS_SANDBOX_STATE", &state)
        .args(["run", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("run");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(
            b"aws ecs create-cluster --cluster-name ECSDemo\n\
              aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --iam-instance-profile Name=ecsInstanceRole --user-data ECS_CLUSTER=ECSDemo\n\
              sandbox advance 1m\n\
              aws ecs register-task-definition --family web --container-definitions '[{\"name\":\"web\",\"image\":\"nginx\",\"memory\":128}]'\n\
              aws ecs run-task --cluster ECSDemo --task-definition web\n",
        )
        .expect("write");
    assert!(child.wait().expect("wait").success());
    let text = std::fs::read_to_string(&state).expect("state");
    // Rewrite it as version 1 wrote it: each verdict an object naming its instance by strings.
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v["version"] = 1.into();
    let task = &mut v["world"]["ecs"]["tasks"][0];
    let id = task["id"].as_str().unwrap_or_default().to_string();
    task["decision"]["verdicts"] = serde_json::json!([{"container_instance_arn": "arn:aws:ecs:us-east-1:123456789012:container-instance/ECSDemo/x",
        "ec2_instance_id": "i-0", "availability_zone": "us-east-1a", "remaining_cpu": 2048, "remaining_memory": 3000, "failed": null, "detail": null}]);
    std::fs::write(&state, v.to_string()).expect("write");
    let out = bin()
        .env("ECS_SANDBOX_STATE", &state)
        .args(["sandbox", "explain", &id])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("has no placement decision"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = bin()
        .env("ECS_SANDBOX_STATE", &state)
        .args([
            "aws",
            "ecs",
            "list-tasks",
            "--cluster",
            "ECSDemo",
            "--query",
            "length(taskArns)",
        ])
        .output()
        .expect("run");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "1",
        "the rest of the world is intact"
    );
}

fn run_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    bin().current_dir(dir).args(args).output().expect("run")
}

fn cluster_count(dir: &std::path::Path) -> usize {
    let out = run_in(
        dir,
        &[
            "aws",
            "ecs",
            "list-clusters",
            "--query",
            "length(clusterArns)",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

#[test]
fn concurrent_writers_lose_no_update_and_a_killed_save_leaves_a_loadable_file() {
    let d = tmpdir("concurrent");
    // Four shells, each creating ten clusters, at once.
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let d = d.clone();
            std::thread::spawn(move || {
                for i in 0..10 {
                    let name = format!("w{w}-{i}");
                    let out = run_in(
                        &d,
                        &["aws", "ecs", "create-cluster", "--cluster-name", &name],
                    );
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("a writer");
    }
    assert_eq!(cluster_count(&d), 40, "every acknowledged create is kept");
    // A long command killed part-way: the file is the one before, whole, and the next command
    // is not locked out by the dead one's lock.
    let script: String = (0..400)
        .map(|i| format!("aws ecs create-cluster --cluster-name k{i}\n"))
        .collect();
    std::fs::write(d.join("long.sh"), script).expect("script");
    for wait in [5, 40, 120] {
        let mut child = bin()
            .current_dir(&d)
            .args(["run", "long.sh"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(wait));
        let _ = child.kill();
        let _ = child.wait();
        let n = cluster_count(&d);
        assert!(
            n == 40 || n == 440,
            "the state is the one before or after the run, never half: {n}"
        );
        if n == 440 {
            break;
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(&d)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".tmp.") || n.ends_with(".lock"))
        .collect();
    assert!(
        leftovers.iter().all(|n| n.contains(".tmp.")),
        "no lock left behind: {leftovers:?}"
    );
}

#[test]
fn untrusted_paths_and_pipes_are_handled() {
    let d = tmpdir("untrusted");
    // A reader that goes away: the launch it printed is still saved.
    let mut child = bin()
        .current_dir(&d)
        .args(["aws", "ecs", "create-cluster", "--cluster-name", "piped"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let status = child.wait().expect("wait");
    assert!(
        status.success(),
        "a closed pipe is not a failure: {status:?}"
    );
    assert_eq!(cluster_count(&d), 1);
    // reset refuses what is not a state file; so does any command.
    std::fs::write(d.join("notes.txt"), "my notes").expect("notes");
    let out = run_in(&d, &["--state", "notes.txt", "reset"]);
    assert!(!out.status.success());
    assert_eq!(
        std::fs::read_to_string(d.join("notes.txt")).ok().as_deref(),
        Some("my notes")
    );
    // A lesson may not write outside the folder.
    let evil = r#"{"format":"ecs-sandbox-lesson","id":"e","kind":"level","title":"t","summary":"s","files":[{"name":"../escaped.txt","body":"x"}],"steps":[{"title":"a","text":"b","goal":[{"says":"q","query":"now","equals":1}]}]}"#;
    std::fs::write(d.join("evil.json"), evil).expect("lesson");
    let out = run_in(&d, &["lesson", "start", "evil.json"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside this folder"));
    assert!(!d.join("../escaped.txt").exists());
    // Arguments that are not UTF-8 are an error, not an abort.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let out = bin()
            .current_dir(&d)
            .args(["aws", "ecs", "list-clusters"])
            .arg(std::ffi::OsStr::from_bytes(b"\xff"))
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
    }
}

#[test]
fn a_script_with_an_unclosed_quote_runs_what_comes_before_it_and_names_the_line() {
    let d = tmpdir("quote");
    std::fs::write(
        d.join("s.sh"),
        "aws ecs create-cluster --cluster-name before\naws ecs create-cluster --cluster-name \"oops\naws ecs list-clusters\n",
    )
    .expect("script");
    let out = run_in(&d, &["run", "s.sh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "sandbox: line 2: unexpected end of input: a double quote (\") was never closed"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(cluster_count(&d), 1, "the line before ran");
}
