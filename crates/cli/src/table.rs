//! Plain-text summaries: what a person reads in a terminal after a run.

use std::fmt::Write;

use parcours_simulator::coverage::Coverage;
use parcours_workspace::simulation::SimulationResult;

pub fn simulation(result: &SimulationResult) -> String {
    let mut out = String::new();
    let r = &result.report;
    let _ = writeln!(
        out,
        "journey {}: {} people, {} events",
        result.journey, result.people, r.events
    );
    for (journey, nodes) in &r.nodes {
        let _ = writeln!(out, "\n{journey}");
        let _ = writeln!(
            out,
            "  {:<24} {:>9}  {:<36} {:>7} {:>8} {:>8}",
            "activity", "entered", "exits", "errors", "timeouts", "waiting"
        );
        for (node, n) in nodes {
            let exits: Vec<String> = n.exited.iter().map(|(p, c)| format!("{p} {c}")).collect();
            let _ = writeln!(
                out,
                "  {:<24} {:>9}  {:<36} {:>7} {:>8} {:>8}",
                node,
                n.entered,
                exits.join(", "),
                n.errors,
                n.timeouts,
                n.waiting
            );
            if !n.failed_calls.is_empty() {
                let reasons: Vec<String> = n.failed_calls.iter().map(|(k, v)| format!("{k} {v}")).collect();
                let _ = writeln!(out, "  {:<24} failed calls: {}", "", reasons.join(", "));
            }
        }
        if let Some(t) = r.journeys.get(journey) {
            let _ = writeln!(
                out,
                "  total: entered {}, finished {}, jumped {}, exited early {}, errors {}, still inside {}",
                t.entered, t.finished, t.jumped, t.exited_early, t.errors, t.still_inside
            );
        }
    }
    if !r.discarded.is_empty() {
        let reasons: Vec<String> = r.discarded.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(out, "\ndiscarded events: {}", reasons.join(", "));
    }
    out
}

pub fn coverage(c: &Coverage) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "journey {}: {} of {} paths covered ({} test people){}",
        c.journey,
        c.covered,
        c.paths.len(),
        c.people,
        if c.truncated {
            " — more paths exist than were listed"
        } else {
            ""
        }
    );
    for p in &c.paths {
        let mark = if p.covered { "covered  " } else { "UNCOVERED" };
        let _ = writeln!(out, "  {mark} {}", p.steps.join(" → "));
        if let Some(reason) = &p.reason {
            let _ = writeln!(out, "            {reason}");
        }
    }
    out
}
