//! What a journey may refer to: the configurations and other journeys of a workspace
//! (or a bundle). Validation reads it; it is built by whoever holds the data.

use std::collections::BTreeMap;

use crate::{CustomAction, DataSource, Event, Journey};

#[derive(Debug, Default, Clone)]
pub struct Catalog<'a> {
    pub events: BTreeMap<&'a str, &'a Event>,
    pub data_sources: BTreeMap<&'a str, &'a DataSource>,
    pub actions: BTreeMap<&'a str, &'a CustomAction>,
    pub journeys: BTreeMap<&'a str, &'a Journey>,
}

impl<'a> Catalog<'a> {
    pub fn new(
        events: &'a [Event],
        data_sources: &'a [DataSource],
        actions: &'a [CustomAction],
        journeys: &'a [Journey],
    ) -> Self {
        Catalog {
            events: events.iter().map(|e| (e.name.as_str(), e)).collect(),
            data_sources: data_sources.iter().map(|d| (d.name.as_str(), d)).collect(),
            actions: actions.iter().map(|a| (a.name.as_str(), a)).collect(),
            journeys: journeys.iter().map(|j| (j.name.as_str(), j)).collect(),
        }
    }
}
