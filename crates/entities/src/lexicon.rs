//! Word clusters and frequencies (from spaCy's MIT-licensed lookups data,
//! see `scripts/ner/derive_resources.py`) and the gazetteers the tagger
//! consults. Both are compiled into the binary and parsed once on first use,
//! so nothing is read from disk at run time.

use crate::lexicon_table;
use crate::places::PlaceTable;
use crate::Language;
use flate2::read::GzDecoder;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;
use std::sync::OnceLock;

/// What the lexicon knows about one word form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordInfo {
    /// spaCy's Brown cluster id: the bit path reversed, so prefixes of the
    /// path are its low bits.
    pub cluster: u32,
    /// Natural log-probability, rounded down to an integer (−3 … −18).
    pub log_prob: i8,
}

/// Brown clusters and log-probabilities of the most frequent forms.
///
/// A million forms must be usable inside the 300 ms load budget, so
/// `build.rs` lays them out as a ready-to-probe hash table (see
/// `lexicon_table.rs`) compiled into the binary, and lookups read it in
/// place: nothing is decompressed or parsed at start-up.
pub(crate) struct Lexicon {
    table: &'static [u8],
    slot_bits: u32,
    slot_count: usize,
    entry_count: usize,
    entries_at: usize,
    words_at: usize,
}

impl Lexicon {
    /// Reads the header of a table; a table whose header does not fit its
    /// length (a broken build) gives an empty lexicon, never a panic.
    fn from_table(table: &'static [u8]) -> Lexicon {
        let empty = Lexicon {
            table: &[],
            slot_bits: 0,
            slot_count: 0,
            entry_count: 0,
            entries_at: 0,
            words_at: 0,
        };
        let (Some(slot_count), Some(entry_count)) = (read_u32(table, 0), read_u32(table, 4)) else {
            return empty;
        };
        let (slot_count, entry_count) = (slot_count as usize, entry_count as usize);
        let entries_at = lexicon_table::HEADER_BYTES + slot_count * 4;
        let words_at = entries_at + entry_count * lexicon_table::ENTRY_BYTES;
        if !slot_count.is_power_of_two() || words_at > table.len() {
            return empty;
        }
        Lexicon {
            table,
            slot_bits: slot_count.trailing_zeros(),
            slot_count,
            entry_count,
            entries_at,
            words_at,
        }
    }

    /// The lexicon of a language.
    pub(crate) fn get(language: Language) -> &'static Lexicon {
        static DE: OnceLock<Lexicon> = OnceLock::new();
        static EN: OnceLock<Lexicon> = OnceLock::new();
        match language {
            Language::De => DE.get_or_init(|| {
                Lexicon::from_table(include_bytes!(concat!(env!("OUT_DIR"), "/lexicon-de.bin")))
            }),
            Language::En => EN.get_or_init(|| {
                Lexicon::from_table(include_bytes!(concat!(env!("OUT_DIR"), "/lexicon-en.bin")))
            }),
        }
    }

    /// Cluster and frequency of a form, if among the frequent ones.
    pub(crate) fn lookup(&self, word: &str) -> Option<WordInfo> {
        if self.slot_count == 0 {
            return None;
        }
        let word = word.as_bytes();
        let mut slot = lexicon_table::home_slot(word, self.slot_bits);
        // At most every slot once, so even a damaged table cannot loop.
        for _ in 0..self.slot_count {
            let number = read_u32(self.table, lexicon_table::HEADER_BYTES + slot * 4)? as usize;
            if number == 0 || number > self.entry_count {
                return None;
            }
            let entry = self.entries_at + (number - 1) * lexicon_table::ENTRY_BYTES;
            let start = self.words_at + read_u32(self.table, entry)? as usize;
            let len = usize::from(*self.table.get(entry + 8)?);
            if self.table.get(start..start + len)? == word {
                return Some(WordInfo {
                    cluster: read_u32(self.table, entry + 4)?,
                    log_prob: *self.table.get(entry + 9)? as i8,
                });
            }
            slot = (slot + 1) & (self.slot_count - 1);
        }
        None
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entry_count
    }
}

/// The little-endian u32 at `at`, if the bytes are there.
fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let slice = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([slice[0], slice[1], slice[2], slice[3]]))
}

/// FxHash (rustc's hasher): word lookups are the hot path of feature
/// extraction, and the keys are our own data, so no DoS-resistant hashing
/// is needed.
#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(SEED);
        }
    }
}

