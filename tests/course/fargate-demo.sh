#!/usr/bin/env bash
# The Fargate + ALB demo of the course (seed 001) through the native command, typos corrected, with its
# JSON files: an ALB, an ip target group on 8080, a listener on 80, a Fargate service of two tasks in two
# AZs; the targets become healthy and a request through the ALB reaches a task on 8080.
# Usage: tests/course/fargate-demo.sh PATH/TO/ecs-sandbox
set -euo pipefail
source "$(dirname "$0")/lib.sh" "$1"

A=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1a --query 'Subnets[0].SubnetId' --output text)
B=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1b --query 'Subnets[0].SubnetId' --output text)
VPC=$(aws ec2 describe-vpcs --filters Name=isDefault,Values=true --query 'Vpcs[0].VpcId' --output text)
SG=$(aws ec2 create-security-group --group-name fargate-web --description "HTTP to the load balancer and tasks" --vpc-id "$VPC" --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id "$SG" --protocol tcp --port 80 --cidr 0.0.0.0/0 >/dev/null
aws ec2 authorize-security-group-ingress --group-id "$SG" --protocol tcp --port 8080 --cidr 0.0.0.0/0 >/dev/null

# Load balancer set-up.
LB=$(aws elbv2 create-load-balancer --name FargateLoadBalancer \
  --subnets "$A" "$B" \
  --security-groups "$SG" --scheme internet-facing \
  --type application --ip-address-type ipv4 --query 'LoadBalancers[0].LoadBalancerArn' --output text)
TG=$(aws elbv2 create-target-group --name FargateTargetGroup --protocol HTTP \
  --port 8080 --vpc-id "$VPC" --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
out=$(aws elbv2 create-listener --load-balancer-arn "$LB" --protocol HTTP \
  --port 80 --default-actions Type=forward,TargetGroupArn="$TG")
expect_contains "$out" '"Port": 80'

# Cluster and task definition.
CLUSTER=$(aws ecs create-cluster --cluster-name fargate-cluster --query cluster.clusterArn --output text)
cat > fargate-container.json <<'JSON'
[
    {
        "environment": [],
        "name": "webapp",
        "mountPoints": [],
        "image": "832211724792.dkr.ecr.us-east-1.amazonaws.com/pythonwebapp:latest",
        "portMappings": [
            {
                "protocol": "tcp",
                "containerPort": 8080,
                "hostPort": 8080
            }
        ]
    }
]
JSON
TD=$(aws ecs register-task-definition --family python-web-app \
  --task-role-arn arn:aws:iam::832211724792:role/PythonECSTask \
  --execution-role-arn arn:aws:iam::832211724792:role/ecsTaskExecutionRole \
  --network-mode awsvpc --container-definitions file://fargate-container.json \
  --cpu .5vCPU --memory 1GB --requires-compatibilities FARGATE \
  --query taskDefinition.taskDefinitionArn --output text)
out=$(aws ecs describe-task-definition --task-definition "$TD" --query 'taskDefinition.[cpu,memory,compatibilities]' --output text)
expect_contains "$out" "512	1024"

# The service, tied to the target group by load-balancer.json.
printf '[\n  {\n    "targetGroupArn": "%s",\n    "containerName": "webapp",\n    "containerPort": 8080\n  }\n]\n' "$TG" > load-balancer.json
printf '{\n  "awsvpcConfiguration": {\n    "subnets": ["%s", "%s"],\n    "securityGroups": ["%s"],\n    "assignPublicIp": "ENABLED"\n  }\n}\n' "$A" "$B" "$SG" > task-networking.json
aws ecs create-service --cluster "$CLUSTER" --service-name FargateDemoService2 --task-definition "$TD" \
  --load-balancer file://load-balancer.json --desired-count 2 --launch-type FARGATE \
  --network-configuration file://task-networking.json --scheduling-strategy REPLICA \
  --deployment-controller type=ECS >/dev/null
out=$(aws ecs list-services --cluster fargate-cluster)
expect_contains "$out" "service/fargate-cluster/FargateDemoService2"

aws elbv2 wait load-balancer-available --load-balancer-arns "$LB"
aws elbv2 wait target-in-service --target-group-arn "$TG"
out=$(aws elbv2 describe-target-health --target-group-arn "$TG" --query 'TargetHealthDescriptions[].[Target.Port,TargetHealth.State]' --output text)
[ "$(grep -c "8080	healthy" <<<"$out")" = "2" ] || fail "two healthy targets on 8080: $out"
TASKS=$(aws ecs list-tasks --cluster fargate-cluster --service-name FargateDemoService2 --query taskArns --output text)
out=$(aws ecs describe-tasks --cluster fargate-cluster --tasks $TASKS --query 'tasks[].availabilityZone' --output text)
[ "$(tr '\t' '\n' <<<"$out" | sort -u | tr '\n' ' ')" = "us-east-1a us-east-1b " ] || fail "one task per AZ: $out"
aws ecs wait services-stable --cluster fargate-cluster --services FargateDemoService2

DNS=$(aws elbv2 describe-load-balancers --names FargateLoadBalancer --query 'LoadBalancers[0].DNSName' --output text)
out=$("$BIN" curl "http://$DNS/")
expect_contains "$out" "→ listener HTTP :80"
expect_contains "$out" "container webapp:8080"
expect_contains "$out" "HTTP/1.1 200 OK"
echo "Fargate demo: OK"
