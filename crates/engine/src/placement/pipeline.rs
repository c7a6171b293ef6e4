//! The placement pipeline: candidates → filters → strategies in order (each breaking the ties the
//! last one left) → choice, with its `Decision`.

use crate::placement::decision::{InstanceVerdict, StrategyStep};
use crate::placement::resources::Candidate;
use crate::placement::strategies::{field_value, BinpackField, Strategy};
use crate::rng::Rng;
use std::collections::BTreeMap;

/// What the strategies work from: the filters' verdicts, the candidates they judged, and the plan.
#[derive(Clone, Copy)]
pub struct StrategyInput<'a> {
    pub verdicts: &'a [InstanceVerdict],
    /// The candidates, in the verdicts' order.
    pub candidates: &'a [Candidate<'a>],
    /// Every ACTIVE instance of the cluster with the group's tasks on it (spread counts tasks over
    /// all instances sharing a value, not only the candidates); empty when no strategy spreads.
    pub population: &'a [Candidate<'a>],
    /// The task group being placed (`service:web`, `family:web`).
    pub group: &'a str,
    pub strategies: &'a [Strategy],
    /// Why these strategies, when the request gave none (said in the record).
    pub strategies_are_default: Option<&'a str>,
}

/// Applies the strategies in order to the instances that passed every filter, then picks at random
/// among the remaining ties.
pub fn choose(input: &StrategyInput, rng: &mut Rng) -> (Option<String>, Vec<StrategyStep>) {
    let StrategyInput {
        verdicts,
        population,
        group,
        strategies,
        ..
    } = *input;
    // Candidates by their index in `verdicts`.
    let mut candidates: Vec<u32> = (0..verdicts.len() as u32)
        .filter(|&i| verdicts[i as usize].failed.is_none())
        .collect();
    if candidates.is_empty() {
        return (None, vec![]);
    }
    let instance_of = |i: u32| input.candidates.get(i as usize);
    let arn_of = |i: u32| {
        instance_of(i)
            .map(|c| c.arn.to_string())
            .unwrap_or_default()
    };
    let mut steps = vec![];
    for strategy in strategies {
        let scored: Vec<(u32, i64)> = match strategy {
            Strategy::Random => {
                let pick = candidates[rng.below(candidates.len())];
                steps.push(StrategyStep {
                    strategy: strategy.to_string(),
                    scored: vec![],
                    kept_verdicts: vec![pick],
                    note: format!("picked at random among {} candidate(s)", candidates.len()),
                });
                return (Some(arn_of(pick)), steps);
            }
            Strategy::Binpack(field) => candidates
                .iter()
                .map(|&i| {
                    let v = &verdicts[i as usize];
                    (
                        i,
                        if *field == BinpackField::Cpu {
                            v.remaining_cpu
                        } else {
                            v.remaining_memory
                        } as i64,
                    )
                })
                .collect(),
            Strategy::Spread(field) => {
                let mut per_value: BTreeMap<Option<String>, usize> = BTreeMap::new();
                // Spread counts the group's tasks per field value over every ACTIVE instance.
                for ci in population {
                    *per_value.entry(field_value(ci, field)).or_default() += ci.in_group;
                }
                candidates
                    .iter()
                    .map(|&i| {
                        let value = instance_of(i).and_then(|ci| field_value(ci, field));
                        (i, per_value.get(&value).copied().unwrap_or(0) as i64)
                    })
                    .collect()
            }
        };
        let best = scored.iter().map(|(_, s)| *s).min().unwrap_or(0);
        candidates = scored
            .iter()
            .filter(|(_, s)| *s == best)
            .map(|(i, _)| *i)
            .collect();
        let what = match strategy {
            Strategy::Binpack(_) => format!(
                "kept the instance(s) with the least remaining {} ({best})",
                if matches!(strategy, Strategy::Binpack(BinpackField::Cpu)) {
                    "CPU units"
                } else {
                    "MiB"
                }
            ),
            Strategy::Spread(field) => format!(
                "kept the instance(s) whose {field} value has the fewest tasks of {group} ({best})"
            ),
            Strategy::Random => String::new(),
        };
        steps.push(StrategyStep {
            strategy: strategy.to_string(),
            scored,
            kept_verdicts: candidates.clone(),
            note: what,
        });
    }
    let pick = candidates[rng.below(candidates.len())];
    steps.push(tie_break(pick, candidates.len(), input));
    (Some(arn_of(pick)), steps)
}

/// The last step: one of the candidates the strategies left, at random, and what the record says
/// of it.
fn tie_break(pick: u32, left: usize, input: &StrategyInput) -> StrategyStep {
    let mut note = if left > 1 {
        format!("{left} tied; picked one at random")
    } else {
        "one candidate left".to_string()
    };
    if let Some(default) = input.strategies_are_default {
        note.push_str(&format!(" (no strategy was given: {default})"));
    }
    if input.strategies.len() > 1 {
        note.push_str(" — chaining strategies as successive tie-breaks is the sandbox's model; AWS does not document the exact rule");
    }
    StrategyStep {
        strategy: "tie-break".into(),
        scored: vec![],
        kept_verdicts: vec![pick],
        note,
    }
}
