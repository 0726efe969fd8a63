//! Counting the values of string fast fields over a hit set: for each
//! value, the number of matching documents having it and the number of
//! times it occurs (an entity's key is stored once per mention, so the
//! second number is the mention count). Facets, entity rankings, timelines
//! and co-occurrence are all this one count.
//!
//! Counts stay by term ordinal until the end: turning ordinals into strings
//! walks the column's dictionary, which was the largest part of a faceted
//! search, so a ranking over one segment names only the values it returns.

use std::collections::HashMap;
use std::sync::RwLock;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// Most values [`OrdinalNames`] keeps before it starts over (bounds memory
/// on archives with millions of entities).
const MAX_CACHED_VALUES: usize = 200_000;

/// Documents and occurrences of one value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) documents: u64,
    pub(crate) occurrences: u64,
}

/// Counts per value, for one field.
pub(crate) type ValueTallies = HashMap<String, Tally>;

/// Matching documents of each segment, in document order, collected in the
/// same pass as the top hits so that facets need no second search.
pub(crate) type SegmentMatches = Vec<(SegmentOrdinal, Vec<DocId>)>;

/// Values of a ranking over a hit set, compared best first.
pub(crate) type Rank = fn(&Tally) -> (u64, u64);

/// Values of dictionary ordinals already looked up. A segment never
/// changes, so neither does the value of one of its ordinals; ranking the
/// same popular entities again then needs no dictionary walk.
#[derive(Default)]
pub(crate) struct OrdinalNames {
    values: RwLock<HashMap<(SegmentId, &'static str, u64), String>>,
}

/// Counts of one column of one segment.
pub(crate) struct OrdinalCounts {
    segment: SegmentId,
    field: &'static str,
    column: StrColumn,
    /// Dense by the segment's term ordinal (no hashing per value).
    tallies: Vec<Tally>,
    /// Last document counted per ordinal (+1; 0 = none), so a value
    /// repeated within a document (an entity's mentions) counts the
    /// document once without sorting its values.
    last_document: Vec<DocId>,
}

impl OrdinalCounts {
    fn new(segment: SegmentId, field: &'static str, column: StrColumn) -> Self {
        let terms = column.num_terms();
        OrdinalCounts {
            segment,
            field,
            column,
            tallies: vec![Tally::default(); terms],
            last_document: vec![0; terms],
        }
    }

    fn count(&mut self, doc: DocId) {
        let marker = doc + 1;
        for ord in self.column.term_ords(doc) {
            let ord = ord as usize;
            let (Some(tally), Some(last)) =
                (self.tallies.get_mut(ord), self.last_document.get_mut(ord))
            else {
                continue;
            };
            tally.occurrences += 1;
            if *last != marker {
                *last = marker;
                tally.documents += 1;
            }
        }
    }

    fn counted_ordinals(&self) -> Vec<u64> {
        self.tallies
            .iter()
            .enumerate()
            .filter(|(_, t)| t.documents > 0)
            .map(|(ord, _)| ord as u64)
            .collect()
    }

    /// Strings of sorted ordinals, in one ordered pass over the dictionary
    /// (an ordinal lookup each would re-decode a dictionary block per
    /// value). A damaged dictionary loses its values rather than failing
    /// the query, hence the ignored result.
    fn names(&self, sorted: &[u64]) -> Vec<(u64, String)> {
        let mut named = Vec::with_capacity(sorted.len());
        let mut ords = sorted.iter();
        let _ = self
            .column
            .dictionary()
            .sorted_ords_to_term_cb(sorted, |bytes| {
                if let (Some(&ord), Ok(value)) = (ords.next(), std::str::from_utf8(bytes)) {
                    named.push((ord, value.to_string()));
                }
            });
        named
    }

