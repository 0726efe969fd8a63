//! Training the averaged structured perceptron (Collins 2002) with the
//! lazy-averaging trick: one dense weight table over the features seen at
//! least `min_count` times, updated on every wrongly tagged sentence.
//! The passive-aggressive variant (PA-I, Crammer et al. 2006) decodes with
//! a Hamming cost on every wrong label and scales each update by the
//! margin it misses, so a sentence that is nearly right moves the weights
//! little and one that is badly wrong moves them a lot.
//!
//! Auxiliary data annotated with fewer types than the in-domain data
//! (WikiANN has no MISC) can be read as partially labelled: its "O" tokens
//! then mean "O or MISC", and each update goes towards the best path the
//! annotation allows instead of forcing O on a name it never looked at.
//!
//! Out-of-domain data (WikiANN) joins through feature augmentation
//! (Daumé III 2007, "Frustratingly easy domain adaptation"): every feature
//! of a sentence also fires as a copy marked with the sentence's domain, so
//! what holds only in one domain (WikiANN never marks MISC) is learnt by
//! that domain's copies. Tagging always sees in-domain text, so the
//! in-domain copies are folded into the shared weights when the model is
//! built and the tagger stays exactly as fast as without adaptation.

use crate::corpus::Sentence;
use crate::crf::Marginals;
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
    /// How each wrongly tagged sentence changes the weights.
    pub algorithm: Algorithm,
    /// Read the auxiliary sets' "O" as "O or MISC" (they never mark MISC).
    pub partial_auxiliary: bool,
    /// Size of an auxiliary sentence's update relative to an in-domain
    /// one (1: the same): how much the out-of-domain data may move the
    /// shared weights.
    pub auxiliary_weight: f32,
    /// Apply `min_count` to the shared features by their in-domain counts
    /// only, so features only the auxiliary data knows stay in its domain
    /// copies.
    pub count_in_domain_only: bool,
}

