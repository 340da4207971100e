//! An instance's expression variables (`event`, `events`, `data`, `actions`,
//! `journey`), converted from JSON into CEL values when an expression first reads
//! them, and reused until that part of the instance changes. Converting, not
//! evaluating, is what an expression costs most; most expressions read only `event`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use cel::Value as Cel;
use cel::common::value::{CowVal, Val};
use cel::context::VariableResolver;
use cel::objects::{Key, Map};
use parcours_model::expr::Ty;

use crate::cel_values::{timestamp, to_cel};
use crate::instance::Instance;
use crate::plan::Plan;

/// The instance variables an expression may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Event,
    Events,
    Data,
    Actions,
    Journey,
}

impl Slot {
    pub const ALL: [Slot; 5] = [Slot::Event, Slot::Events, Slot::Data, Slot::Actions, Slot::Journey];

    pub fn name(self) -> &'static str {
        match self {
            Slot::Event => "event",
            Slot::Events => "events",
            Slot::Data => "data",
            Slot::Actions => "actions",
            Slot::Journey => "journey",
        }
    }

    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Converted variables; `None` until read.
#[derive(Debug, Default)]
pub struct Slots([Option<Box<dyn Val>>; 5]);

impl VariableResolver for Slots {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        let slot = Slot::ALL.iter().find(|s| s.name() == variable)?;
        self.0[*slot as usize].as_deref().map(CowVal::from)
    }
}

/// A cache slot set; cloning or comparing an instance ignores it.
#[derive(Debug, Default)]
pub struct VarCache(Mutex<Slots>);

impl Clone for VarCache {
    fn clone(&self) -> Self {
        VarCache::default()
    }
}

impl PartialEq for VarCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

fn object(entries: impl IntoIterator<Item = (String, Cel)>) -> Cel {
    let map: HashMap<Key, Cel> = entries
        .into_iter()
        .map(|(k, v)| (Key::String(Arc::new(k)), v))
        .collect();
    Cel::Map(Map { map: Arc::new(map) })
}

impl VarCache {
    /// Part of the instance changed: convert it again when next read.
    pub fn changed(&mut self, slot: Slot) {
        self.0.get_mut().unwrap_or_else(PoisonError::into_inner).0[slot as usize] = None;
    }

    /// Runs `f` with the variables in `reads` converted.
    pub fn with<T>(&self, plan: &Plan, inst: &Instance, reads: u8, f: impl FnOnce(&Slots) -> T) -> T {
        let mut slots = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        for slot in Slot::ALL {
            if reads & slot.bit() != 0 && slots.0[slot as usize].is_none() {
                // Invariant: values built from JSON convert to CEL: the conversion fails only on function values.
                let value: Box<dyn Val> = convert(plan, inst, slot).try_into().expect("JSON-built values convert");
                slots.0[slot as usize] = Some(value);
            }
        }
        f(&slots)
    }
}

fn convert(plan: &Plan, inst: &Instance, slot: Slot) -> Cel {
    let ty_of = |name: &str| plan.event_types.get(name).cloned().unwrap_or(Ty::Dyn);
    let s = |v: &str| Cel::String(Arc::new(v.to_string()));
    match slot {
        Slot::Event => to_cel(&inst.event, &ty_of(&plan.entry_event.name)),
        Slot::Events => object(
            std::iter::once((
                plan.entry_event.name.clone(),
                to_cel(&inst.event, &ty_of(&plan.entry_event.name)),
            ))
            .chain(inst.events.iter().map(|(k, v)| (k.clone(), to_cel(v, &ty_of(k))))),
        ),
        Slot::Data => {
            let mut sources: BTreeMap<&str, Vec<(String, Cel)>> = BTreeMap::new();
            for (key, value) in &inst.data {
                let (source, group) = key.split_once('.').unwrap_or((key, ""));
                let ty = plan.data_types.get(key).cloned().unwrap_or(Ty::Dyn);
                sources
                    .entry(source)
                    .or_default()
                    .push((group.to_string(), to_cel(value, &ty)));
            }
            object(sources.into_iter().map(|(s, g)| (s.to_string(), object(g))))
        }
        Slot::Actions => object(inst.actions.iter().map(|(name, o)| {
            let ty = plan.action_types.get(name).cloned().unwrap_or(Ty::Dyn);
            (
                name.clone(),
                object([
                    ("status".to_string(), s(&o.status)),
                    ("ok".to_string(), Cel::Bool(o.ok)),
                    ("response".to_string(), to_cel(&o.response, &ty)),
                ]),
            )
        })),
        Slot::Journey => object([
            ("name".to_string(), s(&plan.journey)),
            ("version".to_string(), Cel::Int(plan.version as i64)),
            ("instanceId".to_string(), s(&inst.id)),
            ("profileId".to_string(), s(&inst.profile_id)),
            ("enteredAt".to_string(), timestamp(inst.entered_at)),
            ("timeZone".to_string(), s(&inst.time_zone)),
        ]),
    }
}