    /// [`OrdinalCounts::names`] through the cache.
    fn cached_names(&self, sorted: &[u64], cache: &OrdinalNames) -> Vec<(u64, String)> {
        let mut named = Vec::with_capacity(sorted.len());
        let mut missing = Vec::new();
        if let Ok(values) = cache.values.read() {
            for &ord in sorted {
                match values.get(&(self.segment, self.field, ord)) {
                    Some(value) => named.push((ord, value.clone())),
                    None => missing.push(ord),
                }
            }
        } else {
            missing = sorted.to_vec();
        }
        if missing.is_empty() {
            return named;
        }
        let looked_up = self.names(&missing);
        if let Ok(mut values) = cache.values.write() {
            if values.len() + looked_up.len() > MAX_CACHED_VALUES {
                values.clear();
            }
            for (ord, value) in &looked_up {
                values.insert((self.segment, self.field, *ord), value.clone());
            }
        }
        named.extend(looked_up);
        named.sort_unstable_by_key(|(ord, _)| *ord);
        named
    }

    fn into_values(self) -> ValueTallies {
        let counted = self.counted_ordinals();
        self.names(&counted)
            .into_iter()
            .map(|(ord, value)| (value, self.tallies[ord as usize]))
            .collect()
    }
}

/// Counts of one field over a hit set: per segment, by ordinal.
#[derive(Default)]
pub(crate) struct FieldCounts {
    segments: Vec<OrdinalCounts>,
}

impl FieldCounts {
    /// Multiplies every count by `factor` (a sample's counts scaled to the
    /// whole hit set).
    pub(crate) fn scale(&mut self, factor: u64) {
        for tally in self.segments.iter_mut().flat_map(|s| s.tallies.iter_mut()) {
            tally.documents *= factor;
            tally.occurrences *= factor;
        }
    }

    /// Every counted value with its string, summed over segments.
    pub(crate) fn into_values(self) -> ValueTallies {
        let mut merged = ValueTallies::new();
        for segment in self.segments {
            for (value, tally) in segment.into_values() {
                let entry = merged.entry(value).or_default();
                entry.documents += tally.documents;
                entry.occurrences += tally.occurrences;
            }
        }
        merged
    }

