//! Account settings, cluster settings, tags and task-definition deletion
//! (docs/clusters-and-settings.md, docs/task-definitions.md#deregistration-and-deletion), checked
//! as a learner would use them (outputs are
//! checked against the models by the session).

mod common;
use common::Session;

const ROOT: &str = "arn:aws:iam::123456789012:root";
const CLUSTER: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/demo";

#[test]
fn the_account_default_for_container_insights_applies_to_clusters_created_afterwards() {
    let mut s = Session::new();
    assert_eq!(
        s.value("aws ecs list-account-settings --output json --query length(settings)"),
        "0",
        "nothing set yet"
    );
    let effective = s.ok("aws ecs list-account-settings --effective-settings --name containerInsights --query settings[0].[value,principalArn] --output text");
    assert_eq!(effective.trim(), format!("disabled\t{ROOT}"));

    s.ok("aws ecs create-cluster --cluster-name before");
    let put =
        s.ok("aws ecs put-account-setting-default --name containerInsights --value enhanced --query setting.[name,value,principalArn,type] --output text");
    assert_eq!(
        put.trim(),
        format!("containerInsights\tenhanced\t{ROOT}\tuser")
    );
    s.ok("aws ecs create-cluster --cluster-name demo");
    let insights = |s: &mut Session, c: &str| {
        s.value(&format!("aws ecs describe-clusters --clusters {c} --include SETTINGS --query clusters[0].settings[0].value --output text"))
    };
    assert_eq!(
        s.value("aws ecs describe-clusters --clusters demo --query length(clusters[0].settings)"),
        "0",
        "settings only with --include SETTINGS"
    );
    assert_eq!(
        insights(&mut s, "before"),
        "disabled",
        "an existing cluster keeps its setting"
    );
    assert_eq!(insights(&mut s, "demo"), "enhanced");

    // A cluster's own setting, changed later.
    let updated =
        s.ok("aws ecs update-cluster-settings --cluster demo --settings name=containerInsights,value=disabled --query cluster.settings[0].value --output text");
    assert_eq!(updated.trim(), "disabled");
    let bad = s.run(
        "aws ecs update-cluster-settings --cluster demo --settings name=containerInsights,value=on",
    );
    assert_eq!(bad.exit_code, 254);
    assert!(
        bad.stderr.contains("(InvalidParameterException) when calling the UpdateClusterSettings operation: Invalid value for containerInsights: on."),
        "{}",
        bad.stderr
    );
    let missing = s.run("aws ecs update-cluster-settings --cluster nope --settings name=containerInsights,value=enabled");
    assert!(missing.stderr.contains("(ClusterNotFoundException) when calling the UpdateClusterSettings operation: Cluster not found."));

    // Listing: only what was set, or every setting in force; deleting goes back to the default.
    let listed = s.ok("aws ecs list-account-settings --query settings[].name --output text");
    assert_eq!(listed.trim(), "containerInsights");
    let all = s.ok(
        "aws ecs list-account-settings --effective-settings --query settings[].name --output json",
    );
    assert!(
        all.contains("serviceLongArnFormat") && all.contains("fargateTaskRetirementWaitPeriod"),
        "{all}"
    );
    assert_eq!(s.value("aws ecs list-account-settings --effective-settings --value enhanced --query settings[].name --output text"), "containerInsights");
    s.ok("aws ecs delete-account-setting --name containerInsights");
    assert_eq!(s.value("aws ecs list-account-settings --effective-settings --name containerInsights --query settings[0].value --output text"), "disabled");
}

#[test]
fn account_settings_refuse_what_aws_refuses() {
    let mut s = Session::new();
    for (line, says) in [
        ("aws ecs put-account-setting --name containerInsights --value yes", "Invalid value 'yes' for containerInsights"),
        ("aws ecs put-account-setting --name guardDutyActivate --value on", "guardDutyActivate is read-only"),
        (
            "aws ecs put-account-setting --name fargateTaskRetirementWaitPeriod --value 14 --principal-arn arn:aws:iam::123456789012:user/ana",
            "can only be set for the root user",
        ),
        ("aws ecs put-account-setting --name awsvpcTrunking --value enabled --principal-arn arn:aws:iam::999999999999:root", "Invalid principal ARN"),
    ] {
        let out = s.run(line);
        assert_eq!(out.exit_code, 254, "{line}");
        assert!(
            out.stderr.contains("(InvalidParameterException) when calling the PutAccountSetting operation") && out.stderr.contains(says),
            "{line}: {}",
            out.stderr
        );
    }
    // A user's own setting overrides the account default for that user only.
    s.ok("aws ecs put-account-setting --name awsvpcTrunking --value enabled --principal-arn arn:aws:iam::123456789012:user/ana");
    let ana = "--principal-arn arn:aws:iam::123456789012:user/ana";
    assert_eq!(
        s.value(&format!("aws ecs list-account-settings --effective-settings --name awsvpcTrunking {ana} --query settings[0].value --output text")),
        "enabled"
    );
    assert_eq!(s.value("aws ecs list-account-settings --effective-settings --name awsvpcTrunking --query settings[0].value --output text"), "disabled");
}

