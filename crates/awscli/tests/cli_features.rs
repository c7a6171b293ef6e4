//! The AWS CLI features a course relies on, each through the command line as a learner types it.

mod common;
use common::Session;
use serde_json::Value;

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn generate_cli_skeleton_and_cli_input_json_round_trip() {
    let mut s = Session::new();
    let skeleton = json(&s.ok("aws ecs create-cluster --generate-cli-skeleton"));
    assert_eq!(skeleton["clusterName"], "");
    assert_eq!(skeleton["settings"][0]["name"], "containerInsights");
    assert_eq!(
        skeleton["tags"],
        serde_json::json!([{"key": "", "value": ""}])
    );
    let out = s.ok("aws ecs create-cluster --generate-cli-skeleton output");
    assert!(json(&out)["cluster"]["registeredContainerInstancesCount"].is_number());
    assert!(s
        .ok("aws ecs create-cluster --generate-cli-skeleton yaml-input")
        .starts_with("capacityProviders:"));

    s.files.0.insert("cluster.json".into(), r#"{"clusterName": "fromfile", "settings": [{"name": "containerInsights", "value": "enabled"}]}"#.into());
    let out = json(&s.ok("aws ecs create-cluster --cli-input-json file://cluster.json"));
    assert_eq!(out["cluster"]["clusterName"], "fromfile");
    assert_eq!(out["cluster"]["settings"][0]["value"], "enabled");
    // Command-line arguments override the JSON.
    let out =
        json(&s.ok(
            "aws ecs create-cluster --cli-input-json file://cluster.json --cluster-name override",
        ));
    assert_eq!(out["cluster"]["clusterName"], "override");
}

#[test]
fn booleans_lists_shorthand_json_and_files() {
    let mut s = Session::new();
    s.ec2_demo_cluster();
    s.ok(
        "aws ecs register-task-definition --family web --container-definitions file://dynamic.json",
    );
    let out = json(&s.ok("aws ecs run-task --cluster ECSDemo --task-definition web --enable-execute-command --tags key=team,value=blue key=env,value=dev"));
    assert_eq!(out["tasks"][0]["enableExecuteCommand"], true);
    let arn = out["tasks"][0]["taskArn"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let described = json(&s.ok(&format!(
        "aws ecs describe-tasks --cluster ECSDemo --tasks {arn} --include TAGS"
    )));
    assert_eq!(
        described["tasks"][0]["tags"],
        serde_json::json!([{"key": "team", "value": "blue"}, {"key": "env", "value": "dev"}])
    );
    let out = json(&s.ok("aws ecs run-task --cluster ECSDemo --task-definition web --no-enable-execute-command --tags '[{\"key\": \"k\", \"value\": \"v\"}]'"));
    assert_eq!(out["tasks"][0]["enableExecuteCommand"], false);
    assert_eq!(out["tasks"][0]["tags"][0]["key"], "k");
    // A space-separated list, and the --option=value form (which, as in argparse, takes one value).
    let out = s.ok("aws ecs describe-clusters --clusters ECSDemo nope --query failures[0].reason --output=text");
    assert_eq!(out, "MISSING\n");
    let out = s.ok(
        "aws ecs describe-clusters --clusters=ECSDemo --query clusters[0].status --output=text",
    );
    assert_eq!(out, "ACTIVE\n");
    assert!(s
        .run("aws ecs describe-clusters --clusters=ECSDemo nope")
        .stderr
        .contains("Unknown options: nope"));
}

#[test]
fn output_formats_query_and_globals() {
    let mut s = Session::new();
    s.ok("aws ecs create-cluster --cluster-name demo");
    assert_eq!(
        s.ok("aws ecs list-clusters --output text"),
        "CLUSTERARNS\tarn:aws:ecs:us-east-1:123456789012:cluster/demo\n"
    );
    assert!(s
        .ok("aws ecs list-clusters --output table")
        .contains("|                    ListClusters                     |"));
    assert_eq!(
        s.ok("aws ecs list-clusters --output yaml"),
        "clusterArns:\n- arn:aws:ecs:us-east-1:123456789012:cluster/demo\n"
    );
    assert_eq!(
        s.ok("aws --region us-east-1 --no-cli-pager ecs list-clusters --query 'clusterArns[0]'"),
        "\"arn:aws:ecs:us-east-1:123456789012:cluster/demo\"\n"
    );
    assert_eq!(
        s.ok("aws ec2 describe-availability-zones --query 'length(AvailabilityZones)'"),
        "6\n"
    );
    let o = s.run("aws ecs list-clusters --region eu-west-1");
    assert_ne!(o.exit_code, 0);
    assert!(o.stderr.contains("us-east-1"));
    let o = s.run("aws ecs list-clusters --output xml");
    assert_eq!(o.exit_code, 252);
    assert!(o.stderr.contains("argument --output: Invalid choice"));
    let o = s.run("aws ecs list-clusters --query 'clusterArns[0'");
    assert_eq!(o.exit_code, 255);
    assert!(o.stderr.contains("Bad value for --query"));
}

#[test]
fn default_vpc_subnets_and_security_groups() {
    let mut s = Session::new();
    let vpc = json(&s.ok("aws ec2 describe-vpcs --filters Name=isDefault,Values=true"));
    assert_eq!(vpc["Vpcs"][0]["CidrBlock"], "172.31.0.0/16");
    let subnets = json(&s.ok(
        "aws ec2 describe-subnets --query 'Subnets[].[AvailabilityZone,CidrBlock,DefaultForAz]'",
    ));
    assert_eq!(subnets.as_array().map(|a| a.len()), Some(6));
    assert_eq!(
        subnets[0],
        serde_json::json!(["us-east-1a", "172.31.0.0/20", true])
    );
    let sg =
        json(&s.ok("aws ec2 create-security-group --group-name web --description 'web servers'"));
    let id = sg["GroupId"].as_str().unwrap_or_default().to_string();
    s.ok(&format!("aws ec2 authorize-security-group-ingress --group-id {id} --protocol tcp --port 32768-65535 --cidr 0.0.0.0/0"));
    let d = json(&s.ok(&format!(
        "aws ec2 describe-security-groups --group-ids {id}"
    )));
    assert_eq!(
        d["SecurityGroups"][0]["IpPermissions"][0]["FromPort"],
        32768
    );
    assert_eq!(d["SecurityGroups"][0]["IpPermissions"][0]["ToPort"], 65535);
    let o = s.run(&format!("aws ec2 authorize-security-group-ingress --group-id {id} --protocol tcp --port 32768-65535 --cidr 0.0.0.0/0"));
    assert_eq!(o.exit_code, 254);
    assert!(o.stderr.contains("(InvalidPermission.Duplicate)"));
    let vpc2 = json(&s.ok("aws ec2 create-vpc --cidr-block 10.0.0.0/16"));
    let vpc_id = vpc2["Vpc"]["VpcId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let sub = json(&s.ok(&format!("aws ec2 create-subnet --vpc-id {vpc_id} --cidr-block 10.0.1.0/24 --availability-zone us-east-1b")));
    assert_eq!(sub["Subnet"]["AvailableIpAddressCount"], 251);
    let o = s.run(&format!(
        "aws ec2 create-subnet --vpc-id {vpc_id} --cidr-block 10.0.1.128/25"
    ));
    assert!(o.stderr.contains("InvalidSubnet.Conflict"), "{}", o.stderr);
}

#[test]
fn instances_get_addresses_from_their_subnet() {
    let mut s = Session::new();
    let ids = s.ec2_demo_cluster();
    let d = json(&s.ok(&format!(
        "aws ec2 describe-instances --instance-ids {} --query 'Reservations[0].Instances[0]'",
        ids[0]
    )));
    let ip = d["PrivateIpAddress"].as_str().unwrap_or_default();
    assert!(ip.starts_with("172.31."), "{ip}");
    assert_eq!(
        d["PrivateDnsName"],
        format!("ip-{}.ec2.internal", ip.replace('.', "-"))
    );
    let public = d["PublicIpAddress"].as_str().unwrap_or_default();
    assert_eq!(
        d["PublicDnsName"],
        format!("ec2-{}.compute-1.amazonaws.com", public.replace('.', "-"))
    );
    assert_eq!(d["State"]["Name"], "running");
    assert_eq!(
        d["IamInstanceProfile"]["Arn"],
        "arn:aws:iam::123456789012:instance-profile/webappserver"
    );
    let o = s.run("aws ec2 describe-instances --instance-ids i-0123456789abcdef0");
    assert!(o.stderr.contains(
        "An error occurred (InvalidInstanceID.NotFound) when calling the DescribeInstances operation: The instance ID 'i-0123456789abcdef0' does not exist"
    ));
}

#[test]
fn query_results_keep_the_order_the_cli_prints() {
    let mut s = Session::new();
    let ids = s.ec2_demo_cluster();
    // A multiselect hash prints in the expression's order, not sorted (the text format sorts, as
    // awscli's does).
    let out = s.ok("aws ec2 describe-instances --query Reservations[].Instances[].{ID:InstanceId,AZ:Placement.AvailabilityZone}");
    assert!(
        out.starts_with(&format!(
            "[\n    {{\n        \"ID\": \"{}\",\n        \"AZ\"",
            ids[0]
        )),
        "{out}"
    );
    let text = s.ok("aws ec2 describe-instances --query Reservations[].Instances[].{ID:InstanceId,AZ:Placement.AvailabilityZone} --output text");
    assert!(text.starts_with("us-east-1"), "{text}");
    // An object of the response keeps the response's order.
    let cluster = s.ok("aws ecs describe-clusters --clusters ECSDemo --query clusters[0]");
    assert!(cluster.starts_with("{\n    \"clusterArn\""), "{cluster}");
}

#[test]
fn ec2_refuses_bad_values_in_its_own_words() {
    let mut s = Session::new();
    let o =
        s.run("aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.medum");
    assert_eq!(o.exit_code, 254);
    assert!(
        o.stderr.contains("An error occurred (InvalidParameterValue) when calling the RunInstances operation: Invalid value 't3.medum' for InstanceType.\n"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("did you mean 't3.medium'?"),
        "{}",
        o.stderr
    );
    // A real type the sandbox does not simulate: EC2's message, then what the sandbox has.
    let o = s.run(
        "aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type x2iedn.xlarge",
    );
    assert!(
        o.stderr
            .contains("Invalid value 'x2iedn.xlarge' for InstanceType."),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr
            .contains("the sandbox simulates these instance types"),
        "{}",
        o.stderr
    );
    // Any other EC2 enum: EC2's wording, not the JSON services' "1 validation error detected".
    let o = s.run("aws ec2 create-vpc --cidr-block 10.1.0.0/16 --instance-tenancy dedicatd");
    assert!(
        o.stderr
            .contains("operation: Invalid value 'dedicatd' for InstanceTenancy.\n"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr
            .contains("did you mean 'dedicated' instead of 'dedicatd'?"),
        "{}",
        o.stderr
    );
    // The cut enum still gives the skeleton its first value, as botocore's generator does.
    assert!(s
        .ok("aws ec2 run-instances --generate-cli-skeleton")
        .contains("\"InstanceType\": \"a1.medium\""));
}

#[test]
fn an_arn_copied_from_elsewhere_names_the_load_balancers_that_exist() {
    let mut s = Session::new();
    let subnets = s.run("aws ec2 describe-subnets --query Subnets[0:2].SubnetId --output text");
    let subnets = subnets
        .stdout
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    s.run(&format!(
        "aws elbv2 create-load-balancer --name web --subnets {subnets}"
    ));
    let o = s.run("aws elbv2 describe-listeners --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/f513444b6455a3e8");
    assert!(o.stderr.contains("(LoadBalancerNotFound)"), "{}", o.stderr);
    assert!(
        o.stderr.contains("[sandbox hint] existing load balancers: web (arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/"),
        "{}",
        o.stderr
    );
    assert!(o
        .stderr
        .contains("LB=$(aws elbv2 describe-load-balancers --names NAME"));
}

#[test]
fn source_group_takes_an_id_as_the_cli_does() {
    let mut s = Session::new();
    let web = s.run("aws ec2 create-security-group --group-name web --description w --query GroupId --output text");
    let web = web.stdout.trim().to_string();
    let def = s.run("aws ec2 describe-security-groups --group-names default --query SecurityGroups[0].GroupId --output text");
    let def = def.stdout.trim().to_string();
    // An sg- value is the source group's ID (the CLI sends it in the permission's group pair).
    let o = s.run(&format!("aws ec2 authorize-security-group-ingress --group-id {web} --protocol tcp --port 80 --source-group {def}"));
    assert_eq!(o.exit_code, 0, "{}", o.stderr);
    let o = s.run(&format!("aws ec2 describe-security-groups --group-ids {web} --query SecurityGroups[0].IpPermissions[0].UserIdGroupPairs[0].GroupId --output text"));
    assert_eq!(o.stdout.trim(), def);
    // A name is still a name.
    let o = s.run(&format!("aws ec2 authorize-security-group-ingress --group-id {web} --protocol tcp --port 81 --source-group default"));
    assert_eq!(o.exit_code, 0, "{}", o.stderr);
}

#[test]
fn options_the_sandbox_does_not_simulate_are_refused_not_ignored() {
    let mut s = Session::new();
    s.run("aws ecs create-cluster --cluster-name demo");
    s.run("aws ecs register-task-definition --family web --container-definitions name=web,image=nginx,memory=128");
    for (line, member) in [
        ("aws ecs create-service --cluster demo --service-name a --task-definition web --service-registries registryArn=arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1", "serviceRegistries"),
        ("aws ecs create-service --cluster demo --service-name b --task-definition web --service-connect-configuration enabled=true", "serviceConnectConfiguration"),
        ("aws ecs run-task --cluster demo --task-definition web --volume-configurations name=v,managedEBSVolume={roleArn=arn:aws:iam::123456789012:role/r}", "volumeConfigurations"),
        ("aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --instance-type t3.micro --instance-market-options MarketType=spot", "InstanceMarketOptions"),
    ] {
        let o = s.run(line);
        assert!(
            o.stderr.contains("(SandboxNotSimulated)") && o.stderr.contains(member),
            "{line}: {}",
            o.stderr
        );
    }
    let o = s.run("aws ecs list-services --cluster demo --query 'length(serviceArns)'");
    assert_eq!(o.stdout.trim(), "0", "nothing was applied");
}

#[test]
fn ecs_refuses_a_missing_task_definition_and_a_wrong_override_in_its_own_words() {
    let mut s = Session::new();
    s.run("aws ecs create-cluster --cluster-name demo");
    s.run("aws ecs register-task-definition --family web --container-definitions name=web,image=nginx,memory=128");
    let o =
        s.run("aws ecs create-service --cluster demo --service-name x --task-definition nope:3");
    assert!(
        o.stderr.contains("An error occurred (ClientException) when calling the CreateService operation: TaskDefinition not found."),
        "{}",
        o.stderr
    );
    let o = s.run(r#"aws ecs run-task --cluster demo --task-definition web --overrides '{"containerOverrides":[{"name":"nothere","command":["x"]}]}'"#);
    assert!(
        o.stderr.contains("(InvalidParameterException) when calling the RunTask operation: Override for container named nothere is not a container in the TaskDefinition."),
        "{}",
        o.stderr
    );
}
