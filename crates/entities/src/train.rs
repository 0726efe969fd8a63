//! Training the averaged structured perceptron (Collins 2002) with the
//! lazy-averaging trick: one dense weight table over the features seen at
//! least `min_count` times, updated on every wrongly tagged sentence.
//!
//! Out-of-domain data (WikiANN) joins through feature augmentation
//! (Daumé III 2007, "Frustratingly easy domain adaptation"): every feature
//! of a sentence also fires as a copy marked with the sentence's domain, so
//! what holds only in one domain (WikiANN never marks MISC) is learnt by
//! that domain's copies. Tagging always sees in-domain text, so the
//! in-domain copies are folded into the shared weights when the model is
//! built and the tagger stays exactly as fast as without adaptation.

use crate::corpus::Sentence;
use crate::features::{mix, Extractor, FeatureGroups, SentenceFeatures};
use crate::labels::{self, LABEL_COUNT};
use crate::tagger::{Decoder, KeyMap, Tagger};
use crate::Language;

/// Settings of one training run.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Language of the model (selects clusters and gazetteers).
    pub language: Language,
    /// Feature groups to use.
    pub groups: FeatureGroups,
    /// Passes over the training data.
    pub epochs: usize,
    /// Features seen fewer times are dropped (keeps the model small and
    /// stops rare features from memorising the training set).
    pub min_count: u32,
    /// Seed of the sentence shuffling, for reproducible models.
    pub seed: u64,
    /// Independent runs (shuffled with seeds `seed`, `seed + 1` …) whose
    /// weights are averaged into one model: a single perceptron's dev F1
    /// swings by about ±0.4 points with the seed, the average far less.
    pub runs: usize,
}

/// What one epoch did, for progress reports.
#[derive(Debug, Clone, Copy)]
pub struct EpochReport {
    /// 1-based run of the ensemble.
    pub run: usize,
    /// 1-based epoch number.
    pub epoch: usize,
    /// Share of training tokens tagged correctly during the epoch.
    pub token_accuracy: f64,
}

/// A training sentence as feature ids and gold labels.
struct Example {
    ids: Vec<u32>,
    offsets: Vec<u32>,
    gold: Vec<u8>,
}

/// The domains of feature augmentation; the in-domain one is folded into
/// the shared weights of the finished model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Domain {
    InDomain,
    /// The n-th auxiliary data set (0-based).
    Auxiliary(u32),
}

impl Domain {
    /// The domain-marked copy of a feature key.
    fn copy_of(self, key: u64) -> u64 {
        let marker = match self {
            Domain::InDomain => 0xd0_0001,
            Domain::Auxiliary(n) => 0xd0_0002 + u64::from(n),
        };
        mix(marker, key)
    }
}