#[test]
fn tags_are_added_replaced_removed_and_listed_on_every_taggable_resource() {
    let mut s = Session::new();
    s.ok("aws ecs create-cluster --cluster-name demo");
    assert_eq!(s.ok(&format!("aws ecs tag-resource --resource-arn {CLUSTER} --tags key=team,value=web key=env,value=dev")), "", "no output, as the CLI");
    s.ok(&format!(
        "aws ecs tag-resource --resource-arn {CLUSTER} --tags key=env,value=prod"
    ));
    assert_eq!(
        s.ok(&format!(
            "aws ecs list-tags-for-resource --resource-arn {CLUSTER} --output text"
        )),
        "TAGS\tteam\tweb\nTAGS\tenv\tprod\n"
    );
    s.ok(&format!(
        "aws ecs untag-resource --resource-arn {CLUSTER} --tag-keys env"
    ));
    assert_eq!(s.value("aws ecs describe-clusters --clusters demo --include TAGS --query clusters[0].tags[].key --output text"), "team");
    assert_eq!(
        s.value("aws ecs describe-clusters --clusters demo --query length(clusters[0].tags)"),
        "0",
        "tags only with --include TAGS"
    );
    assert_eq!(
        s.value("aws ecs describe-clusters --clusters demo --query length(clusters[0].statistics)"),
        "0"
    );

    // A task definition registered with tags, a service, a task and a container instance.
    let td = s.value("aws ecs register-task-definition --family web --container-definitions name=web,image=nginx,memory=64 --tags key=app,value=web --query taskDefinition.taskDefinitionArn --output text");
    assert_eq!(s.value("aws ecs describe-task-definition --task-definition web:1 --include TAGS --query tags[0].value --output text"), "web");
    s.ok(&format!(
        "aws ecs tag-resource --resource-arn {td} --tags key=owner,value=ana"
    ));
    assert_eq!(
        s.value(&format!(
            "aws ecs list-tags-for-resource --resource-arn {td} --query tags[].key --output text"
        )),
        "app\towner"
    );
    s.ec2_demo_cluster();
    let ci = s.value("aws ecs list-container-instances --cluster ECSDemo --query containerInstanceArns[0] --output text");
    s.ok(&format!(
        "aws ecs tag-resource --resource-arn {ci} --tags key=rack,value=a"
    ));
    assert_eq!(s.value(&format!("aws ecs describe-container-instances --cluster ECSDemo --container-instances {ci} --include TAGS --query containerInstances[0].tags[0].value --output text")), "a");
    let task = s.value("aws ecs run-task --cluster ECSDemo --task-definition web --query tasks[0].taskArn --output text");
    s.ok(&format!(
        "aws ecs tag-resource --resource-arn {task} --tags key=job,value=once"
    ));
    assert_eq!(s.value(&format!("aws ecs describe-tasks --cluster ECSDemo --tasks {task} --include TAGS --query tasks[0].tags[0].key --output text")), "job");
    s.ok("aws ecs create-service --cluster ECSDemo --service-name web --task-definition web --desired-count 1");
    s.ok("sandbox advance 1m");
    let stats = s.ok("aws ecs describe-clusters --clusters ECSDemo --include STATISTICS --query clusters[0].statistics --output text");
    for line in [
        "runningEC2TasksCount\t2",
        "runningFargateTasksCount\t0",
        "activeEC2ServiceCount\t1",
        "drainingFargateServiceCount\t0",
    ] {
        assert!(stats.lines().any(|l| l == line), "{line} in\n{stats}");
    }
    let svc = "arn:aws:ecs:us-east-1:123456789012:service/ECSDemo/web";
    s.ok(&format!(
        "aws ecs tag-resource --resource-arn {svc} --tags key=tier,value=front"
    ));
    assert_eq!(s.value("aws ecs describe-services --cluster ECSDemo --services web --include TAGS --query services[0].tags[0].value --output text"), "front");
}

