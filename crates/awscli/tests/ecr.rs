//! ECR and the docker model, as the course's notes 002 use them: create a repository, log in with
//! `get-login-password | docker login`, tag and push, then run a Fargate task from the pushed
//! image; each mistake gets AWS's or docker's own message.

mod common;
use common::Session;

const REGISTRY: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

#[test]
fn push_then_run_from_this_accounts_registry() {
    let mut s = Session::new();
    let out = s.ok("aws ecr create-repository --repository-name cda-penguin-app --query repository.repositoryUri --output text");
    assert_eq!(out.trim(), format!("{REGISTRY}/cda-penguin-app"));
    let dup = s.run("aws ecr create-repository --repository-name cda-penguin-app");
    assert_eq!(dup.exit_code, 254);
    assert!(dup.stderr.contains("(RepositoryAlreadyExistsException) when calling the CreateRepository operation: The repository with name 'cda-penguin-app' already exists in the registry with id '123456789012'"));

    assert!(s
        .ok("docker build -t cda-flask-app .")
        .contains("Successfully tagged cda-flask-app:latest"));
    s.ok(&format!(
        "docker tag cda-flask-app:latest {REGISTRY}/cda-penguin-app"
    ));
    let images = s.ok("docker images");
    assert!(
        images.contains(&format!("{REGISTRY}/cda-penguin-app   latest")),
        "{images}"
    );

    // Not logged in yet: docker's own refusal.
    let refused = s.run(&format!("docker push {REGISTRY}/cda-penguin-app"));
    assert_eq!(
        (refused.exit_code, refused.stderr.as_str()),
        (1, "no basic auth credentials\n")
    );
    // A made-up password, or another account's registry, is refused too.
    assert!(s
        .run(&format!("docker login -u AWS -p guess {REGISTRY}"))
        .stderr
        .contains("failed with status: 400 Bad Request"));
    let login = s.run(&format!("aws ecr get-login-password --region us-east-1 | docker login --username AWS --password-stdin {REGISTRY}"));
    assert_eq!(
        (login.exit_code, login.stdout.as_str()),
        (0, "Login Succeeded\n")
    );
    let pushed = s.ok(&format!("docker push {REGISTRY}/cda-penguin-app"));
    assert!(pushed.contains("latest: digest: sha256:"), "{pushed}");
    assert!(s.ok("aws ecr describe-images --repository-name cda-penguin-app --query imageDetails[0].imageTags --output text").contains("latest"));

    // The pushed image runs; a tag that was never pushed cannot be pulled.
    s.ok("aws ecs create-cluster --cluster-name penguins");
    s.ok(&format!("aws ecs register-task-definition --family app --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions name=app,image={REGISTRY}/cda-penguin-app:latest"));
    s.ok(&format!("aws ecs register-task-definition --family app --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions name=app,image={REGISTRY}/cda-penguin-app:v2"));
    let subnet = s
        .ok("aws ec2 describe-subnets --query Subnets[0].SubnetId --output text")
        .trim()
        .to_string();
    for rev in [1, 2] {
        s.ok(&format!("aws ecs run-task --cluster penguins --launch-type FARGATE --task-definition app:{rev} --network-configuration awsvpcConfiguration={{subnets=[{subnet}]}}"));
    }
    s.ok("sandbox advance 2m");
    let out = s.ok("aws ecs list-tasks --cluster penguins --desired-status STOPPED --query taskArns --output text");
    let stopped =
        s.ok(&format!("aws ecs describe-tasks --cluster penguins --tasks {} --query tasks[].[taskDefinitionArn,stoppedReason] --output text", out.trim()));
    assert!(stopped.contains("app:2"), "{stopped}");
    assert!(
        stopped.contains(&format!(
            "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref {REGISTRY}/cda-penguin-app:v2"
        )),
        "{stopped}"
    );
    assert!(
        s.ok("aws ecs list-tasks --cluster penguins --query taskArns --output text")
            .split_whitespace()
            .count()
            == 1,
        "app:1 runs"
    );

    // A repository with images is only deleted with --force.
    let busy = s.run("aws ecr delete-repository --repository-name cda-penguin-app");
    assert!(
        busy.stderr.contains("(RepositoryNotEmptyException)"),
        "{}",
        busy.stderr
    );
    s.ok("aws ecr delete-repository --repository-name cda-penguin-app --force");
    s.ok("aws ecr get-authorization-token");
    s.assert_shapes_clean();
}

#[test]
fn the_notes_ecr_commands_get_helpful_errors() {
    let mut s = Session::new();
    // CLI v1's get-login is gone in v2: the suggestion is get-login-password.
    let old = s.run("aws ecr get-login --region us-east-1 --no-include-email");
    assert_eq!(old.exit_code, 252);
    assert!(old.stderr.contains("get-login-password"), "{}", old.stderr);
    let bad = s.run("aws ecr create-repository --repository-name CDA-Penguin");
    assert!(
        bad.stderr.contains("(InvalidParameterException)"),
        "{}",
        bad.stderr
    );
    let missing = s.run("docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/nothing");
    assert!(missing.stderr.contains("An image does not exist locally with the tag: 123456789012.dkr.ecr.us-east-1.amazonaws.com/nothing"));
    let pipe = s.run("aws ecs list-clusters | grep ECSDemo");
    assert!(
        pipe.stderr
            .contains("a pipe can only feed `docker login --password-stdin`"),
        "{}",
        pipe.stderr
    );
    assert!(s
        .run("dokcer images")
        .stderr
        .contains("Did you mean 'docker'?"));
}

#[test]
fn an_ecr_password_lasts_twelve_hours() {
    let mut s = Session::new();
    s.ok("aws ecr create-repository --repository-name app");
    s.ok("docker build -t app .");
    s.ok(&format!("docker tag app {REGISTRY}/app"));
    let old = s.value("aws ecr get-login-password");
    assert_eq!(
        s.ok(&format!("docker login -u AWS -p {old} {REGISTRY}")),
        "Login Succeeded\n"
    );
    s.ok("sandbox advance 12h1m");
    let denied = s.run(&format!("docker push {REGISTRY}/app"));
    assert_eq!(
        (denied.exit_code, denied.stderr.as_str()),
        (
            1,
            "denied: Your authorization token has expired. Reauthenticate and try again.\n"
        )
    );
    let again = s.run(&format!("docker login -u AWS -p {old} {REGISTRY}"));
    assert!(
        again.stderr.contains("failed with status: 400 Bad Request")
            && again.stderr.contains("expired"),
        "{}",
        again.stderr
    );
    let login = s.run(&format!(
        "aws ecr get-login-password | docker login --username AWS --password-stdin {REGISTRY}"
    ));
    assert_eq!(login.exit_code, 0, "{}", login.stderr);
    assert!(s
        .ok(&format!("docker push {REGISTRY}/app"))
        .contains("latest: digest: sha256:"));
}
