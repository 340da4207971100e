//! The diff between two versions, checked on generated pairs: a generated journey is
//! changed at random (activities removed, added, relabelled, moved; connections
//! rewired; a property and an action changed) while the changes are written down, and
//! the diff must find exactly those.

use std::collections::BTreeSet;

use parcours_model::diff::{Change, VersionDiff};
use parcours_model::{Activity, Edge, Node, Position, Release, WaitSpec, generate};

/// splitmix64: a reproducible stream of numbers for the generated cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Default, Debug, PartialEq)]
struct Expected {
    added: BTreeSet<String>,
    removed: BTreeSet<String>,
    /// Activity id → the field paths that changed.
    changed: BTreeSet<(String, String)>,
    edges_added: BTreeSet<(String, String, String)>,
    edges_removed: BTreeSet<(String, String, String)>,
    properties: BTreeSet<String>,
    actions: BTreeSet<String>,
}

fn edge_key(e: &Edge) -> (String, String, String) {
    (e.from.clone(), e.port.clone(), e.to.clone())
}

#[test]
fn the_diff_finds_exactly_the_changes_made_to_generated_versions() {
    for seed in 1..=60u64 {
        let mut rng = Rng(seed);
        let size = 20 + rng.below(180);
        let bundle = generate::large_journey(size);
        let journey = &bundle.journeys[0];
        let a = journey.versions[0].clone();
        let mut b = a.clone();
        b.version = 2;
        let mut want = Expected::default();

        // Remove a few activities (never the entry) with their connections.
        for _ in 0..rng.below(4) {
            let i = 1 + rng.below(b.nodes.len() - 1);
            let id = b.nodes.remove(i).id;
            b.edges.retain(|e| {
                let touches = e.from == id || e.to == id;
                if touches && !want.edges_added.remove(&edge_key(e)) {
                    want.edges_removed.insert(edge_key(e));
                }
                !touches
            });
            want.changed.retain(|(n, _)| *n != id);
            want.removed.insert(id);
        }
        // Relabel or move some of those left.
        for _ in 0..rng.below(6) {
            let i = rng.below(b.nodes.len());
            let node = &mut b.nodes[i];
            if rng.below(2) == 0 {
                node.label = format!("renamed {seed}");
                want.changed.insert((node.id.clone(), "label".into()));
            } else {
                node.position.x += 40.0;
                want.changed.insert((node.id.clone(), "position.x".into()));
            }
        }
        // Rewire a connection to another activity.
        if !b.edges.is_empty() {
            let i = rng.below(b.edges.len());
            let old = edge_key(&b.edges[i]);
            let candidates: Vec<String> = b
                .nodes
                .iter()
                .map(|n| n.id.clone())
                .filter(|id| *id != old.2 && *id != old.0)
                .collect();
            let target = candidates[rng.below(candidates.len())].clone();
            b.edges[i].to = target;
            let new = edge_key(&b.edges[i]);
            if !want.edges_added.remove(&old) {
                want.edges_removed.insert(old);
            }
            want.edges_added.insert(new);
        }
        // Add activities, each connected to an existing one.
        for k in 0..rng.below(4) {
            let id = format!("added_{k}");
            let to = b.nodes[rng.below(b.nodes.len())].id.clone();
            b.nodes.push(Node {
                id: id.clone(),
                label: String::new(),
                position: Position::default(),
                activity: Activity::Wait {
                    wait: WaitSpec::Duration { seconds: 60 },
                },
            });
            let e = Edge {
                from: id.clone(),
                port: "next".into(),
                to,
            };
            want.edges_added.insert(edge_key(&e));
            b.edges.push(e);
            want.added.insert(id);
        }
        // A property, sometimes.
        if rng.below(2) == 0 {
            b.properties.global_timeout_seconds += 86_400;
            want.properties.insert("properties.globalTimeoutSeconds".into());
        }
        // The action as the second version froze it, sometimes.
        let mut catalog_b = bundle.clone();
        if rng.below(2) == 0 {
            catalog_b.actions[0].url = format!("https://notify.example.com/changed/{seed}");
            want.actions.insert("notify".into());
        }

        let from = Release::freeze(journey, &a, &bundle.catalog()).unwrap();
        let to = Release::freeze(journey, &b, &catalog_b.catalog()).unwrap();
        let diff = VersionDiff::between(&from, &to);

        let mut got = Expected::default();
        for act in &diff.activities {
            match act.change {
                Change::Added => {
                    got.added.insert(act.id.clone());
                }
                Change::Removed => {
                    got.removed.insert(act.id.clone());
                }
                Change::Changed => {
                    for f in &act.fields {
                        got.changed.insert((act.id.clone(), f.path.clone()));
                    }
                }
            }
        }
        for e in &diff.edges {
            let key = (e.from.clone(), e.port.clone(), e.to.clone());
            match e.change {
                Change::Added => got.edges_added.insert(key),
                _ => got.edges_removed.insert(key),
            };
        }
        got.properties = diff.properties.iter().map(|p| p.path.clone()).collect();
        got.actions = diff.configurations.iter().map(|c| c.name.clone()).collect();
        assert_eq!(got, want, "seed {seed}:\n{}", diff.to_text());
        assert_eq!(diff.is_empty(), want == Expected::default());

        // Reversed, every addition is a removal and the reverse.
        let back = VersionDiff::between(&to, &from);
        assert_eq!(back.activities.len(), diff.activities.len(), "seed {seed}");
        assert_eq!(back.edges.len(), diff.edges.len(), "seed {seed}");
    }
}

#[test]
fn a_version_compared_with_itself_has_no_changes() {
    let bundle = generate::large_journey(50);
    let release = Release::freeze(&bundle.journeys[0], &bundle.journeys[0].versions[0], &bundle.catalog()).unwrap();
    let diff = VersionDiff::between(&release, &release);
    assert!(diff.is_empty());
    assert!(diff.to_text().contains("no changes"));
}