#[test]
fn tagging_refuses_what_aws_refuses() {
    let mut s = Session::new();
    s.ok("aws ecs create-cluster --cluster-name demo");
    let cases = [
        (
            "aws ecs tag-resource --resource-arn arn:aws:ecs:us-east-1:123456789012:cluster/nope --tags key=a,value=b",
            "(ClusterNotFoundException) when calling the TagResource operation: Cluster not found.",
        ),
        (
            "aws ecs tag-resource --resource-arn arn:aws:ecs:us-east-1:123456789012:service/web --tags key=a,value=b",
            "(InvalidParameterException) when calling the TagResource operation: Long arn format must be used for tagging operations",
        ),
        ("aws ecs tag-resource --resource-arn arn:aws:ecs:us-east-1:123456789012:service/demo/web --tags key=a,value=b", "(ResourceNotFoundException)"),
        (&*format!("aws ecs tag-resource --resource-arn {CLUSTER} --tags key=aws:owner,value=b"), "keys that begin with aws: are reserved"),
        (
            "aws ecs tag-resource --resource-arn demo --tags key=a,value=b",
            "(InvalidParameterException) when calling the TagResource operation: Invalid resource ARN 'demo'",
        ),
        ("aws ecs list-tags-for-resource --resource-arn arn:aws:ecs:us-east-1:123456789012:task-definition/web:9", "(ResourceNotFoundException)"),
        ("aws ecs tag-resource --resource-arn arn:aws:ecs:us-east-1:123456789012:capacity-provider/FARGATE --tags key=a,value=b", "managed by AWS"),
    ];
    for (line, says) in cases {
        let out = s.run(line);
        assert_eq!(out.exit_code, 254, "{line}");
        assert!(out.stderr.contains(says), "{line}: {}", out.stderr);
    }
    // The same rules hold for tags given when a resource is created.
    for line in [
        "aws ecs create-cluster --cluster-name other --tags key=aws:team,value=x",
        "aws ecs register-task-definition --family web --container-definitions name=web,image=nginx,memory=64 --tags key=aws:team,value=x",
    ] {
        assert!(s.run(line).stderr.contains("keys that begin with aws: are reserved"), "{line}");
    }
    assert_eq!(
        s.value("aws ecs list-clusters --query length(clusterArns)"),
        "1"
    );
    // At most 50 tags on a resource; the refused request changes nothing.
    let many: Vec<String> = (0..51).map(|i| format!("key=k{i},value=v")).collect();
    let out = s.run(&format!(
        "aws ecs tag-resource --resource-arn {CLUSTER} --tags {}",
        many.join(" ")
    ));
    assert!(
        out.stderr.contains("(LimitExceededException)"),
        "{}",
        out.stderr
    );
    assert_eq!(
        s.value(&format!(
            "aws ecs list-tags-for-resource --resource-arn {CLUSTER} --query length(tags)"
        )),
        "0"
    );
}

#[test]
fn a_deregistered_revision_is_deleted_once_nothing_uses_it() {
    let mut s = Session::new();
    s.ec2_demo_cluster();
    s.ok("aws ecs register-task-definition --family web --container-definitions name=web,image=nginx,memory=64");
    s.ok("aws ecs create-service --cluster ECSDemo --service-name web --task-definition web:1 --desired-count 1");
    s.ok("sandbox advance 1m");

    let refused = s.ok("aws ecs delete-task-definitions --task-definitions web:1 web:9 --query failures[].reason --output text");
    assert_eq!(
        refused.trim(),
        "TASK_DEFINITION_IS_ACTIVE\tTASK_DEFINITION_NOT_FOUND"
    );
    s.ok("aws ecs deregister-task-definition --task-definition web:1");
    let deleting = s.ok("aws ecs delete-task-definitions --task-definitions web:1 --query taskDefinitions[0].status --output text");
    assert_eq!(deleting.trim(), "DELETE_IN_PROGRESS");
    let run = s.run("aws ecs run-task --cluster ECSDemo --task-definition web:1");
    assert_eq!(
        run.exit_code, 254,
        "a revision being deleted cannot start new tasks"
    );

    // The service still uses it: it stays until the service is gone.
    s.ok("sandbox advance 1m");
    assert_eq!(s.value("aws ecs describe-task-definition --task-definition web:1 --query taskDefinition.status --output text"), "DELETE_IN_PROGRESS");
    s.ok("aws ecs delete-service --cluster ECSDemo --service web --force");
    s.ok("sandbox advance 5m");
    let gone = s.run("aws ecs describe-task-definition --task-definition web:1");
    assert!(
        gone.stderr.contains("(ClientException) when calling the DescribeTaskDefinition operation: Unable to describe task definition."),
        "{}",
        gone.stderr
    );
    assert_eq!(
        s.value("aws ecs list-task-definition-families --status ALL --query length(families)"),
        "0"
    );
    // Revisions never go back.
    let next = s.value("aws ecs register-task-definition --family web --container-definitions name=web,image=nginx,memory=64 --query taskDefinition.revision");
    assert_eq!(next, "2");
}