/// Trains a tagger on in-domain `sentences` and, through domain-marked
/// feature copies, on `auxiliary` data sets (each its own domain; may be
/// empty); `on_epoch` sees each
/// epoch's report and the averaged model so far (e.g. to score it on dev
/// data).
pub fn train(
    sentences: &[Sentence],
    auxiliary: &[Vec<Sentence>],
    options: &TrainOptions,
    mut on_epoch: impl FnMut(EpochReport, &Tagger),
) -> Tagger {
    let extractor = Extractor::new(options.language, options.groups);
    let adapt = auxiliary.iter().any(|set| !set.is_empty());
    let corpus: Vec<(&Sentence, Domain)> = sentences
        .iter()
        .map(|s| (s, Domain::InDomain))
        .chain(
            auxiliary
                .iter()
                .enumerate()
                .flat_map(|(n, set)| set.iter().map(move |s| (s, Domain::Auxiliary(n as u32)))),
        )
        .filter(|(s, _)| !s.tokens.is_empty())
        .collect();
    let mut features = SentenceFeatures::default();
    let mut token_keys: Vec<u64> = Vec::new();
    let mut counts: KeyMap<u32> = KeyMap::default();
    for &(sentence, domain) in &corpus {
        extractor.extract(&sentence.tokens, &mut features);
        for i in 0..features.len() {
            keys_with_copies(features.token(i), adapt.then_some(domain), &mut token_keys);
            for &key in &token_keys {
                *counts.entry(key).or_insert(0) += 1;
            }
        }
    }
    let mut keys: Vec<u64> = counts
        .iter()
        .filter(|(_, &c)| c >= options.min_count)
        .map(|(&k, _)| k)
        .collect();
    keys.sort_unstable();
    drop(counts);
    let ids: KeyMap<u32> = keys
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, i as u32))
        .collect();
    let examples: Vec<Example> = corpus
        .iter()
        .map(|&(sentence, domain)| {
            extractor.extract(&sentence.tokens, &mut features);
            let mut example = Example {
                ids: Vec::new(),
                offsets: vec![0],
                gold: labels::encode(&sentence.spans, sentence.tokens.len()),
            };
            for i in 0..features.len() {
                keys_with_copies(features.token(i), adapt.then_some(domain), &mut token_keys);
                example
                    .ids
                    .extend(token_keys.iter().filter_map(|k| ids.get(k)));
                example.offsets.push(example.ids.len() as u32);
            }
            example
        })
        .collect();
    let folding = Folding::new(&keys, &ids, if adapt { auxiliary.len() as u32 } else { 0 });
    drop(ids);

    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut decoder = Decoder::default();
    let mut emissions = Vec::new();
    let runs = options.runs.max(1);
    let mut ensemble = FoldedWeights::default();
    for run in 0..runs {
        let mut model = Averaged::new(keys.len());
        let mut rng = options.seed.wrapping_add(run as u64) | 1;
        for epoch in 1..=options.epochs {
            shuffle(&mut order, &mut rng);
            let (mut correct, mut total) = (0usize, 0usize);
            for &e in &order {
                let example = &examples[e];
                model.emissions(example, &mut emissions);
                decoder.decode(&emissions, &model.transitions);
                let predicted = &decoder.labels;
                correct += predicted
                    .iter()
                    .zip(&example.gold)
                    .filter(|(p, g)| p == g)
                    .count();
                total += example.gold.len();
                if predicted != &example.gold {
                    model.update(example, predicted);
                }
                model.step += 1.0;
            }
            let report = EpochReport {
                run: run + 1,
                epoch,
                token_accuracy: correct as f64 / total.max(1) as f64,
            };
            on_epoch(
                report,
                &model.averaged(&folding).to_tagger(options, &folding),
            );
        }
        ensemble.add(&model.averaged(&folding));
    }
    ensemble.scale(1.0 / runs as f32);
    ensemble.to_tagger(options, &folding)
}

/// Weights of a finished model over the shared features (rows in the
/// order of [`Folding::shared_keys`]) and its transitions; summed over the
/// runs of an ensemble.
#[derive(Default)]
struct FoldedWeights {
    weights: Vec<f32>,
    transitions: Vec<f32>,
}

impl FoldedWeights {
    fn add(&mut self, other: &FoldedWeights) {
        for (mine, theirs) in [
            (&mut self.weights, &other.weights),
            (&mut self.transitions, &other.transitions),
        ] {
            if mine.is_empty() {
                mine.resize(theirs.len(), 0.0);
            }
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
    }

    fn scale(&mut self, factor: f32) {
        for w in self.weights.iter_mut().chain(&mut self.transitions) {
            *w *= factor;
        }
    }

    fn to_tagger(&self, options: &TrainOptions, folding: &Folding) -> Tagger {
        Tagger::from_dense(
            options.language,
            options.groups,
            &folding.shared_keys,
            &self.weights,
            self.transitions.clone(),
        )
    }
}

/// A token's feature keys, followed by their copies marked with `domain`
/// when training adapts domains.
fn keys_with_copies(keys: &[u64], domain: Option<Domain>, out: &mut Vec<u64>) {
    out.clear();
    out.extend_from_slice(keys);
    if let Some(domain) = domain {
        out.extend(keys.iter().map(|&k| domain.copy_of(k)));
    }
}

/// Which weight rows make up the shipped model: the shared features, each
/// plus the row of its in-domain copy when training adapted domains.
struct Folding {
    /// Keys of the shared features, sorted.
    shared_keys: Vec<u64>,
    /// Per shared feature: its row and the row of its in-domain copy.
    rows: Vec<(u32, Option<u32>)>,
}

impl Folding {
    fn new(keys: &[u64], ids: &KeyMap<u32>, auxiliary_domains: u32) -> Folding {
        if auxiliary_domains == 0 {
            return Folding {
                shared_keys: keys.to_vec(),
                rows: (0..keys.len() as u32).map(|row| (row, None)).collect(),
            };
        }
        let mut is_copy = vec![false; keys.len()];
        for &key in keys {
            for domain in std::iter::once(Domain::InDomain)
                .chain((0..auxiliary_domains).map(Domain::Auxiliary))
            {
                if let Some(&row) = ids.get(&domain.copy_of(key)) {
                    is_copy[row as usize] = true;
                }
            }
        }
        let mut folding = Folding {
            shared_keys: Vec::new(),
            rows: Vec::new(),
        };
        for (row, &key) in keys.iter().enumerate() {
            if !is_copy[row] {
                folding.shared_keys.push(key);
                let copy = ids.get(&Domain::InDomain.copy_of(key)).copied();
                folding.rows.push((row as u32, copy));
            }
        }
        folding
    }
}

/// Perceptron weights with the sums needed for averaging.
struct Averaged {
    weights: Vec<f32>,
    /// Σ step × update, so that the average is `weights − sums / step`.
    sums: Vec<f64>,
    transitions: Vec<f32>,
    transition_sums: Vec<f64>,
    step: f64,
}

impl Averaged {
    fn new(features: usize) -> Self {
        let t = (LABEL_COUNT + 1) * LABEL_COUNT;
        Averaged {
            weights: vec![0.0; features * LABEL_COUNT],
            sums: vec![0.0; features * LABEL_COUNT],
            transitions: vec![0.0; t],
            transition_sums: vec![0.0; t],
            step: 1.0,
        }
    }