    /// The `top` values that `keep` accepts, best `rank` first, ties by
    /// value. Over one segment (a compacted archive) only the values
    /// looked at are named (through `cache`); over several, every value is
    /// named to sum its counts across segments.
    pub(crate) fn top_values(
        mut self,
        rank: Rank,
        mut keep: impl FnMut(&str) -> bool,
        top: usize,
        cache: &OrdinalNames,
    ) -> Vec<(String, Tally)> {
        if top == 0 {
            return Vec::new();
        }
        if self.segments.len() > 1 {
            let mut ranked: Vec<(String, Tally)> = self
                .into_values()
                .into_iter()
                .filter(|(value, _)| keep(value))
                .collect();
            ranked.sort_by(|a, b| rank(&b.1).cmp(&rank(&a.1)).then_with(|| a.0.cmp(&b.0)));
            ranked.truncate(top);
            return ranked;
        }
        let Some(segment) = self.segments.pop() else {
            return Vec::new();
        };
        // Ordinals follow the values' byte order, so ties broken by
        // ordinal are ties broken by value, as above.
        let mut candidates = segment.counted_ordinals();
        let rank_of = |ord: u64| rank(&segment.tallies[ord as usize]);
        candidates.sort_unstable_by(|&a, &b| rank_of(b).cmp(&rank_of(a)).then(a.cmp(&b)));
        let mut out = Vec::with_capacity(top);
        // Named a chunk at a time: `keep` may refuse some (other entity
        // types), and a chunk costs one dictionary pass.
        for chunk in candidates.chunks(top + top / 2 + 4) {
            let mut sorted = chunk.to_vec();
            sorted.sort_unstable();
            let named = segment.cached_names(&sorted, cache);
            for ord in chunk {
                let Ok(at) = named.binary_search_by_key(ord, |(o, _)| *o) else {
                    continue;
                };
                let value = &named[at].1;
                if keep(value) {
                    out.push((value.clone(), segment.tallies[*ord as usize]));
                    if out.len() == top {
                        return out;
                    }
                }
            }
        }
        out
    }
}

/// Opens the counts of the named fields for one segment (`None` where the
/// segment has no such column).
fn open_counts(
    segment: &SegmentReader,
    fields: &[&'static str],
) -> tantivy::Result<Vec<Option<OrdinalCounts>>> {
    fields
        .iter()
        .map(|&field| {
            let column = segment.fast_fields().str(field)?;
            Ok(column.map(|c| OrdinalCounts::new(segment.segment_id(), field, c)))
        })
        .collect()
}

/// Regroups per-segment counts (segment-major) into one [`FieldCounts`]
/// per field.
fn by_field(
    field_count: usize,
    segments: impl IntoIterator<Item = Vec<Option<OrdinalCounts>>>,
) -> Vec<FieldCounts> {
    let mut fields: Vec<FieldCounts> = (0..field_count).map(|_| FieldCounts::default()).collect();
    for segment in segments {
        for (field, counts) in fields.iter_mut().zip(segment) {
            field.segments.extend(counts);
        }
    }
    fields
}

/// Counts the values of the named fields over documents already collected
/// (see [`MatchingDocuments`]); only every `every`-th matching document,
/// in index order, is counted: an even sample of a large hit set (ingest
/// order, not content).
pub(crate) fn count_matches(
    searcher: &Searcher,
    matches: &SegmentMatches,
    fields: &[&'static str],
    every: u64,
) -> tantivy::Result<Vec<FieldCounts>> {
    let every = every.max(1) as usize;
    let mut seen = 0usize;
    let mut segments = Vec::with_capacity(matches.len());
    for (ordinal, docs) in matches {
        let mut counts = open_counts(searcher.segment_reader(*ordinal), fields)?;
        // The first document counted here continues the sample across
        // segments.
        let first = (every - seen % every) % every;
        for &doc in docs.iter().skip(first).step_by(every) {
            for column in counts.iter_mut().flatten() {
                column.count(doc);
            }
        }
        seen += docs.len();
        segments.push(counts);
    }
    Ok(by_field(fields.len(), segments))
}

/// Collects the matching documents of each segment.
pub(crate) struct MatchingDocuments;

/// Per-segment state of [`MatchingDocuments`].
pub(crate) struct SegmentMatchingDocuments {
    segment: SegmentOrdinal,
    docs: Vec<DocId>,
}

impl Collector for MatchingDocuments {
    type Fruit = SegmentMatches;
    type Child = SegmentMatchingDocuments;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(SegmentMatchingDocuments {
            segment,
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segments: Vec<(SegmentOrdinal, Vec<DocId>)>,
    ) -> tantivy::Result<SegmentMatches> {
        let mut segments: SegmentMatches = segments
            .into_iter()
            .filter(|(_, docs)| !docs.is_empty())
            .collect();
        segments.sort_by_key(|(ordinal, _)| *ordinal);
        Ok(segments)
    }
}

impl SegmentCollector for SegmentMatchingDocuments {
    type Fruit = (SegmentOrdinal, Vec<DocId>);

    fn collect(&mut self, doc: DocId, _: Score) {
        self.docs.push(doc);
    }

    fn harvest(self) -> Self::Fruit {
        (self.segment, self.docs)
    }
}

/// Counts the values of the named string fast fields while searching.
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

/// Per-segment state of [`ValueCounter`].
pub(crate) struct SegmentValueCounter {
    columns: Vec<Option<OrdinalCounts>>,
}

impl Collector for ValueCounter {
    type Fruit = Vec<FieldCounts>;
    type Child = SegmentValueCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(SegmentValueCounter {
            columns: open_counts(segment, &self.fields)?,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segments: Vec<Vec<Option<OrdinalCounts>>>,
    ) -> tantivy::Result<Vec<FieldCounts>> {
        Ok(by_field(self.fields.len(), segments))
    }
}

impl SegmentCollector for SegmentValueCounter {
    type Fruit = Vec<Option<OrdinalCounts>>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for counts in self.columns.iter_mut().flatten() {
            counts.count(doc);
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.columns
    }
}
