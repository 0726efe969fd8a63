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
    every: u32,
}

impl ValueCounter {
    pub(crate) fn new(fields: &[&'static str]) -> Self {
        ValueCounter {
            fields: fields.to_vec(),
            every: 1,
        }
    }

    /// Counts only documents whose id is a multiple of `every`: an even
    /// sample of a large hit set (ids follow ingest order, not content).
    pub(crate) fn sampling_every(mut self, every: u64) -> Self {
        self.every = u32::try_from(every.max(1)).unwrap_or(u32::MAX);
        self
    }
}

/// Per-segment state: dense counts indexed by the segment's term ordinal
/// (no hashing per value), turned into strings once at harvest by one
/// sorted pass over the column's dictionary.
pub(crate) struct SegmentValueCounter {
    columns: Vec<Option<OrdinalCounts>>,
    every: u32,
}

/// Counts of one column of one segment.
pub(crate) struct OrdinalCounts {
    column: StrColumn,
    tallies: Vec<Tally>,
    /// Last document counted per ordinal (+1; 0 = none), so a value
    /// repeated within a document (an entity's mentions) counts the
    /// document once without sorting its values.
    last_document: Vec<DocId>,
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
            .map(|f| {
                Ok(segment.fast_fields().str(f)?.map(|column| {
                    let terms = column.num_terms();
                    OrdinalCounts {
                        column,
                        tallies: vec![Tally::default(); terms],
                        last_document: vec![0; terms],
                    }
                }))
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(SegmentValueCounter {
            columns,
            every: self.every,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<ValueTallies>>) -> tantivy::Result<Vec<ValueTallies>> {
        let mut segments = segments.into_iter();
        let mut merged = segments
            .next()
            .unwrap_or_else(|| vec![HashMap::new(); self.fields.len()]);
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
        if doc % self.every != 0 {
            return;
        }
        let marker = doc + 1;
        for counts in self.columns.iter_mut().flatten() {
            for ord in counts.column.term_ords(doc) {
                let ord = ord as usize;
                let (Some(tally), Some(last)) = (
                    counts.tallies.get_mut(ord),
                    counts.last_document.get_mut(ord),
                ) else {
                    continue;
                };
                tally.occurrences += 1;
                if *last != marker {
                    *last = marker;
                    tally.documents += 1;
                }
            }
        }
    }

    fn harvest(self) -> Vec<ValueTallies> {
        self.columns
            .into_iter()
            .map(|counts| counts.map(OrdinalCounts::into_values).unwrap_or_default())
            .collect()
    }
}

impl OrdinalCounts {
    /// The counted values with their strings, looked up in one ordered
    /// pass over the dictionary (an ordinal lookup each would re-decode a
    /// dictionary block per value).
    fn into_values(self) -> ValueTallies {
        let counted: Vec<u64> = self
            .tallies
            .iter()
            .enumerate()
            .filter(|(_, t)| t.documents > 0)
            .map(|(ord, _)| ord as u64)
            .collect();
        let mut values = HashMap::with_capacity(counted.len());
        let mut tallies = counted.iter().map(|&ord| self.tallies[ord as usize]);
        // A damaged dictionary loses its values from the facet rather than
        // failing the query, hence the ignored result.
        let _ = self
            .column
            .dictionary()
            .sorted_ords_to_term_cb(&counted, |bytes| {
                let tally = tallies.next();
                if let (Ok(value), Some(tally)) = (std::str::from_utf8(bytes), tally) {
                    values.insert(value.to_string(), tally);
                }
            });
        values
    }
}
