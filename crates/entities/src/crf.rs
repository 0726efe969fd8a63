//! Forward-backward over the BILOU label lattice, for training the tagger
//! as a linear-chain CRF (Lafferty et al. 2001): the gradient of a
//! sentence's log-likelihood is what the gold path fires minus what the
//! model expects, and the expectations are these marginals. The lattice
//! obeys the same constraints as Viterbi, so training and decoding agree
//! on which label sequences exist; a label with emission −∞ is excluded,
//! which is how partially annotated sentences sum over the paths their
//! annotation allows.

use crate::labels::{self, LABEL_COUNT};

/// Row of the transition matrix that holds the sentence-start scores.
const START: usize = LABEL_COUNT;

/// Buffers and results of one forward-backward pass, reused from sentence
/// to sentence.
#[derive(Debug, Default)]
pub(crate) struct Marginals {
    alpha: Vec<f64>,
    beta: Vec<f64>,
    /// `n × LABEL_COUNT`: probability of each label at each token.
    pub labels: Vec<f64>,
    /// `(LABEL_COUNT + 1) × LABEL_COUNT`: expected number of times each
    /// transition (and each sentence start) is taken.
    pub transitions: Vec<f64>,
}

/// For every label, the labels allowed right after it (the backward pass
/// visits only these).
fn successors() -> &'static [Vec<usize>] {
    static TABLE: std::sync::OnceLock<Vec<Vec<usize>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..LABEL_COUNT)
            .map(|previous| {
                (0..LABEL_COUNT)
                    .filter(|&next| labels::allowed(Some(previous as u8), next as u8))
                    .collect()
            })
            .collect()
    })
}

/// log(Σ exp(xᵢ)) of the scores `terms` yields; −∞ when all are −∞.
fn log_sum_exp(terms: impl Iterator<Item = f64> + Clone) -> f64 {
    let max = terms.clone().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + terms.map(|t| (t - max).exp()).sum::<f64>().ln()
}

impl Marginals {
    /// Computes the label and transition marginals of a sentence with
    /// `emissions` (`n × LABEL_COUNT`) and `transitions`; returns false
    /// when no path is allowed (nothing is computed then).
    pub fn compute(&mut self, emissions: &[f32], transitions: &[f32]) -> bool {
        let n = emissions.len() / LABEL_COUNT;
        let emission = |i: usize, l: usize| f64::from(emissions[i * LABEL_COUNT + l]);
        let transition = |p: usize, l: usize| f64::from(transitions[p * LABEL_COUNT + l]);
        let predecessors = labels::predecessors();
        self.alpha.clear();
        self.alpha.resize(n * LABEL_COUNT, f64::NEG_INFINITY);
        self.beta.clear();
        self.beta.resize(n * LABEL_COUNT, f64::NEG_INFINITY);
        if n == 0 {
            return false;
        }
        for l in 0..LABEL_COUNT {
            if labels::allowed(None, l as u8) {
                self.alpha[l] = emission(0, l) + transition(START, l);
            }
        }
        for i in 1..n {
            let (before, current) = self.alpha.split_at_mut(i * LABEL_COUNT);
            let previous = &before[(i - 1) * LABEL_COUNT..];
            for (l, allowed) in predecessors.iter().enumerate() {
                let incoming = allowed
                    .iter()
                    .map(|&p| previous[usize::from(p)] + transition(usize::from(p), l));
                current[l] = log_sum_exp(incoming) + emission(i, l);
            }
        }
        let last = (n - 1) * LABEL_COUNT;
        for l in 0..LABEL_COUNT {
            if labels::may_end(l as u8) {
                self.beta[last + l] = 0.0;
            }
        }
        for i in (0..n - 1).rev() {
            for p in 0..LABEL_COUNT {
                let outgoing = successors()[p].iter().map(|&l| {
                    transition(p, l) + emission(i + 1, l) + self.beta[(i + 1) * LABEL_COUNT + l]
                });
                self.beta[i * LABEL_COUNT + p] = log_sum_exp(outgoing);
            }
        }
        let log_partition =
            log_sum_exp((0..LABEL_COUNT).map(|l| self.alpha[last + l] + self.beta[last + l]));
        if !log_partition.is_finite() {
            return false;
        }
        self.labels.clear();
        self.labels.extend(
            self.alpha
                .iter()
                .zip(&self.beta)
                .map(|(a, b)| (a + b - log_partition).exp()),
        );
        self.transitions.clear();
        self.transitions
            .resize((LABEL_COUNT + 1) * LABEL_COUNT, 0.0);
        self.transitions[START * LABEL_COUNT..].copy_from_slice(&self.labels[..LABEL_COUNT]);
        for i in 1..n {
            for (l, allowed) in predecessors.iter().enumerate() {
                let tail = emission(i, l) + self.beta[i * LABEL_COUNT + l] - log_partition;
                if tail == f64::NEG_INFINITY {
                    continue;
                }
                for &p in allowed {
                    let p = usize::from(p);
                    let head = self.alpha[(i - 1) * LABEL_COUNT + p];
                    self.transitions[p * LABEL_COUNT + l] += (head + transition(p, l) + tail).exp();
                }
            }
        }
        true
    }
}

