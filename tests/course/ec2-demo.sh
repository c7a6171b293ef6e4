#!/usr/bin/env bash
# The EC2 demo of the course (seeds 000/003) through the native command, typos corrected, then the
# seed's own typo'd commands, each of which must get an error with a suggestion.
# Usage: tests/course/ec2-demo.sh PATH/TO/ecs-sandbox
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$1"

printf '#!/bin/bash\necho ECS_CLUSTER=ECSDemo >> /etc/ecs/ecs.config\n' > userdata.txt
cat > container.json <<'JSON'
[ { "name": "webapp", "cpu": 100, "memory": 100,
    "image": "832211724292.dkr.ecr.us-east-1.amazonaws.com/pythonwebapp:latest",
    "portMappings": [ { "protocol": "tcp", "containerPort": 8080, "hostPort": 80 } ],
    "essential": true } ]
JSON

out=$(aws ecs create-cluster --cluster-name ECSDemo)
expect_contains "$out" '"clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/ECSDemo"'
SG=$(aws ec2 describe-security-groups --group-names default --query 'SecurityGroups[0].GroupId' --output text)
aws ec2 create-key-pair --key-name ecs-container-instance-kp >/dev/null
# The course launches two instances with --count 2 into one subnet; one per AZ (two subnets) makes the
# service's AZ spread visible.
for AZ in us-east-1a us-east-1b; do
  SUBNET=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=$AZ --query 'Subnets[0].SubnetId' --output text)
  out=$(aws ec2 run-instances --count 1 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium \
    --key-name ecs-container-instance-kp --subnet-id "$SUBNET" --security-group-ids "$SG" \
    --iam-instance-profile Name=webappserver --associate-public-ip-address --user-data file://userdata.txt)
  expect_contains "$out" '"Name": "pending"'
done
IDS=$(aws ec2 describe-instances --query 'Reservations[].Instances[].InstanceId' --output text)
aws ec2 wait instance-running --instance-ids $IDS
out=$(aws ec2 describe-instances --instance-ids $IDS --query 'Reservations[].Instances[].[State.Name,PublicDnsName]' --output text)
expect_contains "$out" "running"
expect_contains "$out" ".compute-1.amazonaws.com"
[ "$(aws ecs list-container-instances --cluster ECSDemo --query 'length(containerInstanceArns)')" = "2" ] || fail "two container instances should have joined ECSDemo"
out=$(aws ecs register-task-definition --family python-app \
  --task-role-arn arn:aws:iam::832211724792:role/PythonECSTask \
  --execution-role-arn arn:aws:iam::832211724792:role/ecsTaskExecutionRole \
  --network-mode bridge --container-definitions file://container.json)
expect_contains "$out" '"taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/python-app:1"'
# Two copies fit (host port 80 once per instance); a third cannot: RESOURCE:PORTS.
out=$(aws ecs run-task --cluster ECSDemo --task-definition python-app --count 3)
[ "$(grep -c '"lastStatus": "PENDING"' <<<"$out")" -ge 2 ] || fail "two tasks should be PENDING: $out"
expect_contains "$out" '"reason": "RESOURCE:PORTS"'
TASKS=$(aws ecs list-tasks --cluster ECSDemo --query 'taskArns' --output text)
aws ecs wait tasks-running --cluster ECSDemo --tasks $TASKS
out=$(aws ecs describe-tasks --cluster ECSDemo --tasks $TASKS --query 'tasks[].[lastStatus,containers[0].networkBindings[0].hostPort]' --output text)
[ "$(grep -c "RUNNING	80" <<<"$out")" = "2" ] || fail "both tasks should run on host port 80: $out"
out=$(aws ecs describe-container-instances --cluster ECSDemo --container-instances $(aws ecs list-container-instances --cluster ECSDemo --query 'containerInstanceArns[0]' --output text))
expect_contains "$out" '"stringSetValue": ['

# Step 4 of the demo: the service. The standalone tasks hold port 80 on both instances, so stop them first.
for t in $TASKS; do aws ecs stop-task --cluster ECSDemo --task "$t" >/dev/null; done
aws ecs wait tasks-stopped --cluster ECSDemo --tasks $TASKS
CLUSTER_ARN=$(aws ecs describe-clusters --clusters ECSDemo --query 'clusters[0].clusterArn' --output text)
TD_ARN=$(aws ecs describe-task-definition --task-definition python-app --query 'taskDefinition.taskDefinitionArn' --output text)
out=$(aws ecs create-service --cluster "$CLUSTER_ARN" --service-name ECSService --task-definition "$TD_ARN" --desired-count 2 --launch-type EC2 --scheduling-strategy REPLICA --deployment-controller type=ECS)
expect_contains "$out" '"serviceArn": "arn:aws:ecs:us-east-1:123456789012:service/ECSDemo/ECSService"'
aws ecs wait services-stable --cluster ECSDemo --services ECSService
out=$(aws ecs describe-services --cluster ECSDemo --services ECSService --query 'services[0].[runningCount,desiredCount,events[0].message]' --output text)
expect_contains "$out" "2	2	(service ECSService) has reached a steady state."
SERVICE_TASKS=$(aws ecs list-tasks --cluster ECSDemo --service-name ECSService --query 'taskArns' --output text)
out=$(aws ecs describe-tasks --cluster ECSDemo --tasks $SERVICE_TASKS --query 'tasks[].containerInstanceArn' --output text)
[ "$(tr '\t' '\n' <<<"$out" | sort -u | wc -l)" = "2" ] || fail "the two service tasks (host port 80) must be on two instances: $out"
out=$(aws ecs describe-tasks --cluster ECSDemo --tasks $SERVICE_TASKS --query 'tasks[].availabilityZone' --output text)
[ "$(tr '\t' '\n' <<<"$out" | sort -u | tr '\n' ' ')" = "us-east-1a us-east-1b " ] || fail "one task per AZ: $out"
# Steps 6-9: from the task to the instance's public DNS name.
CI=$(aws ecs describe-tasks --cluster ECSDemo --task $(cut -f1 <<<"$SERVICE_TASKS") --query 'tasks[0].containerInstanceArn' --output text)
EC2_ID=$(aws ecs describe-container-instances --cluster ECSDemo --container-instances "$CI" --query 'containerInstances[0].ec2InstanceId' --output text)
DNS=$(aws ec2 describe-instances --instance-id "$EC2_ID" --query 'Reservations[0].Instances[0].PublicDnsName' --output text)
expect_contains "$DNS" ".compute-1.amazonaws.com"
# "Paste the public DNS name into the browser": the default security group lets nothing in from the internet.
set +e; out=$("$BIN" curl "http://$DNS/" 2>&1); rc=$?; set -e
[ "$rc" = "7" ] || fail "the default security group should block port 80: $out"
expect_contains "$out" "no inbound rule"
aws ec2 authorize-security-group-ingress --group-id "$SG" --protocol tcp --port 80 --cidr 0.0.0.0/0 >/dev/null
out=$("$BIN" curl "http://$DNS/")
expect_contains "$out" "host port 80 → task"
expect_contains "$out" "container webapp:8080"

# The seed's commands as written: every typo gets a suggestion.
typo() {  # typo EXPECTED_CODE EXPECTED_TEXT -- command words...
  local code="$1" text="$2"; shift 3
  set +e; out=$("$BIN" "$@" 2>&1); rc=$?; set -e
  [ "$rc" = "$code" ] || fail "exit $rc (wanted $code) for: $*\n$out"
  expect_contains "$out" "$text"
}
typo 252 "'subnet -0b745a2448d91131' looks like one ID split by a space" -- aws ec2 run-instances --count 2 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --key-name ecs-container-instance-kp --subnet-id subnet -0b745a2448d91131 --secuirity-group-id sg-0aae6caa0b11ff6db --iam-instance -profile Name-webappserver --associate-public-ip-address --user-data file://userdata.txt
typo 252 "did you mean '--security-group-ids'" -- aws ec2 run-instances --count 2 --image-id ami-0f161e6034a6262d8 --instance-type t3.medium --key-name ecs-container-instance-kp --subnet-id subnet -0b745a2448d91131 --secuirity-group-id sg-0aae6caa0b11ff6db --iam-instance -profile Name-webappserver --associate-public-ip-address --user-data file://userdata.txt
typo 252 "did you mean 'Name=webappserver'" -- aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --iam-instance-profile Name-webappserver
typo 252 "  * register-task-definition" -- aws ecs register-task-defination --family python-app
typo 252 "did you mean '--container-definitions'" -- aws ecs register-task-definition --family python-app --network-mode bridge --container-defination file://container.json
typo 254 "did you mean 'bridge'" -- aws ecs register-task-definition --family python-app --network-mode brridge --container-definitions file://container.json
sed 's/portMappings/portmapping/' container.json > typo.json
typo 252 'Unknown parameter in containerDefinitions[0]: "portmapping", must be one of:' -- aws ecs register-task-definition --family python-app --container-definitions file://typo.json
typo 252 'did you mean "portMappings"' -- aws ecs register-task-definition --family python-app --container-definitions file://typo.json
typo 252 "did you mean '--cluster'" -- aws ecs create-service -cluster ECSDemo -service-name ECSService --task -defination python-app -desired-count 2 --launch-type EC2 --scheduling-strategy REPLICA -deployment-controller type=ECS
typo 252 "  * describe-services" -- aws ecs describe-service --cluster ECSDemo --service ECSService
typo 252 "  * describe-container-instances" -- aws ecs describe-contaniner-instances --cluster ECSDemo --container-instances x
typo 254 "An error occurred (ClusterNotFoundException) when calling the ListTasks operation: Cluster not found." -- aws ecs list-tasks --cluster ecsdemo
typo 254 "did you mean the cluster 'ECSDemo'" -- aws ecs list-tasks --cluster ecsdemo
echo "EC2 demo: OK"
