//! The trained tagger: an averaged structured perceptron over hashed
//! features with first-order Viterbi decoding under BILOU constraints.
//! Weights are stored sparsely (only the labels a feature votes for) and
//! gzip-compressed; the built-in models are
//! compiled into the binary and decoded once, on first use.

use crate::corpus::TokenSpan;
use crate::features::{Extractor, FeatureGroups, SentenceFeatures};
use crate::labels::{self, LABEL_COUNT};
use crate::weights::{Entry, WeightTable};
use crate::Language;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::OnceLock;

const MAGIC: &[u8; 8] = b"LBNER02\n";
/// Row of the transition matrix that holds the sentence-start scores.
const START: usize = LABEL_COUNT;

/// Why a model could not be loaded or saved.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ModelError {
    /// The binary was built without a trained model for the language.
    #[error(
        "no built-in NER model for {0}: build it with `lagebild train ner --lang {0}` and rebuild"
    )]
    Missing(&'static str),
    /// The file could not be read or written.
    #[error("cannot access model file {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        message: String,
    },
    /// Models that cannot be blended into one.
    #[error("cannot blend these models: {0}")]
    Unblendable(&'static str),
    /// The bytes are not a model of this version.
    #[error("not a lagebild NER model (or a damaged one): {0}; retrain with `lagebild train ner`")]
    Corrupt(String),
}

/// Keys are already well-mixed 64-bit hashes: use them as they are.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// A trained tagger for one language.
pub struct Tagger {
    language: Language,
    groups: FeatureGroups,
    extractor: Extractor,
    /// Feature key → its non-zero weights.
    weights: WeightTable,
    /// `(LABEL_COUNT + 1) × LABEL_COUNT`; the last row scores sentence starts.
    transitions: Vec<f32>,
}

/// Buffers reused from sentence to sentence so tagging does not allocate.
#[derive(Debug, Default)]
pub struct TagScratch {
    features: SentenceFeatures,
    /// Entry ranges of the sentence's feature keys, in key order.
    ranges: Vec<(u32, u32)>,
    emissions: Vec<f32>,
    decoder: Decoder,
}

/// Viterbi buffers and output.
#[derive(Debug, Default)]
pub(crate) struct Decoder {
    delta: Vec<f32>,
    back: Vec<u8>,
    /// Best label sequence of the last decoded sentence.
    pub labels: Vec<u8>,
}

impl Decoder {
    /// Best constrained label sequence for `emissions` (`n × LABEL_COUNT`).
    pub fn decode(&mut self, emissions: &[f32], transitions: &[f32]) {
        let n = emissions.len() / LABEL_COUNT;
        self.labels.clear();
        if n == 0 {
            return;
        }
        self.delta.clear();
        self.delta.resize(n * LABEL_COUNT, f32::NEG_INFINITY);
        self.back.clear();
        self.back.resize(n * LABEL_COUNT, 0);
        for l in 0..LABEL_COUNT {
            if labels::allowed(None, l as u8) {
                self.delta[l] = emissions[l] + transitions[START * LABEL_COUNT + l];
            }
        }
        let predecessors = labels::predecessors();
        for i in 1..n {
            let (before, current) = self.delta.split_at_mut(i * LABEL_COUNT);
            let previous_row = &before[(i - 1) * LABEL_COUNT..];
            for (l, allowed) in predecessors.iter().enumerate() {
                let mut best = f32::NEG_INFINITY;
                let mut best_previous = 0u8;
                for &p in allowed {
                    let score = previous_row[usize::from(p)]
                        + transitions[usize::from(p) * LABEL_COUNT + l];
                    if score > best {
                        best = score;
                        best_previous = p;
                    }
                }
                if best > f32::NEG_INFINITY {
                    current[l] = best + emissions[i * LABEL_COUNT + l];
                    self.back[i * LABEL_COUNT + l] = best_previous;
                }
            }
        }
        let last = (n - 1) * LABEL_COUNT;
        let mut best = 0u8;
        let mut best_score = f32::NEG_INFINITY;
        for l in 0..LABEL_COUNT {
            if labels::may_end(l as u8) && self.delta[last + l] > best_score {
                best_score = self.delta[last + l];
                best = l as u8;
            }
        }
        self.labels.resize(n, 0);
        self.labels[n - 1] = best;
        for i in (1..n).rev() {
            best = self.back[i * LABEL_COUNT + usize::from(best)];
            self.labels[i - 1] = best;
        }
    }
}