impl Marginals {
    /// The marginals of a single certain `path` (a fully annotated
    /// sentence): one at its labels and its transitions, zero elsewhere.
    pub fn set_path(&mut self, path: &[u8]) {
        self.labels.clear();
        self.labels.resize(path.len() * LABEL_COUNT, 0.0);
        self.transitions.clear();
        self.transitions
            .resize((LABEL_COUNT + 1) * LABEL_COUNT, 0.0);
        for (i, &l) in path.iter().enumerate() {
            let l = usize::from(l);
            self.labels[i * LABEL_COUNT + l] = 1.0;
            let previous = if i == 0 {
                START
            } else {
                usize::from(path[i - 1])
            };
            self.transitions[previous * LABEL_COUNT + l] += 1.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every valid label sequence of a short sentence with its score, by
    /// brute force.
    fn all_paths(emissions: &[f32], transitions: &[f32]) -> Vec<(Vec<u8>, f64)> {
        let n = emissions.len() / LABEL_COUNT;
        let mut paths: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..n {
            paths = paths
                .into_iter()
                .flat_map(|path| {
                    let last = path.last().copied();
                    (0..LABEL_COUNT as u8)
                        .filter(move |&l| labels::allowed(last, l))
                        .map(move |l| {
                            let mut longer = path.clone();
                            longer.push(l);
                            longer
                        })
                })
                .collect();
        }
        paths
            .into_iter()
            .filter(|p| labels::may_end(p[n - 1]))
            .map(|path| {
                let mut score = 0.0;
                for (i, &l) in path.iter().enumerate() {
                    let previous = if i == 0 {
                        START
                    } else {
                        usize::from(path[i - 1])
                    };
                    score += f64::from(emissions[i * LABEL_COUNT + usize::from(l)])
                        + f64::from(transitions[previous * LABEL_COUNT + usize::from(l)]);
                }
                (path, score)
            })
            .collect()
    }

    #[test]
    fn marginals_match_brute_force_enumeration() {
        let n = 3;
        // Arbitrary but fixed scores; one label excluded at token 1.
        let mut emissions: Vec<f32> = (0..n * LABEL_COUNT)
            .map(|k| ((k * 7919 % 101) as f32 / 50.0) - 1.0)
            .collect();
        emissions[LABEL_COUNT + 4] = f32::NEG_INFINITY;
        let transitions: Vec<f32> = (0..(LABEL_COUNT + 1) * LABEL_COUNT)
            .map(|k| ((k * 104_729 % 97) as f32 / 40.0) - 1.2)
            .collect();
        let paths = all_paths(&emissions, &transitions);
        let partition: f64 = paths.iter().map(|(_, s)| s.exp()).sum();
        let mut expected_labels = vec![0.0; n * LABEL_COUNT];
        let mut expected_transitions = vec![0.0; (LABEL_COUNT + 1) * LABEL_COUNT];
        for (path, score) in &paths {
            let p = score.exp() / partition;
            for (i, &l) in path.iter().enumerate() {
                expected_labels[i * LABEL_COUNT + usize::from(l)] += p;
                let previous = if i == 0 {
                    START
                } else {
                    usize::from(path[i - 1])
                };
                expected_transitions[previous * LABEL_COUNT + usize::from(l)] += p;
            }
        }
        let mut marginals = Marginals::default();
        assert!(marginals.compute(&emissions, &transitions));
        for (got, want) in marginals.labels.iter().zip(&expected_labels) {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
        for (got, want) in marginals.transitions.iter().zip(&expected_transitions) {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
        assert_eq!(marginals.labels[LABEL_COUNT + 4], 0.0);
    }

    #[test]
    fn a_sentence_without_allowed_paths_is_reported() {
        let emissions = vec![f32::NEG_INFINITY; 2 * LABEL_COUNT];
        let transitions = vec![0.0; (LABEL_COUNT + 1) * LABEL_COUNT];
        let mut marginals = Marginals::default();
        assert!(!marginals.compute(&emissions, &transitions));
        assert!(!marginals.compute(&[], &transitions));
    }
}