/// The online learner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Algorithm {
    /// Averaged structured perceptron: every error moves the weights by 1.
    Perceptron,
    /// Averaged cost-augmented passive-aggressive learner (PA-I): the step
    /// is the missed margin (Hamming loss minus score difference) over the
    /// update's squared norm, capped by `aggressiveness`.
    PassiveAggressive {
        /// Largest step of one update (C of PA-I); smaller is more
        /// conservative on noisy sentences.
        aggressiveness: f32,
    },
    /// Linear-chain CRF: averaged stochastic gradient ascent on each
    /// sentence's log-likelihood (forward-backward marginals), so every
    /// sentence teaches, not only the wrongly tagged ones.
    Crf {
        /// Step size of the gradient (constant; averaging the weights
        /// over all steps stands in for a decaying rate and L2).
        learning_rate: f32,
    },
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
    /// Gold "O" stands for "O or MISC" (an auxiliary set without MISC).
    o_may_be_misc: bool,
    /// Scale of this sentence's updates.
    weight: f32,
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
            let counted = if options.count_in_domain_only && domain != Domain::InDomain {
                &token_keys[features.token(i).len()..]
            } else {
                &token_keys[..]
            };
            for &key in counted {
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
                o_may_be_misc: options.partial_auxiliary && domain != Domain::InDomain,
                weight: if domain == Domain::InDomain {
                    1.0
                } else {
                    options.auxiliary_weight
                },
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
    let mut buffers = StepBuffers::default();
    let runs = options.runs.max(1);
    let mut ensemble = FoldedWeights::default();
    for run in 0..runs {
        let mut model = Averaged::new(keys.len());
        let mut rng = options.seed.wrapping_add(run as u64) | 1;
        for epoch in 1..=options.epochs {
            shuffle(&mut order, &mut rng);
            let (mut correct, mut total) = (0usize, 0usize);
            for &e in &order {
                correct += model.learn(&examples[e], options.algorithm, &mut buffers);
                total += examples[e].gold.len();
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

/// Buffers reused from sentence to sentence while learning.
#[derive(Default)]
struct StepBuffers {
    decoder: Decoder,
    emissions: Vec<f32>,
    /// Emissions with the cost or the constraint of the current step.
    adjusted: Vec<f32>,
    /// The labels the update moves towards.
    target: Vec<u8>,
    /// (weight index, change) pairs of an update, for its squared norm.
    changes: Vec<(usize, f32)>,
    /// What the model expects (CRF).
    expected: Marginals,
    /// What the annotation says, summed over the paths it allows (CRF).
    observed: Marginals,
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
            for &f in example.token_features(i) {
                let weights =
                    &self.weights[f as usize * LABEL_COUNT..(f as usize + 1) * LABEL_COUNT];
                for (r, w) in row.iter_mut().zip(weights) {
                    *r += w;
                }
            }
        }
    }

    /// Tags `example`, updates the weights when the tagging is wrong, and
    /// returns the number of correctly tagged tokens.
    fn learn(
        &mut self,
        example: &Example,
        algorithm: Algorithm,
        buffers: &mut StepBuffers,
    ) -> usize {
        self.emissions(example, &mut buffers.emissions);
        if let Algorithm::Crf { learning_rate } = algorithm {
            return self.learn_likelihood(example, learning_rate, buffers);
        }
        buffers.target.clear();
        if example.o_may_be_misc {
            self.best_consistent_path(example, buffers);
        } else {
            buffers.target.extend_from_slice(&example.gold);
        }
        let target = &buffers.target;
        let scale = match algorithm {
            Algorithm::Perceptron | Algorithm::Crf { .. } => {
                buffers
                    .decoder
                    .decode(&buffers.emissions, &self.transitions);
                1.0
            }
            Algorithm::PassiveAggressive { aggressiveness } => {
                buffers.adjusted.clear();
                buffers.adjusted.extend_from_slice(&buffers.emissions);
                for (row, &wanted) in buffers.adjusted.chunks_exact_mut(LABEL_COUNT).zip(target) {
                    for (label, score) in row.iter_mut().enumerate() {
                        if label != usize::from(wanted) {
                            *score += 1.0;
                        }
                    }
                }
                buffers.decoder.decode(&buffers.adjusted, &self.transitions);
                let predicted = &buffers.decoder.labels;
                let loss = predicted.iter().zip(target).filter(|(p, t)| p != t).count() as f32;
                let margin = self.path_score(&buffers.emissions, target)
                    - self.path_score(&buffers.emissions, predicted);
                let norm = self.update_norm(example, target, predicted, &mut buffers.changes);
                if norm > 0.0 {
                    ((loss - margin) / norm).clamp(0.0, aggressiveness)
                } else {
                    0.0
                }
            }
        };
        let predicted = &buffers.decoder.labels;
        if predicted != target && scale > 0.0 {
            self.update(example, target, predicted, scale * example.weight);
        }
        predicted.iter().zip(target).filter(|(p, t)| p == t).count()
    }

    /// The best path (under the current weights) among those the partial
    /// annotation allows: entity tokens keep their gold label, gold "O"
    /// tokens may be O or any MISC label. Leaves it in `buffers.target`.
    fn best_consistent_path(&self, example: &Example, buffers: &mut StepBuffers) {
        constrain_to_annotation(&example.gold, &buffers.emissions, &mut buffers.adjusted);
        buffers.decoder.decode(&buffers.adjusted, &self.transitions);
        buffers.target.extend_from_slice(&buffers.decoder.labels);
    }

    /// One step of stochastic gradient ascent on the sentence's CRF
    /// log-likelihood: weights move by the observed minus the expected
    /// label and transition counts. Returns the number of tokens the
    /// current weights tag right (Viterbi against the gold labels).
    fn learn_likelihood(
        &mut self,
        example: &Example,
        learning_rate: f32,
        buffers: &mut StepBuffers,
    ) -> usize {
        let observed_ok = if example.o_may_be_misc {
            constrain_to_annotation(&example.gold, &buffers.emissions, &mut buffers.adjusted);
            buffers
                .observed
                .compute(&buffers.adjusted, &self.transitions)
        } else {
            buffers.observed.set_path(&example.gold);
            true
        };
        if observed_ok
            && buffers
                .expected
                .compute(&buffers.emissions, &self.transitions)
        {
            let rate = f64::from(learning_rate * example.weight);
            for i in 0..example.gold.len() {
                let at = i * LABEL_COUNT;
                for label in 0..LABEL_COUNT {
                    let gradient =
                        buffers.observed.labels[at + label] - buffers.expected.labels[at + label];
                    // Labels the model already gets (almost) right would
                    // cost a pass over the token's features for nothing.
                    if gradient.abs() < NEGLIGIBLE_GRADIENT {
                        continue;
                    }
                    let change = (rate * gradient) as f32;
                    for &f in example.token_features(i) {
                        self.add_weight(f as usize * LABEL_COUNT + label, change);
                    }
                }
            }
            for pair in 0..self.transitions.len() {
                let gradient =
                    buffers.observed.transitions[pair] - buffers.expected.transitions[pair];
                if gradient != 0.0 {
                    self.add_transition(pair, (rate * gradient) as f32);
                }
            }
        }
        buffers
            .decoder
            .decode(&buffers.emissions, &self.transitions);
        let predicted = &buffers.decoder.labels;
        predicted
            .iter()
            .zip(&example.gold)
            .filter(|(p, g)| p == g)
            .count()
    }

    /// Adds `change` to one emission weight (and its averaging sum).
    fn add_weight(&mut self, index: usize, change: f32) {
        self.weights[index] += change;
        self.sums[index] += self.step * f64::from(change);
    }

    /// Adds `change` to one transition weight (and its averaging sum).
    fn add_transition(&mut self, index: usize, change: f32) {
        self.transitions[index] += change;
        self.transition_sums[index] += self.step * f64::from(change);
    }

    /// Score of a label sequence under `emissions` and the transitions.
    fn path_score(&self, emissions: &[f32], path: &[u8]) -> f32 {
        path.iter()
            .enumerate()
            .map(|(i, &label)| {
                let label = usize::from(label);
                emissions[i * LABEL_COUNT + label] + self.transitions[transition(path, i)]
            })
            .sum()
    }

    /// Squared norm of the feature difference between `target` and
    /// `predicted` (features firing on several tokens counted together).
    fn update_norm(
        &self,
        example: &Example,
        target: &[u8],
        predicted: &[u8],
        changes: &mut Vec<(usize, f32)>,
    ) -> f32 {
        changes.clear();
        let transitions_at = self.weights.len();
        for i in 0..target.len() {
            let (wanted, guess) = (usize::from(target[i]), usize::from(predicted[i]));
            if wanted != guess {
                for &f in example.token_features(i) {
                    let base = f as usize * LABEL_COUNT;
                    changes.push((base + wanted, 1.0));
                    changes.push((base + guess, -1.0));
                }
            }
            let (wanted_pair, guess_pair) = (transition(target, i), transition(predicted, i));
            if wanted_pair != guess_pair {
                changes.push((transitions_at + wanted_pair, 1.0));
                changes.push((transitions_at + guess_pair, -1.0));
            }
        }
        changes.sort_unstable_by_key(|&(index, _)| index);
        let mut norm = 0.0;
        let mut pending: Option<(usize, f32)> = None;
        for &(index, change) in changes.iter() {
            match &mut pending {
                Some((at, sum)) if *at == index => *sum += change,
                _ => {
                    if let Some((_, sum)) = pending {
                        norm += sum * sum;
                    }
                    pending = Some((index, change));
                }
            }
        }
        if let Some((_, sum)) = pending {
            norm += sum * sum;
        }
        norm
    }

    /// Moves the weights by `scale` towards `target` and away from
    /// `predicted`.
    fn update(&mut self, example: &Example, target: &[u8], predicted: &[u8], scale: f32) {
        for i in 0..target.len() {
            let (wanted, guess) = (usize::from(target[i]), usize::from(predicted[i]));
            if wanted != guess {
                for &f in example.token_features(i) {
                    let base = f as usize * LABEL_COUNT;
                    self.add_weight(base + wanted, scale);
                    self.add_weight(base + guess, -scale);
                }
            }
            let (wanted_pair, guess_pair) = (transition(target, i), transition(predicted, i));
            if wanted_pair != guess_pair {
                self.add_transition(wanted_pair, scale);
                self.add_transition(guess_pair, -scale);
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

impl Example {
    /// Feature ids of token `i`.
    fn token_features(&self, i: usize) -> &[u32] {
        &self.ids[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// CRF label gradients smaller than this are skipped (a probability
/// error of a thousandth moves nothing visible).
const NEGLIGIBLE_GRADIENT: f64 = 1e-3;

/// `emissions` with every label the partial annotation `gold` rules out
/// set to −∞, into `out`: entity tokens keep their gold label, gold "O"
/// tokens may be O or any MISC label (the auxiliary sets never mark MISC).
fn constrain_to_annotation(gold: &[u8], emissions: &[f32], out: &mut Vec<f32>) {
    out.clear();
    out.extend_from_slice(emissions);
    for (row, &gold) in out.chunks_exact_mut(LABEL_COUNT).zip(gold) {
        for (label, score) in row.iter_mut().enumerate() {
            let label = label as u8;
            let allowed = label == gold
                || (gold == 0 && labels::entity_type(label) == Some(crate::EntityType::Misc));
            if !allowed {
                *score = f32::NEG_INFINITY;
            }
        }
    }
}

/// Index into the transition table of the step into token `i` of `path`
/// (from the start row for the first token).
fn transition(path: &[u8], i: usize) -> usize {
    let previous = if i == 0 {
        LABEL_COUNT
    } else {
        usize::from(path[i - 1])
    };
    previous * LABEL_COUNT + usize::from(path[i])
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

    /// Options for the toy corpus: five epochs, one run, every feature.
    fn toy_options(language: Language, algorithm: Algorithm) -> TrainOptions {
        TrainOptions {
            language,
            groups: FeatureGroups::all(),
            epochs: 5,
            min_count: 1,
            seed: 7,
            runs: 1,
            algorithm,
            partial_auxiliary: false,
            auxiliary_weight: 1.0,
            count_in_domain_only: false,
        }
    }

    #[test]
    fn learns_a_toy_corpus_and_survives_a_round_trip() {
        let options = TrainOptions {
            runs: 2,
            ..toy_options(Language::De, Algorithm::Perceptron)
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
        let options = toy_options(Language::De, Algorithm::Perceptron);
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
    fn every_algorithm_learns_the_toy_corpus() {
        let corpus = toy_corpus();
        let mut scratch = TagScratch::default();
        for algorithm in [
            Algorithm::Perceptron,
            Algorithm::PassiveAggressive {
                aggressiveness: 1.0,
            },
            Algorithm::Crf { learning_rate: 0.1 },
        ] {
            let options = toy_options(Language::De, algorithm);
            let tagger = train(&corpus, &[], &options, |_, _| {});
            for s in &corpus {
                let spans = tagger.tag_with(&s.tokens, &mut scratch);
                assert_eq!(spans, s.spans, "{algorithm:?} on {:?}", s.tokens);
            }
        }
    }

    #[test]
    fn blended_models_keep_what_each_learnt() {
        let corpus = toy_corpus();
        let trained =
            |algorithm, language| train(&corpus, &[], &toy_options(language, algorithm), |_, _| {});
        let perceptron = trained(Algorithm::Perceptron, Language::De);
        let crf = trained(Algorithm::Crf { learning_rate: 0.1 }, Language::De);
        let blended = crate::Tagger::blend(&[(&perceptron, 1.0), (&crf, 1.0)]).unwrap();
        let mut scratch = TagScratch::default();
        for s in &corpus {
            assert_eq!(blended.tag_with(&s.tokens, &mut scratch), s.spans);
        }
        assert!(blended.feature_count() >= perceptron.feature_count());
        let english = trained(Algorithm::Perceptron, Language::En);
        assert!(matches!(
            crate::Tagger::blend(&[(&perceptron, 1.0), (&english, 1.0)]),
            Err(ModelError::Unblendable(_))
        ));
        assert!(crate::Tagger::blend(&[]).is_err());
    }

    #[test]
    fn partial_annotation_lets_o_tokens_be_misc_only() {
        let sentence = sentence("Anna Berg sah Tatort", &["B-PER", "I-PER", "O", "O"]);
        let gold = labels::encode(&sentence.spans, 4);
        let mut constrained = Vec::new();
        constrain_to_annotation(&gold, &vec![0.5; 4 * LABEL_COUNT], &mut constrained);
        for (i, row) in constrained.chunks_exact(LABEL_COUNT).enumerate() {
            for (label, &score) in row.iter().enumerate() {
                let label = label as u8;
                let misc = labels::entity_type(label) == Some(crate::EntityType::Misc);
                let open = label == gold[i] || (gold[i] == 0 && misc);
                assert_eq!(score == 0.5, open, "token {i} label {label}");
            }
        }
        // Auxiliary sentences where only O and names occur still train,
        // and a partially labelled domain never breaks the in-domain fit.
        let auxiliary = vec![sentence; 3];
        for algorithm in [Algorithm::Perceptron, Algorithm::Crf { learning_rate: 0.1 }] {
            let options = TrainOptions {
                partial_auxiliary: true,
                ..toy_options(Language::De, algorithm)
            };
            let corpus = toy_corpus();
            let tagger = train(&corpus, &[auxiliary.clone()], &options, |_, _| {});
            let mut scratch = TagScratch::default();
            for s in &corpus {
                assert_eq!(tagger.tag_with(&s.tokens, &mut scratch), s.spans);
            }
        }
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