    fn emissions(&self, example: &Example, out: &mut Vec<f32>) {
        let n = example.gold.len();
        out.clear();
        out.resize(n * LABEL_COUNT, 0.0);
        for i in 0..n {
            let row = &mut out[i * LABEL_COUNT..(i + 1) * LABEL_COUNT];
            for &f in &example.ids[example.offsets[i] as usize..example.offsets[i + 1] as usize] {
                let weights =
                    &self.weights[f as usize * LABEL_COUNT..(f as usize + 1) * LABEL_COUNT];
                for (r, w) in row.iter_mut().zip(weights) {
                    *r += w;
                }
            }
        }
    }

    fn update(&mut self, example: &Example, predicted: &[u8]) {
        let step = self.step;
        for i in 0..example.gold.len() {
            let (gold, guess) = (usize::from(example.gold[i]), usize::from(predicted[i]));
            if gold != guess {
                for &f in &example.ids[example.offsets[i] as usize..example.offsets[i + 1] as usize]
                {
                    let base = f as usize * LABEL_COUNT;
                    self.weights[base + gold] += 1.0;
                    self.sums[base + gold] += step;
                    self.weights[base + guess] -= 1.0;
                    self.sums[base + guess] -= step;
                }
            }
            let previous = |labels: &[u8]| {
                if i == 0 {
                    LABEL_COUNT
                } else {
                    usize::from(labels[i - 1])
                }
            };
            let gold_pair = previous(&example.gold) * LABEL_COUNT + gold;
            let guess_pair = previous(predicted) * LABEL_COUNT + guess;
            if gold_pair != guess_pair {
                self.transitions[gold_pair] += 1.0;
                self.transition_sums[gold_pair] += step;
                self.transitions[guess_pair] -= 1.0;
                self.transition_sums[guess_pair] -= step;
            }
        }
    }

