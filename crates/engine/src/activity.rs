//! What the learner did that leaves no mark on the account: every API call made (reads included)
//! and every request sent with `curl`. Lessons check it, so a step that asks to look at something
//! or to send a request is passed by doing it, not by the world already being right. Only the most
//! recent entries are kept (the log is bounded however long a session runs). The sandbox's own
//! record, not an AWS API (CloudTrail would be AWS's).

use crate::clock::Millis;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// How many entries are kept.
pub const KEPT: usize = 64;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// The number of the newest entry (0: nothing yet); numbers keep counting past `KEPT`.
    last: u64,
    entries: VecDeque<Act>,
}

/// One thing done, numbered and timed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Act {
    pub seq: u64,
    pub at: Millis,
    pub did: Did,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Did {
    /// An API call: `ecs:DescribeServices`, and whether it succeeded.
    Call { call: String, ok: bool },
    /// A request sent to a load balancer, an instance or a task (status 0: no HTTP answer).
    Request(Sent),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sent {
    pub method: String,
    pub host: String,
    pub port: u16,
    pub path: String,
    pub status: u16,
    /// The target group's name, through a load balancer.
    pub target_group: Option<String>,
    /// The task that answered, if one did.
    pub task: Option<String>,
}

impl Activity {
    pub(crate) fn record(&mut self, at: Millis, did: Did) {
        self.last += 1;
        self.entries.push_back(Act {
            seq: self.last,
            at,
            did,
        });
        while self.entries.len() > KEPT {
            self.entries.pop_front();
        }
    }

    /// The number of the newest entry (a mark: what comes after it is new).
    pub fn last_seq(&self) -> u64 {
        self.last
    }

    /// The entries after the mark `seq`, oldest first.
    pub fn since(&self, seq: u64) -> impl Iterator<Item = &Act> {
        self.entries.iter().filter(move |a| a.seq > seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(n: u64) -> Did {
        Did::Call {
            call: format!("ecs:Op{n}"),
            ok: true,
        }
    }

    #[test]
    fn keeps_the_newest_and_counts_on() {
        let mut a = Activity::default();
        for n in 0..(KEPT as u64 + 10) {
            a.record(n, call(n));
        }
        assert_eq!(a.last_seq(), KEPT as u64 + 10);
        assert_eq!(a.since(0).count(), KEPT);
        assert_eq!(a.since(a.last_seq() - 2).count(), 2);
        assert_eq!(a.since(a.last_seq()).count(), 0);
    }
}
