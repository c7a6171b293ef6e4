//! Generated command lines for the no-panic and no-hang runs, the same on every target (the native
//! tests, the WebAssembly tests in Chromium and `scripts/fuzz.sh`): course commands mutated —
//! words inserted, dropped, doubled and cut, numbers set to the edges of i32, u32, i64, u64 and
//! beyond, Unicode digits and marks, quotes and brackets — plus schedule expressions and JMESPath
//! queries built from their own parts. Deterministic (SplitMix64), so a failure names its line.

/// SplitMix64, as the engine's own RNG.
pub struct Lines {
    state: u64,
}

const BASES: &[&str] = &[
    "aws ecs create-cluster --cluster-name ECSDemo",
    "aws ec2 run-instances --image-id ami-0f161e6034a6262d8 --count 2 --instance-type t3.medium --iam-instance-profile Name=ecsInstanceRole --user-data file://u.txt",
    "aws ecs register-task-definition --family web --network-mode bridge --container-definitions name=web,image=nginx,cpu=256,memory=512,portMappings=[{containerPort=80,hostPort=0}]",
    "aws ecs create-service --cluster ECSDemo --service-name web --task-definition web --desired-count 3 --placement-strategy type=spread,field=attribute:ecs.availability-zone",
    "aws ecs run-task --cluster ECSDemo --task-definition web --count 2 --placement-constraints type=memberOf,expression=attribute:ecs.instance-type==t3.medium",
    "aws ecs update-service --cluster ECSDemo --service web --desired-count 5 --deployment-configuration maximumPercent=200,minimumHealthyPercent=50",
    "aws ecs describe-services --cluster ECSDemo --services web --query services[0].events[0].message",
    "aws ecs list-tasks --cluster ECSDemo --desired-status STOPPED --max-items 2",
    "aws ecs stop-task --cluster ECSDemo --task 0123456789abcdef0123456789abcdef --reason x",
    "aws ecs deregister-container-instance --cluster ECSDemo --container-instance x --force",
    "aws elbv2 create-target-group --name tg --protocol HTTP --port 80 --vpc-id vpc-1 --health-check-interval-seconds 5",
    "aws elbv2 create-load-balancer --name web --subnets subnet-a subnet-b",
    "aws elbv2 create-rule --listener-arn x --priority 10 --conditions Field=path-pattern,Values=/api/* --actions Type=forward,TargetGroupArn=y",
    "aws events put-rule --name r --schedule-expression rate(5 minutes)",
    "aws events put-targets --rule r --targets Id=1,Arn=arn:aws:ecs:us-east-1:123456789012:cluster/ECSDemo,RoleArn=arn:aws:iam::123456789012:role/x,EcsParameters={TaskDefinitionArn=web,TaskCount=1}",
    "aws ecr create-repository --repository-name app",
    "aws ec2 describe-subnets --query Subnets[].SubnetId --output text",
    "aws ec2 describe-instances --filters Name=instance-state-name,Values=running --output table",
    "docker build -t app .",
    "docker tag app 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest",
    "curl http://web-123.us-east-1.elb.amazonaws.com/api/users",
    "sandbox advance 90s",
    "sandbox az-down us-east-1a",
    "sandbox explain web",
    "sandbox state --query tasks[0]",
    "X=$(aws ecs list-clusters --query clusterArns[0] --output text); echo $X",
];

const WORDS: &[&str] = &[
    "aws",
    "ecs",
    "ec2",
    "--cluster",
    "--count",
    "--query",
    "--output",
    "text",
    "table",
    "yaml",
    "=",
    ",",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "`",
    "\\",
    "\n",
    ";",
    "|",
    "$",
    "${",
    "$(",
    ")",
    "#",
    "file://",
    "file://u.txt",
    "--cli-input-json",
    "--generate-cli-skeleton",
    "sandbox",
    "advance",
    "help",
    "wait",
    "–",
    "“x”",
    "\u{a0}",
    "\u{0}",
    "\u{200f}",
    "١",
    "٣٤",
    "𝟙",
    "é",
    "🚀",
    "^",
    "\r",
    "rate(",
    "cron(0 9 ? * MON-FRI *)",
    "--desired-count",
    "--placement-strategy",
    "type=binpack,field=memory",
    "--desired-status",
    "--max-items",
    "--starting-token",
];

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "255",
    "65535",
    "65536",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999999",
    "1e308",
    "1e400",
    "NaN",
    "-inf",
    "0x10",
    "١٢",
    "1.5",
    ".5",
];

const QUERY_PARTS: &[&str] = &[
    "clusterArns",
    "Subnets",
    "tasks",
    "a",
    ".",
    "[",
    "]",
    "[]",
    "[*]",
    "[?",
    "==",
    "!=",
    "<",
    ">=",
    "&&",
    "||",
    "!",
    "(",
    ")",
    "{",
    "}",
    ":",
    ",",
    "|",
    "@",
    "&",
    "`1`",
    "`\"x\"`",
    "'raw'",
    "\"q\"",
    "-",
    "::",
    "length(",
    "sort_by(",
    "max_by(",
    "abs(",
    "to_number(",
    "join(",
    "*",
];

const UNITS: &[&str] = &[
    "minute", "minutes", "hour", "hours", "day", "days", "weeks", "",
];

impl Lines {
    pub fn new(seed: u64) -> Lines {
        Lines { state: seed }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }

    fn query(&mut self) -> String {
        let n = 1 + self.below(12);
        (0..n)
            .map(|_| {
                if self.below(5) == 0 {
                    self.pick(NUMBERS).to_string()
                } else {
                    self.pick(QUERY_PARTS).to_string()
                }
            })
            .collect()
    }

    /// One generated command line.
    pub fn line(&mut self) -> String {
        match self.below(10) {
            0 => {
                let q = self.query();
                let base = self.pick(&[
                    "aws ecs list-clusters",
                    "aws ec2 describe-subnets",
                    "sandbox state",
                ]);
                format!("{base} --query '{q}'")
            }
            1 => format!(
                "aws events put-rule --name r{} --schedule-expression \"rate({} {})\"",
                self.below(3),
                self.pick(NUMBERS),
                self.pick(UNITS)
            ),
            _ => {
                let mut words: Vec<String> =
                    self.pick(BASES).split(' ').map(str::to_string).collect();
                for _ in 0..1 + self.below(4) {
                    let at = self.below(words.len() + 1);
                    match self.below(6) {
                        0 => words.insert(at.min(words.len()), self.pick(WORDS).to_string()),
                        1 if !words.is_empty() => {
                            words.remove(at.min(words.len() - 1));
                        }
                        2 if !words.is_empty() => {
                            let i = at.min(words.len() - 1);
                            let w = words[i].clone();
                            words.insert(i, w);
                        }
                        3 if !words.is_empty() => {
                            // A number somewhere in a word, or a word cut.
                            let i = at.min(words.len() - 1);
                            let n = self.pick(NUMBERS);
                            words[i] = match words[i].find(|c: char| c.is_ascii_digit()) {
                                Some(p) => format!("{}{n}", &words[i][..p]),
                                None => format!("{}{n}", words[i]),
                            };
                        }
                        4 if !words.is_empty() => {
                            let i = at.min(words.len() - 1);
                            let cut = words[i].char_indices().nth(self.below(8)).map(|(c, _)| c);
                            if let Some(c) = cut {
                                words[i].truncate(c);
                            }
                        }
                        _ => words.insert(at.min(words.len()), self.pick(NUMBERS).to_string()),
                    }
                }
                words.join(" ")
            }
        }
    }
}