    /// The averaged weights, in-domain copies folded into the shared rows.
    fn averaged(&self, folding: &Folding) -> FoldedWeights {
        let average = |w: f32, s: f64| (f64::from(w) - s / self.step) as f32;
        let mut weights = Vec::with_capacity(folding.rows.len() * LABEL_COUNT);
        for &(row, copy) in &folding.rows {
            for label in 0..LABEL_COUNT {
                let at = |row: u32| row as usize * LABEL_COUNT + label;
                let mut weight = average(self.weights[at(row)], self.sums[at(row)]);
                if let Some(copy) = copy {
                    weight += average(self.weights[at(copy)], self.sums[at(copy)]);
                }
                weights.push(weight);
            }
        }
        let transitions = self
            .transitions
            .iter()
            .zip(&self.transition_sums)
            .map(|(&w, &s)| average(w, s))
            .collect();
        FoldedWeights {
            weights,
            transitions,
        }
    }
}

/// Fisher–Yates with xorshift64, so a seed fixes the model.
fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        order.swap(i, (*state % (i as u64 + 1)) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{spans_from_tags, Sentence, TokenSpan};
    use crate::{ModelError, TagScratch};

    fn sentence(text: &str, tags: &[&str]) -> Sentence {
        Sentence {
            tokens: text.split(' ').map(String::from).collect(),
            spans: spans_from_tags(tags.iter().copied()),
        }
    }

    fn toy_corpus() -> Vec<Sentence> {
        let mut sentences = Vec::new();
        for (first, last) in [
            ("Anna", "Berg"),
            ("Paul", "Stein"),
            ("Lena", "Hof"),
            ("Max", "Weber"),
        ] {
            for city in ["Berlin", "Moskau", "Paris"] {
                sentences.push(sentence(
                    &format!("Gestern reiste {first} {last} nach {city} ."),
                    &["O", "O", "B-PER", "I-PER", "O", "B-LOC", "O"],
                ));
            }
        }
        sentences
    }

    #[test]
    fn learns_a_toy_corpus_and_survives_a_round_trip() {
        let options = TrainOptions {
            language: Language::De,
            groups: FeatureGroups::all(),
            epochs: 5,
            min_count: 1,
            seed: 7,
            runs: 2,
        };
        let corpus = toy_corpus();
        let mut epochs = 0;
        let tagger = train(&corpus, &[], &options, |_, _| epochs += 1);
        assert_eq!(epochs, 10);
        let mut scratch = TagScratch::default();
        for s in &corpus {
            assert_eq!(
                tagger.tag_with(&s.tokens, &mut scratch),
                s.spans,
                "{:?}",
                s.tokens
            );
        }
        let path = std::env::temp_dir().join(format!("lagebild-ner-{}.bin.gz", std::process::id()));
        tagger.save(&path).unwrap();
        let loaded = crate::Tagger::load(&path).unwrap();
        let unseen = ["Gestern", "reiste", "Paul", "Berg", "nach", "Paris", "."];
        assert_eq!(
            loaded.tag_with(&unseen, &mut scratch),
            tagger.tag_with(&unseen, &mut scratch)
        );
        assert_eq!(loaded.feature_count(), tagger.feature_count());
        // Training is deterministic: the same data and seed give the same file.
        let again = train(&corpus, &[], &options, |_, _| {});
        let second = path.with_extension("again.gz");
        again.save(&second).unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(&second).unwrap()
        );
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(&second);
    }

    #[test]
    fn auxiliary_domain_does_not_override_in_domain_evidence() {
        // In-domain text calls the cities places; three times as much
        // auxiliary text, in the same words, calls them organisations.
        // Pooled, the majority wins; with domain copies the in-domain
        // reading wins on in-domain text.
        let in_domain = toy_corpus();
        let auxiliary: Vec<Sentence> = in_domain
            .iter()
            .map(|s| Sentence {
                tokens: s.tokens.clone(),
                spans: s
                    .spans
                    .iter()
                    .map(|span| TokenSpan {
                        entity_type: match span.entity_type {
                            crate::EntityType::Loc => crate::EntityType::Org,
                            other => other,
                        },
                        ..*span
                    })
                    .collect(),
            })
            .flat_map(|s| std::iter::repeat_n(s, 3))
            .collect();
        let options = TrainOptions {
            language: Language::De,
            groups: FeatureGroups::all(),
            epochs: 5,
            min_count: 1,
            seed: 7,
            runs: 1,
        };
        let tagger = train(&in_domain, &[auxiliary.clone()], &options, |_, _| {});
        let mut scratch = TagScratch::default();
        let tokens = ["Gestern", "reiste", "Anna", "Berg", "nach", "Moskau", "."];
        let pooled: Vec<Sentence> = in_domain.iter().chain(&auxiliary).cloned().collect();
        let pooled = train(&pooled, &[], &options, |_, _| {});
        let has_place = |spans: &[TokenSpan]| {
            spans
                .iter()
                .any(|s| s.start == 5 && s.entity_type == crate::EntityType::Loc)
        };
        assert!(!has_place(&pooled.tag_with(&tokens, &mut scratch)));
        let spans = tagger.tag_with(&tokens, &mut scratch);
        assert!(has_place(&spans), "{spans:?}");
    }

    #[test]
    fn damaged_models_are_errors_not_panics() {
        assert!(matches!(
            crate::Tagger::from_bytes(b"not gzip"),
            Err(ModelError::Corrupt(_))
        ));
        let mut gz = Vec::new();
        {
            use std::io::Write;
            let mut encoder = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::fast());
            encoder.write_all(b"LBNER02\nd\x01\x00").unwrap();
            encoder.finish().unwrap();
        }
        assert!(matches!(
            crate::Tagger::from_bytes(&gz),
            Err(ModelError::Corrupt(_))
        ));
        assert!(crate::Tagger::load(std::path::Path::new("/nonexistent/model.gz")).is_err());
    }
}