/// Word-keyed map and set with [`WordHasher`].
pub(crate) type WordMap<V> = HashMap<Box<str>, V, BuildHasherDefault<WordHasher>>;
type WordSet = HashSet<Box<str>, BuildHasherDefault<WordHasher>>;

/// Token-level gazetteer flags (bit set), one group of the tagger's features.
pub(crate) mod flag {
    /// The token alone names a country or city ("Moskau", "USA").
    pub const PLACE: u8 = 1;
    /// The token is part of a multi-word place name ("Vereinigte").
    pub const PLACE_PART: u8 = 2;
    /// The token without a genitive -s names a place ("Russlands").
    pub const PLACE_GENITIVE: u8 = 4;
    /// The token is an organisation cue ("AG", "Partei").
    pub const ORG_CUE: u8 = 8;
    /// The token ends in an organisation cue ("Nachrichtenagentur").
    pub const ORG_CUE_SUFFIX: u8 = 16;
    /// The token is a person cue: title, function or honorific ("Präsident").
    pub const PERSON_CUE: u8 = 32;
}

/// Longest name of the name list, in tokens; longer matches are not tried.
pub(crate) const MAX_NAME_TOKENS: usize = 6;

/// Places and cue words, for the gazetteer feature group, and the names
/// linked in Wikipedia (WikiANN) with their types, for the names group.
pub(crate) struct Gazetteer {
    names: WordMap<u8>,
    name_parts: WordMap<u16>,
    name_starts: WordSet,
    places: WordSet,
    place_parts: WordSet,
    org_cues: WordSet,
    org_suffixes: Vec<Box<str>>,
    person_cues: WordSet,
}

impl Gazetteer {
    fn build(language: Language) -> Gazetteer {
        let mut places = WordSet::default();
        let mut place_parts = WordSet::default();
        for name in PlaceTable::get().names() {
            if name.contains(' ') {
                for part in name.split(' ') {
                    place_parts.insert(part.into());
                }
            } else {
                places.insert(name.into());
            }
        }
        let (orgs, persons) = match language {
            Language::De => (
                include_str!("../resources/de/org_cues.txt"),
                include_str!("../resources/de/person_cues.txt"),
            ),
            Language::En => (
                include_str!("../resources/en/org_cues.txt"),
                include_str!("../resources/en/person_cues.txt"),
            ),
        };
        let org_cues: WordSet = data_lines(orgs).map(Into::into).collect();
        // Suffix matching only for cues long enough to be a compound's head.
        let org_suffixes = org_cues
            .iter()
            .filter(|c| c.chars().count() >= 5)
            .map(|c| c.to_lowercase().into())
            .collect();
        let person_cues = data_lines(persons).map(Into::into).collect();
        let names_gz: &[u8] = match language {
            Language::De => include_bytes!("../resources/de/names.tsv.gz"),
            Language::En => include_bytes!("../resources/en/names.tsv.gz"),
        };
        let names = parse_names(names_gz);
        let name_starts = names
            .keys()
            .map(|n| n.split(' ').next().unwrap_or(n).into())
            .collect();
        let name_parts = name_part_bits(&names);
        Gazetteer {
            names,
            name_parts,
            name_starts,
            places,
            place_parts,
            org_cues,
            org_suffixes,
            person_cues,
        }
    }

    /// The gazetteer of a language, built on first use.
    pub(crate) fn get(language: Language) -> &'static Gazetteer {
        static DE: OnceLock<Gazetteer> = OnceLock::new();
        static EN: OnceLock<Gazetteer> = OnceLock::new();
        match language {
            Language::De => DE.get_or_init(|| Gazetteer::build(Language::De)),
            Language::En => EN.get_or_init(|| Gazetteer::build(Language::En)),
        }
    }

    /// True when some name starts with this token; saves trying the
    /// longer joins for most tokens.
    pub(crate) fn starts_name(&self, token: &str) -> bool {
        self.name_starts.contains(token)
    }

    /// Type of a name (tokens joined by single spaces): 1 PER, 2 ORG, 3 LOC.
    pub(crate) fn name_type(&self, name: &str) -> Option<u8> {
        self.names.get(name).copied()
    }

    /// Where the token occurs inside the known names, as bits
    /// `4 × (type − 1) + position` (position 0 alone, 1 first, 2 inner,
    /// 3 last): a token of a name the list lacks as a whole ("Mærsk" in
    /// "Mærsk Line") still says which kind of name it tends to start or end.
    pub(crate) fn name_part_bits(&self, token: &str) -> u16 {
        self.name_parts.get(token).copied().unwrap_or(0)
    }

    /// Gazetteer flags of a token; `lower` is its lowercase form.
    pub(crate) fn flags(&self, token: &str, lower: &str) -> u8 {
        let mut flags = 0;
        if self.places.contains(token) {
            flags |= flag::PLACE;
        }
        if self.place_parts.contains(token) {
            flags |= flag::PLACE_PART;
        }
        if let Some(stem) = token.strip_suffix('s') {
            if self.places.contains(stem) {
                flags |= flag::PLACE_GENITIVE;
            }
        }
        if self.org_cues.contains(token) {
            flags |= flag::ORG_CUE;
        } else if self
            .org_suffixes
            .iter()
            .any(|s| lower.len() > s.len() && lower.ends_with(&**s))
        {
            flags |= flag::ORG_CUE_SUFFIX;
        }
        if self.person_cues.contains(token) {
            flags |= flag::PERSON_CUE;
        }
        flags
    }
}

