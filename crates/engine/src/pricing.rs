//! What the running capacity costs per hour: the EC2 instances of the clusters versus running the
//! same tasks on Fargate. Prices are us-east-1 on-demand Linux list prices (published by AWS,
//! copied here as data, 2025); they change, so the sandbox labels them as such.

use crate::ecs::types::{LaunchType, TaskStatus};
use crate::world::World;

pub const PRICES_NOTE: &str = "us-east-1 on-demand Linux list prices (2025), copied into the sandbox as data; check the AWS pricing pages for today's";

/// Fargate: per vCPU-hour and per GB-hour.
pub const FARGATE_VCPU_HOUR: f64 = 0.04048;
pub const FARGATE_GB_HOUR: f64 = 0.004445;

/// EC2 on-demand per hour.
pub fn ec2_hourly(instance_type: &str) -> Option<f64> {
    Some(match instance_type {
        "t2.micro" => 0.0116,
        "t2.small" => 0.023,
        "t2.medium" => 0.0464,
        "t3.micro" => 0.0104,
        "t3.small" => 0.0208,
        "t3.medium" => 0.0416,
        "t3.large" => 0.0832,
        "m4.large" => 0.10,
        "m5.large" => 0.096,
        "m5.xlarge" => 0.192,
        "m5.2xlarge" => 0.384,
        "c5.large" => 0.085,
        "c5.xlarge" => 0.17,
        "r5.large" => 0.126,
        _ => return None,
    })
}

/// The smallest Fargate size (vCPU units, MiB) that holds a task's reservation.
pub fn fargate_size(cpu: u32, memory: u32) -> (u32, u32) {
    for c in [256u32, 512, 1024, 2048, 4096, 8192, 16384] {
        if c < cpu {
            continue;
        }
        if let Some(m) = crate::ecs::task_definitions::validation::fargate_memory_options(c)
            .into_iter()
            .find(|m| *m >= memory)
        {
            return (c, m);
        }
    }
    (16384, 122880)
}

#[derive(Debug, Clone, PartialEq)]
pub struct CostReport {
    /// (instance id, type, hourly)
    pub instances: Vec<(String, String, f64)>,
    /// (task id, cpu units, MiB, launch type, Fargate hourly for its size)
    pub tasks: Vec<(String, u32, u32, LaunchType, f64)>,
    pub ec2_total: f64,
    pub fargate_equivalent: f64,
    pub fargate_running: f64,
}

impl World {
    pub fn cost_report(&self) -> CostReport {
        let mut instances = vec![];
        for ci in self
            .ecs
            .container_instances
            .iter()
            .filter(|c| c.status != crate::ecs::types::ContainerInstanceStatus::Inactive)
        {
            let price = ec2_hourly(&ci.instance_type).unwrap_or(0.0);
            instances.push((ci.ec2_instance_id.clone(), ci.instance_type.clone(), price));
        }
        let mut tasks = vec![];
        for t in self
            .ecs
            .tasks
            .iter()
            .filter(|t| t.last_status == TaskStatus::Running)
        {
            let (c, m) = fargate_size(t.cpu.max(1), t.memory.max(1));
            let hourly =
                c as f64 / 1024.0 * FARGATE_VCPU_HOUR + m as f64 / 1024.0 * FARGATE_GB_HOUR;
            tasks.push((t.id.clone(), t.cpu, t.memory, t.launch_type, hourly));
        }
        // fold from +0.0: an empty float sum is -0.0, which prints as "-0.0000".
        let ec2_total = instances.iter().map(|i| i.2).fold(0.0, |a, b| a + b);
        let fargate_equivalent = tasks.iter().map(|t| t.4).fold(0.0, |a, b| a + b);
        let fargate_running = tasks
            .iter()
            .filter(|t| t.3 == LaunchType::Fargate)
            .map(|t| t.4)
            .fold(0.0, |a, b| a + b);
        CostReport {
            instances,
            tasks,
            ec2_total,
            fargate_equivalent,
            fargate_running,
        }
    }
}

/// `$0.0416`: dollars to four places (by hand: `{:.4}` would link the exact float formatter, ~8 KB
/// of the gzipped page).
pub fn dollars(x: f64) -> String {
    let hundredths_of_cents = (x * 10_000.0).round() as i64;
    format!(
        "${}.{:04}",
        hundredths_of_cents / 10_000,
        hundredths_of_cents % 10_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fargate_sizes_round_up() {
        assert_eq!(fargate_size(100, 100), (256, 512));
        assert_eq!(fargate_size(512, 1024), (512, 1024));
        assert_eq!(fargate_size(300, 3000), (512, 3072));
        assert_eq!(fargate_size(256, 3000), (512, 3072));
        // 0.5 vCPU + 1 GB = 0.5 × 0.04048 + 1 × 0.004445 per hour.
        let (c, m) = fargate_size(512, 1024);
        let hourly = c as f64 / 1024.0 * FARGATE_VCPU_HOUR + m as f64 / 1024.0 * FARGATE_GB_HOUR;
        assert!((hourly - 0.024685).abs() < 1e-9);
    }

    #[test]
    fn dollars_to_four_places() {
        assert_eq!(dollars(0.0416), "$0.0416");
        assert_eq!(dollars(0.024685), "$0.0247");
        assert_eq!(dollars(12.5), "$12.5000");
        assert_eq!(dollars(0.0), "$0.0000");
    }
}
