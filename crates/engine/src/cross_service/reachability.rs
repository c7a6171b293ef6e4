//! Can a request from the internet reach an address and port? Security-group ingress rules (TCP
//! from 0.0.0.0/0 or a containing CIDR), then whether anything listens there: a load balancer's
//! listener, a bridge/host task's host port on an instance, or an awsvpc/Fargate task's container
//! port on its ENI.

use crate::ec2::cidr::Cidr;
use crate::ec2::state::IpPermission;
use crate::ecs::types::{DesiredStatus, NetworkMode, TaskStatus};
use crate::world::World;

/// The client the sandbox's `curl` pretends to be (a TEST-NET-3 documentation address).
pub const CLIENT_IP: &str = "203.0.113.10";

fn rule_allows(p: &IpPermission, port: u16, client: u32) -> bool {
    let proto_ok = p.ip_protocol == "-1" || p.ip_protocol == "tcp";
    let port_ok = p.ip_protocol == "-1"
        || (p.from_port.unwrap_or(0) <= port as i64 && port as i64 <= p.to_port.unwrap_or(65535));
    let source_ok = p.ip_ranges.iter().any(|r| {
        Cidr::parse(&r.cidr_ip).is_some_and(|c| {
            c.contains(&Cidr {
                base: client,
                prefix: 32,
            })
        })
    });
    proto_ok && port_ok && source_ok
}

impl World {
    /// Whether one of the security groups lets the client in on `port`; else the reason.
    pub fn ingress_allows(&self, groups: &[String], port: u16) -> Result<(), String> {
        let client = crate::ec2::cidr::parse_ipv4(CLIENT_IP).unwrap_or(0);
        let allowed = groups.iter().any(|g| {
            self.ec2
                .security_groups
                .iter()
                .find(|sg| &sg.group_id == g)
                .is_some_and(|sg| sg.ingress.iter().any(|p| rule_allows(p, port, client)))
        });
        if allowed {
            Ok(())
        } else {
            Err(format!(
                "no inbound rule of {} allows TCP {port} from {CLIENT_IP}: the connection times out (add one with `aws ec2 authorize-security-group-ingress --group-id ... --protocol tcp --port {port} --cidr 0.0.0.0/0`)",
                if groups.is_empty() { "the security groups".to_string() } else { groups.join(", ") }
            ))
        }
    }

    /// Sends a request straight to an instance's or a task's public address, and records it (the
    /// sandbox's model: an application that listens answers 200).
    pub fn send_direct(
        &mut self,
        method: &str,
        host: &str,
        port: u16,
        path: &str,
    ) -> Result<Vec<String>, Vec<String>> {
        let reached = self.reach_direct(host, port);
        let sent = crate::activity::Sent {
            method: method.to_string(),
            host: host.to_string(),
            port,
            path: path.to_string(),
            status: if reached.is_ok() { 200 } else { 0 },
            target_group: None,
            task: None,
        };
        let now = self.now;
        self.activity
            .record(now, crate::activity::Did::Request(sent));
        reached
    }

    /// A request straight to an instance's or a task's public address (not through a load
    /// balancer).
    pub fn reach_direct(&self, host: &str, port: u16) -> Result<Vec<String>, Vec<String>> {
        let mut steps = vec![];
        // An EC2 instance, by public IP or public DNS name.
        if let Some(i) = self.ec2.instances.iter().find(|i| {
            i.public_ip
                .as_deref()
                .is_some_and(|ip| ip == host || crate::ec2::cidr::public_dns(ip) == host)
                && i.state == crate::ec2::state::InstanceState::Running
        }) {
            steps.push(format!(
                "instance {} ({}) in {}",
                i.instance_id,
                i.public_ip.clone().unwrap_or_default(),
                i.availability_zone
            ));
            if let Err(why) = self.ingress_allows(&i.security_group_ids, port) {
                steps.push(why);
                return Err(steps);
            }
            let ci = self.ecs.container_instance_on(&i.instance_id);
            let task = ci.and_then(|ci| {
                self.ecs.tasks.iter().find(|t| {
                    t.container_instance_id.as_ref() == Some(&ci.id)
                        && t.last_status == TaskStatus::Running
                        && t.desired_status == DesiredStatus::Running
                        && t.containers.iter().any(|c| {
                            c.network_bindings
                                .iter()
                                .any(|b| b.host_port == port as i64)
                        })
                })
            });
            return match task {
                Some(t) => {
                    let c = t
                        .containers
                        .iter()
                        .find_map(|c| {
                            c.network_bindings
                                .iter()
                                .find(|b| b.host_port == port as i64)
                                .map(|b| format!("{}:{}", c.name, b.container_port))
                        })
                        .unwrap_or_default();
                    steps.push(format!("host port {port} → task {} → container {c}", t.id));
                    Ok(steps)
                }
                None => {
                    steps.push(format!(
                        "nothing listens on port {port} of the instance: connection refused"
                    ));
                    Err(steps)
                }
            };
        }
        // An awsvpc task, by the public IP of its ENI.
        let by_eni = self
            .ecs
            .tasks
            .iter()
            .filter(|t| t.last_status != TaskStatus::Stopped)
            .find_map(|t| {
                t.eni
                    .as_ref()
                    .filter(|e| e.public_ip.as_deref() == Some(host))
                    .map(|e| (t, e))
            });
        if let Some((t, eni)) = by_eni {
            steps.push(format!(
                "task {} ENI {} ({})",
                t.id, eni.eni_id, eni.private_ip
            ));
            if let Err(why) = self.ingress_allows(&eni.security_groups, port) {
                steps.push(why);
                return Err(steps);
            }
            let td = self
                .ecs
                .task_definitions
                .iter()
                .find(|d| d.arn == t.task_definition_arn);
            let listening = t.last_status == TaskStatus::Running
                && td.is_some_and(|d| {
                    d.effective_network_mode() == NetworkMode::Awsvpc
                        && d.container_definitions.iter().any(|c| {
                            c.port_mappings
                                .iter()
                                .any(|pm| pm.container_port == Some(port as i64))
                        })
                });
            if listening {
                steps.push(format!("container port {port}"));
                return Ok(steps);
            }
            steps.push(format!(
                "nothing listens on port {port} of the task: connection refused"
            ));
            return Err(steps);
        }
        steps.push(format!(
            "no instance, task or load balancer answers at {host}"
        ));
        Err(steps)
    }
}