impl Tagger {
    /// The model compiled into the binary for `language`, decoded once.
    pub fn builtin(language: Language) -> Result<&'static Tagger, ModelError> {
        static DE: OnceLock<Result<Tagger, ModelError>> = OnceLock::new();
        static EN: OnceLock<Result<Tagger, ModelError>> = OnceLock::new();
        let (cell, bytes): (_, &[u8]) = match language {
            Language::De => (&DE, include_bytes!("../models/ner-de.bin.gz")),
            Language::En => (&EN, include_bytes!("../models/ner-en.bin.gz")),
        };
        cell.get_or_init(|| {
            if bytes.is_empty() {
                return Err(ModelError::Missing(language.code()));
            }
            Tagger::from_bytes(bytes)
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Loads a model file written by [`Tagger::save`].
    pub fn load(path: &Path) -> Result<Tagger, ModelError> {
        let bytes = std::fs::read(path).map_err(|e| ModelError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Tagger::from_bytes(&bytes)
    }

    /// The language the model was trained for.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The feature groups the model uses.
    pub fn feature_groups(&self) -> FeatureGroups {
        self.groups
    }

    /// Number of features with weights.
    pub fn feature_count(&self) -> usize {
        self.weights.len()
    }

    /// The weighted sum of several models of the same language and
    /// features, each first divided by the root mean square of its
    /// weights so that learners with different weight scales (perceptron,
    /// CRF) count as `share` says.
    pub fn blend(parts: &[(&Tagger, f32)]) -> Result<Tagger, ModelError> {
        let Some((first, _)) = parts.first() else {
            return Err(ModelError::Unblendable("no model given"));
        };
        if parts
            .iter()
            .any(|(t, _)| t.language != first.language || t.groups != first.groups)
        {
            return Err(ModelError::Unblendable(
                "they differ in language or feature groups",
            ));
        }
        let mut sums: KeyMap<[f32; LABEL_COUNT]> = KeyMap::default();
        let mut transitions = vec![0.0f32; first.transitions.len()];
        for (tagger, share) in parts {
            let features = tagger.weights.sorted();
            let (mut squares, mut count) = (0.0f64, 0usize);
            for (_, entries) in &features {
                for entry in *entries {
                    squares += f64::from(entry.weight) * f64::from(entry.weight);
                    count += 1;
                }
            }
            let scale = share / ((squares / count.max(1) as f64).sqrt().max(1e-12) as f32);
            for (key, entries) in features {
                let row = sums.entry(key).or_insert([0.0; LABEL_COUNT]);
                for entry in entries {
                    row[usize::from(entry.label)] += scale * entry.weight;
                }
            }
            for (sum, t) in transitions.iter_mut().zip(&tagger.transitions) {
                *sum += scale * t;
            }
        }
        let mut keys: Vec<u64> = sums.keys().copied().collect();
        keys.sort_unstable();
        let weights: Vec<f32> = keys.iter().flat_map(|k| sums[k]).collect();
        Ok(Tagger::from_dense(
            first.language,
            first.groups,
            &keys,
            &weights,
            transitions,
        ))
    }

    /// Entity spans of one tokenised sentence, using `scratch` as buffers.
    pub fn tag_with<S: AsRef<str>>(
        &self,
        tokens: &[S],
        scratch: &mut TagScratch,
    ) -> Vec<TokenSpan> {
        self.label_with(tokens, scratch);
        labels::decode(&scratch.decoder.labels)
    }

    /// BIO tags (`B-PER`, `I-LOC`, `O` …) of one sentence, as the `ner`
    /// command prints them; compound parts come out as O.
    pub fn bio_tags<S: AsRef<str>>(
        &self,
        tokens: &[S],
        scratch: &mut TagScratch,
    ) -> Vec<&'static str> {
        let spans = self.tag_with(tokens, scratch);
        let mut tags = vec!["O"; tokens.len()];
        for span in spans.iter().filter(|s| !s.part) {
            let (begin, inside) = match span.entity_type {
                crate::EntityType::Per => ("B-PER", "I-PER"),
                crate::EntityType::Org => ("B-ORG", "I-ORG"),
                crate::EntityType::Loc => ("B-LOC", "I-LOC"),
                crate::EntityType::Misc => ("B-MISC", "I-MISC"),
            };
            tags[span.start] = begin;
            for tag in &mut tags[span.start + 1..span.end] {
                *tag = inside;
            }
        }
        tags
    }

    fn label_with<S: AsRef<str>>(&self, tokens: &[S], scratch: &mut TagScratch) {
        self.extractor.extract(tokens, &mut scratch.features);
        self.weights
            .ranges(&scratch.features.keys, &mut scratch.ranges);
        let emissions = &mut scratch.emissions;
        emissions.clear();
        emissions.resize(tokens.len() * LABEL_COUNT, 0.0);
        for i in 0..tokens.len() {
            let row = &mut emissions[i * LABEL_COUNT..(i + 1) * LABEL_COUNT];
            let (from, to) = (scratch.features.offsets[i], scratch.features.offsets[i + 1]);
            for &range in &scratch.ranges[from..to] {
                for entry in self.weights.entries(range) {
                    row[usize::from(entry.label)] += entry.weight;
                }
            }
        }
        scratch.decoder.decode(emissions, &self.transitions);
    }

    /// Builds a tagger from dense averaged weights (`features × LABEL_COUNT`,
    /// row order of `keys`), keeping only non-zero weights.
    pub(crate) fn from_dense(
        language: Language,
        groups: FeatureGroups,
        keys: &[u64],
        weights: &[f32],
        transitions: Vec<f32>,
    ) -> Tagger {
        let mut table = WeightTable::with_capacity(keys.len());
        for (key, row) in keys.iter().zip(weights.chunks_exact(LABEL_COUNT)) {
            let entries =
                row.iter()
                    .enumerate()
                    .filter(|(_, &w)| w != 0.0)
                    .map(|(label, &weight)| Entry {
                        weight,
                        label: label as u8,
                    });
            // The keys of a trained model are distinct: they come from a map.
            let _ = table.insert(*key, entries);
        }
        Tagger {
            language,
            groups,
            extractor: Extractor::new(language, groups),
            weights: table,
            transitions,
        }
    }

    /// Writes the model (gzip-compressed) to `path`.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let io_error = |e: std::io::Error| ModelError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let features = self.weights.sorted();
        let entries: usize = features.iter().map(|(_, e)| e.len()).sum();
        let mut out = Vec::with_capacity(entries * 5 + features.len() * 9 + 4096);
        out.extend_from_slice(MAGIC);
        out.push(self.language.code().as_bytes()[0]);
        out.extend_from_slice(&self.groups.0.to_le_bytes());
        out.extend_from_slice(&(LABEL_COUNT as u32).to_le_bytes());
        for t in &self.transitions {
            out.extend_from_slice(&t.to_le_bytes());
        }
        out.extend_from_slice(&(features.len() as u32).to_le_bytes());
        // Sorted keys make the file byte-identical for identical weights.
        for (key, entries) in features {
            out.extend_from_slice(&key.to_le_bytes());
            out.push(entries.len() as u8);
            for entry in entries {
                out.push(entry.label);
                out.extend_from_slice(&entry.weight.to_le_bytes());
            }
        }
        let file = std::fs::File::create(path).map_err(io_error)?;
        let mut encoder =
            GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::best());
        encoder.write_all(&out).map_err(io_error)?;
        encoder
            .finish()
            .map_err(io_error)?
            .flush()
            .map_err(io_error)
    }

