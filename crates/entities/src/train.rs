//! Training the averaged structured perceptron (Collins 2002) with the
//! lazy-averaging trick: one dense weight table over the features seen at
//! least `min_count` times, updated on every wrongly tagged sentence.

use crate::corpus::Sentence;
use crate::features::{Extractor, FeatureGroups, SentenceFeatures};
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
}

/// What one epoch did, for progress reports.
#[derive(Debug, Clone, Copy)]
pub struct EpochReport {
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

/// Trains a tagger; `on_epoch` sees each epoch's report and the averaged
/// model so far (e.g. to score it on dev data).
pub fn train(
    sentences: &[Sentence],
    options: &TrainOptions,
    mut on_epoch: impl FnMut(EpochReport, &Tagger),
) -> Tagger {
    let extractor = Extractor::new(options.language, options.groups);
    let mut features = SentenceFeatures::default();
    let mut counts: KeyMap<u32> = KeyMap::default();
    for sentence in sentences {
        extractor.extract(&sentence.tokens, &mut features);
        for &key in &features.keys {
            *counts.entry(key).or_insert(0) += 1;
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
    let examples: Vec<Example> = sentences
        .iter()
        .filter(|s| !s.tokens.is_empty())
        .map(|sentence| {
            extractor.extract(&sentence.tokens, &mut features);
            let mut example = Example {
                ids: Vec::new(),
                offsets: vec![0],
                gold: labels::encode(&sentence.spans, sentence.tokens.len()),
            };
            for i in 0..features.len() {
                example
                    .ids
                    .extend(features.token(i).iter().filter_map(|k| ids.get(k)));
                example.offsets.push(example.ids.len() as u32);
            }
            example
        })
        .collect();
    drop(ids);

    let mut model = Averaged::new(keys.len());
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = options.seed | 1;
    let mut decoder = Decoder::default();
    let mut emissions = Vec::new();
    let mut tagger = None;
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
        let averaged = model.averaged(options.language, options.groups, &keys);
        on_epoch(
            EpochReport {
                epoch,
                token_accuracy: correct as f64 / total.max(1) as f64,
            },
            &averaged,
        );
        tagger = Some(averaged);
    }
    tagger.unwrap_or_else(|| model.averaged(options.language, options.groups, &keys))
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

    fn averaged(&self, language: Language, groups: FeatureGroups, keys: &[u64]) -> Tagger {
        let average = |w: &[f32], s: &[f64]| -> Vec<f32> {
            w.iter()
                .zip(s)
                .map(|(&w, &s)| (f64::from(w) - s / self.step) as f32)
                .collect()
        };
        let weights = average(&self.weights, &self.sums);
        let transitions = average(&self.transitions, &self.transition_sums);
        Tagger::from_dense(language, groups, keys, &weights, transitions)
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
    use crate::corpus::{spans_from_tags, Sentence};
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
        };
        let corpus = toy_corpus();
        let mut epochs = 0;
        let tagger = train(&corpus, &options, |_, _| epochs += 1);
        assert_eq!(epochs, 5);
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
        let again = train(&corpus, &options, |_, _| {});
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
