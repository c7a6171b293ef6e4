//! `help` (and `sandbox help`): everything a learner can type, in one page.

/// The overview printed by `help`. The operations and options of each service come from its model
/// (`aws ecs help`, `aws ecs run-task help`), so they are not repeated here.
pub const OVERVIEW: &str = "\
ECS Sandbox: a simulated AWS account (123456789012, us-east-1) for learning Amazon ECS. Nothing talks to AWS.

The AWS CLI, as `aws SERVICE OPERATION [options]` (`aws SERVICE help` lists the operations, `aws SERVICE OPERATION help` the options):
  aws ecs      clusters, container instances, task definitions, tasks, services, attributes, capacity providers
  aws ec2      VPCs, subnets, security groups, key pairs, instances (an ECS-optimized AMI joins the cluster its user data names)
  aws elbv2    load balancers, target groups, listeners, rules, target health
  aws events   scheduled rules (cron, rate) whose targets run ECS tasks
  aws ecr      repositories, images, get-login-password
  Options of every command: --output json|text|table|yaml, --query JMESPATH, --cli-input-json, --generate-cli-skeleton, --region

Beside the CLI:
  docker build|tag|images|login|push       a model of pushing an image to ECR
  curl [-X METHOD] [-H 'Name: value'] URL  a request through a load balancer, or straight to an instance or a task, hop by hop
  sandbox advance DURATION                 moves the virtual clock (30s, 5m, 1h30m); `aws ecs wait ...` moves it too
  sandbox now                              the virtual time
  sandbox state [--query JMESPATH]         a summary of the whole account
  sandbox explain TASK|SERVICE             why the placement engine put a task where it is, or could not place one
  sandbox dry-run COMMAND                  where a command's tasks would go, without running it
  sandbox rule NAME                        an EventBridge rule's next firing and what it started
  sandbox cost                             the hourly cost of the EC2 instances vs the same tasks on Fargate
  sandbox az-down ZONE | az-up ZONE        takes an Availability Zone down (a what-if) and brings it back
  sandbox adopt-id OLD NEW                 renames a resource ID, so a course's own IDs work verbatim

A little shell: NAME=value (or export NAME=value, unset NAME), $NAME and ${NAME}, $(command), echo; ; and && between commands.
  The CLI reads AWS_DEFAULT_OUTPUT (json, text, table, yaml) and AWS_REGION / AWS_DEFAULT_REGION from it.
In the web page also: clear, undo, reset (and the buttons); Tab completes, Up/Down walk the history, Ctrl+R searches it.
Natively: ecs-sandbox run SCRIPT runs a script, ecs-sandbox reset starts again.
";
