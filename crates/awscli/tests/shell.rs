//! The shell the command box offers: variables, `$(...)`, word splitting, `echo`, as bash does
//! them.

mod common;
use common::Session;

#[test]
fn variables_and_command_substitution_carry_ids_between_commands() {
    let mut s = Session::new();
    s.ok("CLUSTER=ECSDemo");
    assert_eq!(s.value("aws ecs create-cluster --cluster-name $CLUSTER --query cluster.clusterName --output text"), "ECSDemo");
    s.ok("SG=$(aws ec2 describe-security-groups --group-names default --query 'SecurityGroups[0].GroupId' --output text)");
    assert!(s.value("echo $SG").starts_with("sg-"));
    assert_eq!(s.value("echo \"${CLUSTER}-x\""), "ECSDemo-x");
    // Unquoted: split into words (two subnets, two values); quoted: one word.
    s.ok(
        "export SUBNETS=$(aws ec2 describe-subnets --query 'Subnets[0:2].SubnetId' --output text)",
    );
    let out = s.ok("aws ec2 describe-subnets --subnet-ids $SUBNETS --query 'length(Subnets)'");
    assert_eq!(out.trim(), "2");
    let o = s.run("aws ec2 describe-subnets --subnet-ids \"$SUBNETS\"");
    assert_ne!(
        o.exit_code, 0,
        "one word holding two IDs is not a subnet ID"
    );
    // Substitution inside an option's value, and nested.
    assert_eq!(s.value("echo $(echo $(echo deep))"), "deep");
    assert_eq!(
        s.value("echo '$CLUSTER'"),
        "$CLUSTER",
        "single quotes keep the text as typed"
    );
    assert_eq!(s.value("echo \\$CLUSTER"), "$CLUSTER");
    // The course's ECR login as one line.
    let o = s.run("docker login --username AWS --password $(aws ecr get-login-password) 123456789012.dkr.ecr.us-east-1.amazonaws.com");
    assert_eq!(o.exit_code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("Login Succeeded"));
    assert!(s.ok("export").contains("export CLUSTER='ECSDemo'"));
    assert_eq!(s.ok("echo -n $CLUSTER"), "ECSDemo");
    s.ok("unset CLUSTER");
    assert!(!s.ok("export").contains("CLUSTER="));
}

#[test]
fn what_a_shell_would_do_silently_gets_a_note() {
    let mut s = Session::new();
    let o = s.run("aws ecs describe-clusters --clusters $NOPE");
    assert!(
        o.stderr
            .starts_with("[sandbox] $NOPE is not set, so it expands to nothing"),
        "{}",
        o.stderr
    );
    // A failing substitution: its error shows, the command still runs with what it printed
    // (nothing).
    let o = s.run("echo [$(aws ecs describe-services --services x)]");
    assert!(
        o.stderr.contains("ClusterNotFoundException"),
        "{}",
        o.stderr
    );
    assert_eq!(o.stdout, "[]\n");
    // The rest of a command whose continuation was lost, which looks like an assignment.
    let ran = s.sandbox.run_text(
        "aws ec2 describe-instances --filters\nName=instance-state-name,Values=running",
        &s.files,
    );
    assert!(
        ran[1]
            .outcome
            .stderr
            .contains("looks like the rest of the previous command"),
        "{:?}",
        ran[1].outcome
    );
    // Bad or unclosed expansions are errors, nothing runs.
    for bad in [
        "echo $(aws ecs list-clusters",
        "echo ${CLUSTER",
        "echo ${A-b}",
    ] {
        let o = s.run(bad);
        assert_eq!(o.exit_code, 2, "{bad}: {o:?}");
    }
    // Doubling a variable again and again stops at 4 MB, before the page runs out of memory.
    s.ok(&format!("A={}", "x".repeat(1000)));
    for (next, prev) in [("B", "A"), ("C", "B"), ("D", "C")] {
        s.ok(&format!("{next}=\"{}\"", format!("${prev}").repeat(10)));
    }
    let o = s.run(&format!("E=\"{}\"", "$D".repeat(10)));
    assert_eq!(o.exit_code, 2);
    assert!(
        o.stderr
            .contains("$E would be longer than 4 MB; it was not set."),
        "{}",
        o.stderr
    );
    let o = s.run(&format!("echo {}", "$D ".repeat(10)));
    assert!(o.stderr.contains("grows past 4 MB"), "{}", o.stderr);
    assert_eq!(s.ok("echo ok"), "ok\n", "the shell still works");
    // Deep nesting stops at 8 levels with a message, without overflowing the stack.
    let deep = format!("echo {}x{}", "$(echo ".repeat(40), ")".repeat(40));
    let o = s.run(&deep);
    assert!(o.stderr.contains("nested more than 8 deep"), "{}", o.stderr);
}

#[test]
fn the_cli_reads_its_environment_variables() {
    let mut s = Session::new();
    s.ok("export AWS_DEFAULT_OUTPUT=text");
    assert_eq!(s.ok("aws ec2 describe-security-groups --group-names default --query SecurityGroups[0].GroupName"), "default\n");
    assert!(
        s.ok("aws ecs list-clusters --output json").starts_with('{'),
        "an option beats the environment"
    );
    s.ok("AWS_DEFAULT_OUTPUT=");
    assert!(
        s.ok("aws ecs list-clusters").starts_with('{'),
        "empty: the default again"
    );
    s.ok("export AWS_DEFAULT_REGION=eu-west-1");
    let o = s.run("aws ecs list-clusters");
    assert!(o.stderr.contains("The sandbox simulates one region, us-east-1; AWS_DEFAULT_REGION=eu-west-1 is not available."), "{}", o.stderr);
    assert_eq!(
        s.ok("aws ecs list-clusters --region us-east-1 --output text"),
        "",
        "--region overrides it"
    );
}

#[test]
fn a_variable_after_a_complete_command_is_not_taken_for_a_lost_line() {
    let mut s = Session::new();
    let ran = s.sandbox.run_text(
        "aws ecs list-clusters --no-cli-pager\nCLUSTER=ECSDemo",
        &s.files,
    );
    assert_eq!(
        ran[1].outcome,
        ecs_sandbox_awscli::Outcome::default(),
        "a plain assignment prints nothing"
    );
}

#[test]
fn broken_line_continuations_from_slides_get_a_hint() {
    let mut s = Session::new();
    for (text, hint) in [
        (
            "aws ecs create-cluster \\ \n  --cluster-name x",
            "the backslash escaped the space",
        ),
        (
            "aws ecs create-cluster ^\n  --cluster-name x",
            "'^' continues a line in Windows' cmd",
        ),
        (
            "aws ecs create-cluster `\n  --cluster-name x",
            "a backtick continues a line in PowerShell",
        ),
    ] {
        let ran = s.sandbox.run_text(text, &s.files);
        assert!(
            ran[0].outcome.stderr.contains(hint),
            "{text:?}: {:?}",
            ran[0].outcome
        );
    }
    // A correct continuation gets no hint.
    let ran = s
        .sandbox
        .run_text("aws ecs create-cluster \\\n  --cluster-name y", &s.files);
    assert_eq!(ran.len(), 1);
    assert_eq!(ran[0].outcome.exit_code, 0);
}
