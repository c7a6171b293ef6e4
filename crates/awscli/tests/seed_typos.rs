//! The course notes' commands exactly as written (seeds 000/003 and 001): every typo gets the CLI's
//! error and a suggestion. The commands are copied verbatim (line breaks and markdown fences
//! included).

mod common;
use common::Session;

/// Runs pasted text; returns everything printed.
fn paste(s: &mut Session, text: &str) -> String {
    s.sandbox
        .run_text(text, &s.files)
        .into_iter()
        .map(|r| format!("{}{}", r.outcome.stdout, r.outcome.stderr))
        .collect::<Vec<_>>()
        .join("\n")
}

fn expect(out: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(out.contains(w), "expected {w:?} in:\n{out}");
    }
}

#[test]
fn ec2_demo_as_written() {
    let mut s = Session::new();
    let out = paste(&mut s, "aws ec2 run-instances --count 2 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --key-name ecs-container-instance-kp --subnet-id subnet -0b745a2448d91131 --secuirity-group-id sg-0aae6caa0b11ff6db --iam-instance -profile Name-webappserver --associate-public-ip-address --user-data file://userdata.txt");
    expect(
        &out,
        &[
            "aws: error: argument --iam-instance-profile: expected one argument",
            "'subnet -0b745a2448d91131' looks like one ID split by a space: did you mean 'subnet-0b745a2448d91131'?",
            "unknown option '--secuirity-group-id': did you mean '--security-group-ids'?",
            "'--iam-instance -profile' looks like one option split by a space: did you mean '--iam-instance-profile'?",
            "shorthand is Key=value: did you mean 'Name=webappserver'?",
        ],
    );
    let out = paste(&mut s, "aws ecs register-task-defination --family python-app --task-role-arn arn:aws:iam::832211724792:role/PythonECSTask --execution-role-arn arn:aws:iam::832211724792:role/ecsTaskExecutionRole --network-mode brridge --container-defination file://container.json");
    expect(
        &out,
        &[
            "Invalid choice: 'register-task-defination', maybe you meant:",
            "  * register-task-definition",
        ],
    );
    let out = paste(&mut s, "aws ecs register-task-definition --family python-app --task-role-arn arn:aws:iam::832211724792:role/PythonECSTask --execution-role-arn arn:aws:iam::832211724792:role/ecsTaskExecutionRole --network-mode brridge --container-defination file://container.json");
    expect(
        &out,
        &[
            "the following arguments are required: --container-definitions",
            "did you mean '--container-definitions'?",
        ],
    );
    s.files.0.insert("typo.json".into(), r#"[{"name": "webapp", "cpu": 100, "memory": 100, "image": "x", "portmapping": [{"protocol": "tcp", "containerPort": 8080, "hostPort": 80}], "essential": true}]"#.into());
    let out = paste(&mut s, "aws ecs register-task-definition --family python-app --network-mode brridge --container-definitions file://typo.json");
    expect(
        &out,
        &[
            "Parameter validation failed:",
            "Unknown parameter in containerDefinitions[0]: \"portmapping\", must be one of: ",
            "did you mean \"portMappings\"?",
        ],
    );
    let out = paste(&mut s, "aws ecs register-task-definition --family python-app --network-mode brridge --container-definitions file://container.json");
    expect(&out, &["An error occurred (InvalidParameterException) when calling the RegisterTaskDefinition operation: 1 validation error detected: Value 'brridge' at 'networkMode' failed to satisfy constraint: Member must satisfy enum value set: [bridge, host, awsvpc, none]", "did you mean 'bridge' instead of 'brridge'?"]);
    let out = paste(&mut s, "aws ecs create-service -cluster <cluster-arn> -service-name ECSService --task -defination <task-def-arn> -desired-count 2 --launch-type EC2 --scheduling-strategy REPLICA -deployment-controller type=ECS");
    expect(
        &out,
        &[
            "argument --task-definition: expected one argument",
            "'--task -defination' looks like one option split by a space: did you mean '--task-definition'?",
            "'-cluster' has one dash: did you mean '--cluster'?",
            "'-service-name' has one dash",
            "'-desired-count' has one dash",
            "'-deployment-controller' has one dash",
        ],
    );
    let out = paste(
        &mut s,
        "aws ecs describe-service --cluster ECSDemo --service ECSService",
    );
    expect(
        &out,
        &[
            "Invalid choice: 'describe-service', maybe you meant:",
            "  * describe-services",
        ],
    );
    let out = paste(&mut s, "aws ecs describe-contaniner-instances --cluster ECSDemo --container-instances <container-instance-arn>");
    expect(&out, &["  * describe-container-instances"]);
}

#[test]
fn fargate_demo_as_written() {
    let mut s = Session::new();
    let out = paste(&mut s, "    ``` sh```\n    aws elbv2 create-load-balancer --name FargateLoadBalancer\\\n    --subnets subnet-0b745a24484d91131 subnet-0e2ab9fd49e193459\\\n    --secuirity-groups sg13031acb62a9c273 --scheme internate facing \\\n    --type application --ip-adress-type ipv4\n    ```");
    expect(
        &out,
        &[
            "Removed a Markdown code fence",
            "unknown option '--secuirity-groups': did you mean '--security-groups'?",
            "'sg13031acb62a9c273' is missing a hyphen: did you mean 'sg-13031acb62a9c273'?",
            "--scheme takes one value: did you mean 'internet-facing' instead of 'internate facing'?",
            "unknown option '--ip-adress-type': did you mean '--ip-address-type'?",
        ],
    );
    // The same lines without their indentation: the `\` right after a word glues the lines
    // together.
    let out = paste(&mut s, "aws elbv2 create-load-balancer --name FargateLoadBalancer\\\n--subnets subnet-0b745a24484d91131 subnet-0e2ab9fd49e193459\\\n--secuirity-groups sg13031acb62a9c273 --scheme internet-facing");
    expect(
        &out,
        &[
            "'FargateLoadBalancer--subnets' is a value glued to the option '--subnets'",
            "glued to the option '--secuirity-groups' (did you mean '--security-groups'?)",
        ],
    );
    let out =
        paste(&mut s, "aws albv2 create-target-group --name FargateTargetGroup --protocol HTTP \\ --port 8080 --vpc-id vpc-024994381ad361013 --target-type ip");
    expect(
        &out,
        &["Invalid choice: 'albv2', maybe you meant:", "  * elbv2"],
    );
    let out = paste(
        &mut s,
        "aws elbv2 create-listner --load-balancer-arn <elb-arn> --protocol HTTP\\ --port 80 -default-actions Type=forward, TargetGroupArn=<target-group-arn>",
    );
    expect(
        &out,
        &[
            "Treated \"\\ \" before an option as a line continuation",
            "  * create-listener",
        ],
    );
    let out = paste(
        &mut s,
        "aws elbv2 create-listener --load-balancer-arn <elb-arn> --protocol HTTP\\ --port 80 -default-actions Type=forward, TargetGroupArn=<target-group-arn>",
    );
    expect(
        &out,
        &[
            "'-default-actions' has one dash: did you mean '--default-actions'?",
            "'Type=forward, TargetGroupArn=<target-group-arn>' has a space after the comma",
        ],
    );
    let out = paste(&mut s, "aws ecs register-task-defination -family python-web-app \\\n    --task-role-arn arn:aws:iam:8332211724792:role/PythonECSTask \\\n    --execution-role-arn arn:aws:iam:8332211724792:role/ecsTaskExecutionRole \\\n    --network-mode awsvpc --container-definations file://fargate-container.json \\\n    --cpu .5vCPU -memory 1GB -requires-compatibilities FARGATE");
    expect(&out, &["  * register-task-definition"]);
    let out = paste(&mut s, "aws ecs register-task-definition -family python-web-app \\\n    --task-role-arn arn:aws:iam:8332211724792:role/PythonECSTask \\\n    --execution-role-arn arn:aws:iam:8332211724792:role/ecsTaskExecutionRole \\\n    --network-mode awsvpc --container-definations file://fargate-container.json \\\n    --cpu .5vCPU -memory 1GB -requires-compatibilities FARGATE");
    expect(
        &out,
        &[
            "'-family' has one dash: did you mean '--family'?",
            "did you mean '--container-definitions'?",
            "'-memory' has one dash",
            "'-requires-compatibilities' has one dash",
        ],
    );
    s.files.0.insert("fargate-container.json".into(), r#"[{"environment": [], "name": "webapp", "mountPoints": [], "image": "<image-from-ecr>", "portMappings": [{"protocol": "tcp", "containerPort": 8080, "hostPort": 8080}]}]"#.into());
    let out = paste(&mut s, "aws ecs register-task-definition --family python-web-app --task-role-arn arn:aws:iam:8332211724792:role/PythonECSTask --execution-role-arn arn:aws:iam:8332211724792:role/ecsTaskExecutionRole --network-mode awsvpc --container-definitions file://fargate-container.json --cpu .5vCPU --memory 1GB --requires-compatibilities FARGATE");
    expect(
        &out,
        &["An error occurred (ClientException) when calling the RegisterTaskDefinition operation: Role is not valid", "arn:aws:iam::123456789012:role/NAME"],
    );
    let out = paste(&mut s, "    aws ecs create-service --cluster <cluster-arn> --service-name\n    FargateDemoService2 --task-defination <task-def-arn> --load-balancer file ://load-balancer.json -desired-count 2 --launch-type FARGATE --network-configuration file://task-networking.json -scheduling-strategy REPLICA\n    --deployment-container type-ECS");
    expect(
        &out,
        &[
            "argument --service-name: expected one argument",
            "this line looks like the rest of the previous command",
        ],
    );
    let out = paste(&mut s, "aws ecs create-service --cluster <cluster-arn> --service-name FargateDemoService2 --task-defination <task-def-arn> --load-balancer file ://load-balancer.json -desired-count 2 --launch-type FARGATE --network-configuration file://task-networking.json -scheduling-strategy REPLICA --deployment-container type-ECS");
    expect(
        &out,
        &[
            "did you mean '--task-definition'?",
            "'file ://load-balancer.json' has a space",
            "'-desired-count' has one dash",
            "'-scheduling-strategy' has one dash",
            "did you mean '--deployment-controller'?",
            "did you mean 'type=ECS'?",
        ],
    );
    s.run("aws ecs create-cluster --cluster-name fargate-cluster");
    let out = paste(&mut s, "aws ecs list-services --cluster fargatecluster");
    expect(
        &out,
        &[
            "An error occurred (ClusterNotFoundException) when calling the ListServices operation: Cluster not found.",
            "did you mean the cluster 'fargate-cluster'?",
        ],
    );
}

#[test]
fn ecr_demo_as_written() {
    // Notes 002, as written (bold markers included in the notes are not part of the commands).
    let mut s = Session::new();
    let out = paste(&mut s, "docker build -t cda-flask-app .");
    expect(&out, &["Successfully tagged cda-flask-app:latest"]);
    let out = paste(
        &mut s,
        "aws ecr create-repository --repository-name cda-penguin-app",
    );
    expect(
        &out,
        &["\"repositoryUri\": \"123456789012.dkr.ecr.us-east-1.amazonaws.com/cda-penguin-app\""],
    );
    // AWS CLI v1's get-login is gone in v2.
    let out = paste(
        &mut s,
        "aws ecr get-login --region us-east-1 --no-include-email",
    );
    expect(
        &out,
        &[
            "argument operation: Invalid choice",
            "'get-login' is not an operation: did you mean 'get-login-password'?",
        ],
    );
    // The notes push to their own account's registry: the login there is refused, with the reason.
    let out = paste(
        &mut s,
        "docker login -u AWS -p c29tZQ== https://375320954029.dkr.ecr.us-east-1.amazonaws.com",
    );
    expect(&out, &["login attempt to https://375320954029.dkr.ecr.us-east-1.amazonaws.com/v2/ failed with status: 400 Bad Request", "another account's"]);
    let out = paste(&mut s, "docker tag cda-flask-app:latest 375320954029.dkr.ecr.us-east-1.amazonaws.com/cda-penguin-app");
    assert_eq!(out.trim(), "");
    let out = paste(
        &mut s,
        "docker push 375320954029.dkr.ecr.us-east-1.amazonaws.com/cda-penguin-app",
    );
    expect(&out, &["The push refers to repository [375320954029.dkr.ecr.us-east-1.amazonaws.com/cda-penguin-app]", "no basic auth credentials"]);
}