/// The bits of [`Gazetteer::name_part_bits`] of every token of the names.
fn name_part_bits(names: &WordMap<u8>) -> WordMap<u16> {
    let mut parts = WordMap::default();
    for (name, &kind) in names {
        let count = name.split(' ').count();
        for (k, token) in name.split(' ').enumerate() {
            let position = match (k, count) {
                (_, 1) => 0,
                (0, _) => 1,
                (k, count) if k + 1 == count => 3,
                _ => 2,
            };
            let bit = 1u16 << (4 * u16::from(kind - 1) + position);
            *parts.entry(token.into()).or_insert(0) |= bit;
        }
    }
    parts
}

/// Reads `type<TAB>name` lines (PER, ORG, LOC) of a compressed name list;
/// like the lexicon, a damaged list yields an empty one, never a panic.
fn parse_names(gz: &[u8]) -> WordMap<u8> {
    let mut text = String::new();
    if GzDecoder::new(gz).read_to_string(&mut text).is_err() {
        text.clear();
    }
    let mut names = WordMap::default();
    for line in text.lines() {
        let Some((kind, name)) = line.split_once('\t') else {
            continue;
        };
        let kind = match kind {
            "PER" => 1,
            "ORG" => 2,
            "LOC" => 3,
            _ => continue,
        };
        if name.split(' ').count() <= MAX_NAME_TOKENS {
            names.insert(name.into(), kind);
        }
    }
    names
}

/// Non-empty, non-comment lines of a resource file.
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_has_clusters_shared_by_names() {
        let lexicon = Lexicon::get(Language::De);
        assert!(lexicon.len() > 100_000);
        let putin = lexicon.lookup("Putin").unwrap();
        let merkel = lexicon.lookup("Merkel").unwrap();
        assert_eq!(putin.cluster, merkel.cluster);
        assert!(lexicon.lookup("der").unwrap().log_prob > putin.log_prob);
        assert!(Lexicon::get(Language::En).lookup("the").is_some());
    }

    #[test]
    fn damaged_lexicon_tables_are_empty_not_panics() {
        static SHORT: [u8; 3] = [1, 2, 3];
        // Claims 4 slots and 9 entries, but holds none of them.
        static LYING: [u8; 8] = [4, 0, 0, 0, 9, 0, 0, 0];
        for table in [&SHORT[..], &LYING[..]] {
            assert_eq!(Lexicon::from_table(table).lookup("Putin"), None);
        }
    }

    #[test]
    fn gazetteer_flags() {
        let g = Gazetteer::get(Language::De);
        assert_ne!(g.flags("Moskau", "moskau") & flag::PLACE, 0);
        assert_ne!(g.flags("Russlands", "russlands") & flag::PLACE_GENITIVE, 0);
        assert_ne!(g.flags("Vereinigte", "vereinigte") & flag::PLACE_PART, 0);
        assert_ne!(
            g.flags("Nachrichtenagentur", "nachrichtenagentur") & flag::ORG_CUE_SUFFIX,
            0
        );
        assert_ne!(g.flags("GmbH", "gmbh") & flag::ORG_CUE, 0);
        assert_eq!(g.flags("Haus", "haus"), 0);
        assert_eq!(g.name_type("Angela Merkel"), Some(1));
        // "Angela" starts person names (type 1, position 1: bit 1).
        assert_ne!(g.name_part_bits("Angela") & 1 << 1, 0);
        assert_eq!(g.name_part_bits("Xqzwv"), 0);
    }
}
