// Shared helpers for the CLI integration tests.
#![allow(dead_code)]

use ecs_sandbox_awscli::{MemoryFiles, Outcome, Sandbox};

pub struct Session {
    pub sandbox: Sandbox,
    pub files: MemoryFiles,
}

impl Session {
    pub fn new() -> Session {
        let mut sandbox = Sandbox::new(7);
        sandbox.check_output_shapes();
        let mut files = MemoryFiles::default();
        files.0.insert(
            "userdata.txt".into(),
            "#!/bin/bash\necho ECS_CLUSTER=ECSDemo >> /etc/ecs/ecs.config\n".into(),
        );
        files.0.insert(
            "container.json".into(),
            r#"[{"name": "webapp", "cpu": 100, "memory": 100,
                "image": "832211724292.dkr.ecr.us-east-1.amazonaws.com/pythonwebapp:latest",
                "portMappings": [{"protocol": "tcp", "containerPort": 8080, "hostPort": 80}], "essential": true}]"#
                .into(),
        );
        files.0.insert("dynamic.json".into(), r#"[{"name": "web", "image": "nginx", "memory": 256, "portMappings": [{"containerPort": 80}]}]"#.into());
        Session { sandbox, files }
    }

    /// Runs one command; returns what it printed.
    pub fn run(&mut self, line: &str) -> Outcome {
        let mut ran = self.sandbox.run_text(line, &self.files);
        ran.retain(|r| !r.command.is_empty());
        assert_eq!(ran.len(), 1, "expected one command in {line:?}");
        ran.pop().map(|r| r.outcome).unwrap_or_default()
    }

    /// Runs a command that must succeed; returns stdout.
    pub fn ok(&mut self, line: &str) -> String {
        let o = self.run(line);
        assert_eq!(
            o.exit_code, 0,
            "{line}\nstdout: {}\nstderr: {}",
            o.stdout, o.stderr
        );
        o.stdout
    }

    /// Runs a command with `--output text` semantics expected to print one value.
    pub fn value(&mut self, line: &str) -> String {
        self.ok(line).trim().to_string()
    }

    /// The EC2 demo of the course up to two registered container instances; returns the instance
    /// ids.
    pub fn ec2_demo_cluster(&mut self) -> Vec<String> {
        self.ok("aws ecs create-cluster --cluster-name ECSDemo");
        self.ok("aws ec2 create-key-pair --key-name ecs-container-instance-kp");
        let subnet = self.value("aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1a --query Subnets[0].SubnetId --output text");
        let sg = self.value("aws ec2 describe-security-groups --group-names default --query SecurityGroups[0].GroupId --output text");
        self.ok(&format!(
            "aws ec2 run-instances --count 2 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium \
             --key-name ecs-container-instance-kp --subnet-id {subnet} --security-group-ids {sg} \
             --iam-instance-profile Name=webappserver --associate-public-ip-address --user-data file://userdata.txt"
        ));
        let ids = self.value("aws ec2 describe-instances --query Reservations[].Instances[].InstanceId --output text");
        self.ok(&format!(
            "aws ec2 wait instance-running --instance-ids {ids}"
        ));
        ids.split_whitespace().map(String::from).collect()
    }

    pub fn assert_shapes_clean(&self) {
        let v = self.sandbox.shape_violations.as_ref().expect("checking on");
        assert!(
            v.is_empty(),
            "responses that do not match the output shapes:\n{}",
            v.join("\n")
        );
    }
}

/// A service of two tasks behind an ALB on two instances, then a new revision rolling out (the
/// user data file `u.txt` must name the cluster `demo`).
#[allow(dead_code)]
pub const ROLLING_BEHIND_AN_ALB: &[&str] = &[
    "aws ecs create-cluster --cluster-name demo",
    "aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.large --count 2 --iam-instance-profile Name=ecsInstanceRole --user-data file://u.txt",
    "sandbox advance 1m",
    "SUBNETS=$(aws ec2 describe-subnets --query 'Subnets[0:2].SubnetId' --output text)",
    "VPC=$(aws ec2 describe-vpcs --query 'Vpcs[0].VpcId' --output text)",
    "LB=$(aws elbv2 create-load-balancer --name web --subnets $SUBNETS --query 'LoadBalancers[0].LoadBalancerArn' --output text)",
    "TG=$(aws elbv2 create-target-group --name web-tg --protocol HTTP --port 80 --vpc-id $VPC --query 'TargetGroups[0].TargetGroupArn' --output text)",
    "aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG",
    "aws ecs register-task-definition --family web --container-definitions name=web,image=nginx,memory=128,portMappings=[{containerPort=80,hostPort=0}]",
    "aws ecs create-service --cluster demo --service-name web --task-definition web --desired-count 2 --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80",
    "sandbox advance 10m",
    "aws ecs register-task-definition --family web --container-definitions name=web,image=nginx:1.27,memory=128,portMappings=[{containerPort=80,hostPort=0}]",
    "aws ecs update-service --cluster demo --service web --task-definition web:2",
];
