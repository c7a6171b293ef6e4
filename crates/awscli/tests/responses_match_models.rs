//! Every response a broad scenario produces must match the committed output shapes (member names,
//! types, enum values).

mod common;
use common::Session;

#[test]
fn every_response_matches_its_output_shape() {
    let mut s = Session::new();
    let ids = s.ec2_demo_cluster();
    for cmd in [
        "aws ec2 describe-vpcs",
        "aws ec2 describe-subnets",
        "aws ec2 describe-security-groups",
        "aws ec2 describe-availability-zones",
        "aws ec2 describe-regions",
        "aws ec2 describe-instance-types --instance-types t3.medium",
        "aws ec2 describe-images",
        "aws ec2 describe-key-pairs",
        "aws ec2 describe-instances",
        "aws ec2 create-vpc --cidr-block 10.0.0.0/16",
        "aws ec2 create-security-group --group-name web --description web",
        "aws ec2 authorize-security-group-ingress --group-name web --protocol tcp --port 80 --cidr 0.0.0.0/0",
        "aws ecs describe-clusters --clusters ECSDemo nope",
        "aws ecs list-clusters",
        "aws ecs list-container-instances --cluster ECSDemo --filter \"attribute:ecs.instance-type == t3.medium\"",
        "aws ecs register-task-definition --family python-app --task-role-arn arn:aws:iam::832211724792:role/PythonECSTask --execution-role-arn arn:aws:iam::832211724792:role/ecsTaskExecutionRole --network-mode bridge --container-definitions file://container.json",
        "aws ecs register-task-definition --family web --container-definitions file://dynamic.json",
        "aws ecs describe-task-definition --task-definition python-app:1",
        "aws ecs list-task-definitions",
        "aws ecs list-task-definition-families",
        "aws ecs run-task --cluster ECSDemo --task-definition python-app --count 3",
        "aws ecs run-task --cluster ECSDemo --task-definition web --count 4",
        "aws ecs list-tasks --cluster ECSDemo",
    ] {
        s.ok(cmd);
    }
    let tasks = s.value("aws ecs list-tasks --cluster ECSDemo --query taskArns --output text");
    s.ok(&format!(
        "aws ecs wait tasks-running --cluster ECSDemo --tasks {tasks}"
    ));
    s.ok(&format!(
        "aws ecs describe-tasks --cluster ECSDemo --tasks {tasks} nope"
    ));
    let ci = s.value("aws ecs list-container-instances --cluster ECSDemo --query containerInstanceArns[0] --output text");
    s.ok(&format!(
        "aws ecs describe-container-instances --cluster ECSDemo --container-instances {ci} nope"
    ));
    s.ok(&format!("aws ecs update-container-instances-state --cluster ECSDemo --container-instances {ci} --status DRAINING"));
    let first = tasks
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    s.ok(&format!(
        "aws ecs stop-task --cluster ECSDemo --task {first}"
    ));
    s.ok(&format!(
        "aws ecs wait tasks-stopped --cluster ECSDemo --tasks {first}"
    ));
    s.ok(&format!(
        "aws ecs describe-tasks --cluster ECSDemo --tasks {first}"
    ));
    s.ok("aws ecs create-service --cluster ECSDemo --service-name web --task-definition web --desired-count 2 --placement-strategy type=spread,field=attribute:ecs.availability-zone");
    s.ok("aws ecs list-services --cluster ECSDemo");
    s.ok("aws ecs wait services-stable --cluster ECSDemo --services web");
    s.ok("aws ecs update-service --cluster ECSDemo --service web --desired-count 3 --deployment-configuration maximumPercent=150,minimumHealthyPercent=50");
    s.ok("aws ecs describe-services --cluster ECSDemo --services web nope --include TAGS");
    s.ok(&format!(
        "aws ecs put-attributes --cluster ECSDemo --attributes name=stack,value=prod,targetId={ci}"
    ));
    s.ok("aws ecs list-attributes --cluster ECSDemo --target-type container-instance --attribute-name stack");
    s.ok(&format!(
        "aws ecs delete-attributes --cluster ECSDemo --attributes name=stack,targetId={ci}"
    ));
    s.ok("aws ecs delete-service --cluster ECSDemo --service web --force");
    // Load balancing.
    let a = s.value("aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1a --query Subnets[0].SubnetId --output text");
    let b = s.value("aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1b --query Subnets[0].SubnetId --output text");
    let vpc = s.value("aws ec2 describe-vpcs --query Vpcs[0].VpcId --output text");
    let lb = s.value(&format!("aws elbv2 create-load-balancer --name web --subnets {a} {b} --query LoadBalancers[0].LoadBalancerArn --output text"));
    let tg = s.value(&format!(
        "aws elbv2 create-target-group --name web-tg --protocol HTTP --port 80 --vpc-id {vpc} --query TargetGroups[0].TargetGroupArn --output text"
    ));
    let listener = s.value(&format!("aws elbv2 create-listener --load-balancer-arn {lb} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={tg} --query Listeners[0].ListenerArn --output text"));
    s.ok(&format!("aws elbv2 create-rule --listener-arn {listener} --priority 10 --conditions Field=path-pattern,Values='/api/*' Field=http-request-method,HttpRequestMethodConfig={{Values=[GET]}} --actions Type=fixed-response,FixedResponseConfig={{StatusCode=404,ContentType=text/plain,MessageBody=none}}"));
    s.ok(&format!(
        "aws elbv2 describe-rules --listener-arn {listener}"
    ));
    s.ok(&format!(
        "aws elbv2 describe-listeners --load-balancer-arn {lb}"
    ));
    s.ok("aws elbv2 describe-load-balancers");
    s.ok(&format!(
        "aws elbv2 describe-target-groups --load-balancer-arn {lb}"
    ));
    s.ok(&format!(
        "aws elbv2 describe-target-group-attributes --target-group-arn {tg}"
    ));
    s.ok(&format!("aws ecs create-service --cluster ECSDemo --service-name lb --task-definition web --desired-count 2 --load-balancers targetGroupArn={tg},containerName=web,containerPort=80"));
    s.ok("sandbox advance 3m");
    s.ok(&format!(
        "aws elbv2 describe-target-health --target-group-arn {tg}"
    ));
    s.ok("aws ecs describe-services --cluster ECSDemo --services lb");
    s.ok("aws ecs update-service --cluster ECSDemo --service lb --desired-count 1");
    s.ok(&format!(
        "aws elbv2 describe-target-health --target-group-arn {tg}"
    ));
    s.ok("aws ecs delete-service --cluster ECSDemo --service lb --force");
    s.ok(&format!(
        "aws elbv2 delete-listener --listener-arn {listener}"
    ));
    s.ok(&format!(
        "aws elbv2 delete-target-group --target-group-arn {tg}"
    ));
    s.ok(&format!(
        "aws elbv2 delete-load-balancer --load-balancer-arn {lb}"
    ));
    s.ok("aws events put-rule --name nightly --schedule-expression 'cron(0 2 * * ? *)' --description 'nightly report'");
    s.ok("aws events put-targets --rule nightly --targets 'Id=1,Arn=arn:aws:ecs:us-east-1:123456789012:cluster/ECSDemo,RoleArn=arn:aws:iam::123456789012:role/ecsEventsRole,EcsParameters={TaskDefinitionArn=web,TaskCount=1}'");
    s.ok("aws events list-rules");
    s.ok("aws events describe-rule --name nightly");
    s.ok("aws events list-targets-by-rule --rule nightly");
    s.ok("sandbox advance 18h");
    s.ok("aws events disable-rule --name nightly");
    s.ok("aws events remove-targets --rule nightly --ids 1");
    s.ok("aws events delete-rule --name nightly");
    s.ok("aws ecs deregister-task-definition --task-definition web:1");
    s.ok(&format!(
        "aws ec2 terminate-instances --instance-ids {}",
        ids.join(" ")
    ));
    s.ok("sandbox advance 1m");
    s.ok(&format!(
        "aws ec2 describe-instances --instance-ids {}",
        ids.join(" ")
    ));
    s.ok("sandbox advance 10m");
    s.ok("aws ecs delete-cluster --cluster ECSDemo");
    s.assert_shapes_clean();
}