    /// Decodes a model from its gzip-compressed bytes.
    pub fn from_bytes(gz: &[u8]) -> Result<Tagger, ModelError> {
        let mut bytes = Vec::new();
        GzDecoder::new(gz)
            .read_to_end(&mut bytes)
            .map_err(|e| ModelError::Corrupt(e.to_string()))?;
        let mut reader = ByteReader {
            bytes: &bytes,
            pos: 0,
        };
        if reader.take(MAGIC.len())? != MAGIC {
            return Err(ModelError::Corrupt("wrong magic bytes".into()));
        }
        let language = match reader.take(1)?[0] {
            b'd' => Language::De,
            b'e' => Language::En,
            other => {
                return Err(ModelError::Corrupt(format!(
                    "unknown language byte {other}"
                )))
            }
        };
        let groups = FeatureGroups(reader.u32()?);
        let label_count = reader.u32()? as usize;
        if label_count != LABEL_COUNT {
            return Err(ModelError::Corrupt(format!(
                "{label_count} labels, this version uses {LABEL_COUNT}"
            )));
        }
        let mut transitions = Vec::with_capacity((LABEL_COUNT + 1) * LABEL_COUNT);
        for _ in 0..(LABEL_COUNT + 1) * LABEL_COUNT {
            transitions.push(f32::from_le_bytes(reader.array()?));
        }
        let features = reader.u32()? as usize;
        // A damaged count must not reserve gigabytes: each feature takes
        // at least 9 bytes of the file.
        let mut table = WeightTable::with_capacity(features.min(bytes.len() / 9));
        let mut entries = Vec::with_capacity(LABEL_COUNT);
        for _ in 0..features {
            let key = u64::from_le_bytes(reader.array()?);
            let len = reader.take(1)?[0];
            entries.clear();
            for _ in 0..len {
                let label = reader.take(1)?[0];
                if usize::from(label) >= LABEL_COUNT {
                    return Err(ModelError::Corrupt(format!("label {label} out of range")));
                }
                let weight = f32::from_le_bytes(reader.array()?);
                entries.push(Entry { weight, label });
            }
            table
                .insert(key, entries.iter().copied())
                .map_err(|duplicate| {
                    ModelError::Corrupt(format!("feature {:#x} stored twice", duplicate.0))
                })?;
        }
        Ok(Tagger {
            language,
            groups,
            extractor: Extractor::new(language, groups),
            weights: table,
            transitions,
        })
    }
}

struct ByteReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> ByteReader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| ModelError::Corrupt("file ends early".into()))?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
}
