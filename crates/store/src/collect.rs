//! A tantivy collector that counts the values of string fast fields over a
//! hit set: for each value, the number of matching documents having it and
//! the number of times it occurs (an entity's key is stored once per
//! mention, so the second number is the mention count). Facets, entity
//! rankings, timelines and co-occurrence are all this one count.

use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Documents and occurrences of one value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) documents: u64,
    pub(crate) occurrences: u64,
}

/// Counts per value, for one field.
pub(crate) type ValueTallies = HashMap<String, Tally>;

/// Counts the values of the named string fast fields.
pub(crate) struct ValueCounter {
    fields: Vec<&'static str>,
}

impl ValueCounter {
    pub(crate) fn new(fields: &[&'static str]) -> Self {
        ValueCounter {
            fields: fields.to_vec(),
        }
    }
}

/// Per-segment state: counts keyed by the segment's term ordinals, turned
/// into strings once at harvest.
pub(crate) struct SegmentValueCounter {
    columns: Vec<Option<StrColumn>>,
    tallies: Vec<HashMap<u64, Tally>>,
    ords: Vec<u64>,
}

impl Collector for ValueCounter {
    type Fruit = Vec<ValueTallies>;
    type Child = SegmentValueCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let columns = self
            .fields
            .iter()
            .map(|f| segment.fast_fields().str(f))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(SegmentValueCounter {
            tallies: vec![HashMap::new(); columns.len()],
            columns,
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<ValueTallies>>) -> tantivy::Result<Vec<ValueTallies>> {
        let mut merged: Vec<ValueTallies> = vec![HashMap::new(); self.fields.len()];
        for segment in segments {
            for (into, from) in merged.iter_mut().zip(segment) {
                for (value, tally) in from {
                    let entry = into.entry(value).or_default();
                    entry.documents += tally.documents;
                    entry.occurrences += tally.occurrences;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentValueCounter {
    type Fruit = Vec<ValueTallies>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (column, tallies) in self.columns.iter().zip(self.tallies.iter_mut()) {
            let Some(column) = column else { continue };
            self.ords.clear();
            self.ords.extend(column.term_ords(doc));
            self.ords.sort_unstable();
            let mut run_start = 0;
            while run_start < self.ords.len() {
                let ord = self.ords[run_start];
                let run_end = self.ords[run_start..]
                    .iter()
                    .position(|&o| o != ord)
                    .map_or(self.ords.len(), |n| run_start + n);
                let tally = tallies.entry(ord).or_default();
                tally.documents += 1;
                tally.occurrences += (run_end - run_start) as u64;
                run_start = run_end;
            }
        }
    }

    fn harvest(self) -> Vec<ValueTallies> {
        let mut buffer = String::new();
        self.columns
            .iter()
            .zip(self.tallies)
            .map(|(column, tallies)| {
                let Some(column) = column else {
                    return HashMap::new();
                };
                tallies
                    .into_iter()
                    .filter_map(|(ord, tally)| {
                        buffer.clear();
                        match column.ord_to_str(ord, &mut buffer) {
                            Ok(true) => Some((buffer.clone(), tally)),
                            _ => None,
                        }
                    })
                    .collect()
            })
            .collect()
    }
}
