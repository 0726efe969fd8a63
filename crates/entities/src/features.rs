//! Feature extraction for the tagger. Every feature is a 64-bit hash of a
//! template id and a value, computed from per-token hashes prepared once per
//! sentence in reusable buffers, so tagging allocates nothing per token.
//! Feature groups can be switched off one by one to measure what each adds.

use crate::lexicon::{Gazetteer, Lexicon, MAX_NAME_TOKENS};
use crate::Language;

/// The feature groups, as bits of a [`FeatureGroups`] set.
const GROUP_NAMES: [(&str, u32); 11] = [
    ("word", 1),
    ("affix", 2),
    ("shape", 4),
    ("window", 8),
    ("gazetteer", 16),
    ("clusters", 32),
    ("compound", 64),
    ("names", 128),
    ("context_clusters", 256),
    ("compound_clusters", 512),
    // 1024 and 2048 were German noun classes and word/cluster bigrams
    // (measured, no gain, removed; see models/README.md); the bits stay
    // put so the experiments' model files still read right.
    ("name_parts", 4096),
];

/// A set of feature groups; the model file records the set it was trained
/// with so tagging uses the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureGroups(pub(crate) u32);

impl FeatureGroups {
    /// Every group.
    pub fn all() -> Self {
        FeatureGroups(GROUP_NAMES.iter().fold(0, |acc, (_, bit)| acc | bit))
    }

    /// The groups a language's shipped model trains with: every group,
    /// except `name_parts` for English, where it cost GUM and UNER dev F1
    /// (0.3642 → 0.3472 and 0.4373 → 0.4289, models/README.md) while it
    /// lifts German.
    pub fn default_for(language: Language) -> Self {
        match language {
            Language::De => Self::all(),
            Language::En => Self::all().remove("name_parts"),
        }
    }

    fn remove(self, name: &str) -> Self {
        FeatureGroups(self.0 & !group_bit(name).unwrap_or(0))
    }

    /// These groups except the named ones (`--without clusters,gazetteer`).
    pub fn without(self, names: &[String]) -> Result<Self, String> {
        let mut groups = self;
        for name in names {
            let bit = group_bit(name).ok_or_else(|| {
                let known: Vec<&str> = GROUP_NAMES.iter().map(|(n, _)| *n).collect();
                format!(
                    "unknown feature group {name:?}; known groups: {}",
                    known.join(", ")
                )
            })?;
            groups.0 &= !bit;
        }
        Ok(groups)
    }

    /// Names of the groups in the set.
    pub fn names(&self) -> Vec<&'static str> {
        GROUP_NAMES
            .iter()
            .filter(|(_, b)| self.0 & b != 0)
            .map(|(n, _)| *n)
            .collect()
    }

    fn has(&self, name: &str) -> bool {
        group_bit(name).is_some_and(|bit| self.0 & bit != 0)
    }
}

fn group_bit(name: &str) -> Option<u32> {
    GROUP_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| *b)
}

/// Character-class flags of a token.
mod char_flag {
    pub const INIT_CAP: u8 = 1;
    pub const ALL_CAPS: u8 = 2;
    pub const HAS_DIGIT: u8 = 4;
    pub const HAS_HYPHEN: u8 = 8;
    pub const HAS_PERIOD: u8 = 16;
    pub const NO_LETTER: u8 = 32;
    pub const INNER_CAP: u8 = 64;
}

/// What the templates need to know about one token, all as hashes or
/// small integers.
#[derive(Debug, Clone, Copy, Default)]
struct TokenView {
    word: u64,
    lower: u64,
    shape: u64,
    prefixes: [u64; 4],
    suffixes: [u64; 4],
    affix_count: usize,
    /// Brown cluster id + 1; 0 when unknown.
    cluster: u32,
    log_prob: i8,
    /// Log-probability of the lowercase form minus that of the form itself.
    lower_preference: i8,
    chars: u8,
    gazetteer: u8,
    compound_head: u64,
    compound_tail: u64,
    compound_head_gazetteer: u8,
    /// Brown cluster id + 1 of the first and last hyphen part
    /// ("Nordkorea-Experte"); 0 when unknown or no hyphen.
    compound_head_cluster: u32,
    compound_tail_cluster: u32,
    /// Position and type of the longest Wikipedia name covering the token:
    /// `1 + 4 × type + position` (B, I, L, U), 0 when none.
    name_match: u8,
    /// Where the token occurs inside known names
    /// ([`Gazetteer::name_part_bits`]).
    name_parts: u16,
}

/// The hashed features of one sentence: token `i` has
/// `keys[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Default)]
pub(crate) struct SentenceFeatures {
    pub keys: Vec<u64>,
    pub offsets: Vec<usize>,
    views: Vec<TokenView>,
    lower: String,
    joined: String,
}

impl SentenceFeatures {
    /// Features of token `i`.
    pub fn token(&self, i: usize) -> &[u64] {
        &self.keys[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn hash_bytes(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
    })
}

/// Combines a template id with a value (splitmix64 finaliser).
pub(crate) fn mix(template: u64, value: u64) -> u64 {
    let mut z = value ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Stand-ins for the tokens before the start and after the end.
const OUTSIDE_BEFORE: u64 = 0x5eed_0000_0000_0001;
const OUTSIDE_AFTER: u64 = 0x5eed_0000_0000_0002;

/// The groups of a [`FeatureGroups`] set as plain flags for the hot loop.
struct EnabledGroups {
    word: bool,
    affix: bool,
    shape: bool,
    window: bool,
    gazetteer: bool,
    clusters: bool,
    compound: bool,
    names: bool,
    context_clusters: bool,
    compound_clusters: bool,
    name_parts: bool,
}

/// Extracts features for one language and feature set.
pub(crate) struct Extractor {
    groups: EnabledGroups,
    lexicon: &'static Lexicon,
    gazetteer: &'static Gazetteer,
}

impl Extractor {
    pub fn new(language: Language, groups: FeatureGroups) -> Self {
        let groups = EnabledGroups {
            word: groups.has("word"),
            affix: groups.has("affix"),
            shape: groups.has("shape"),
            window: groups.has("window"),
            gazetteer: groups.has("gazetteer"),
            clusters: groups.has("clusters"),
            compound: groups.has("compound"),
            names: groups.has("names"),
            context_clusters: groups.has("context_clusters"),
            compound_clusters: groups.has("compound_clusters"),
            name_parts: groups.has("name_parts"),
        };
        Extractor {
            groups,
            lexicon: Lexicon::get(language),
            gazetteer: Gazetteer::get(language),
        }
    }

    /// Fills `out` with the features of every token of a sentence.
    pub fn extract<S: AsRef<str>>(&self, tokens: &[S], out: &mut SentenceFeatures) {
        out.views.clear();
        for token in tokens {
            let view = self.view(token.as_ref(), &mut out.lower);
            out.views.push(view);
        }
        if self.groups.names {
            self.match_names(tokens, out);
        }
        out.keys.clear();
        out.offsets.clear();
        out.offsets.push(0);
        for i in 0..tokens.len() {
            self.templates(&out.views, i, &mut out.keys);
            out.offsets.push(out.keys.len());
        }
    }

    /// Marks the longest known names, left to right.
    fn match_names<S: AsRef<str>>(&self, tokens: &[S], out: &mut SentenceFeatures) {
        let mut i = 0;
        while i < tokens.len() {
            if !self.gazetteer.starts_name(tokens[i].as_ref()) {
                i += 1;
                continue;
            }
            let longest = (1..=MAX_NAME_TOKENS.min(tokens.len() - i))
                .rev()
                .find_map(|len| {
                    out.joined.clear();
                    for (k, token) in tokens[i..i + len].iter().enumerate() {
                        if k > 0 {
                            out.joined.push(' ');
                        }
                        out.joined.push_str(token.as_ref());
                    }
                    self.gazetteer.name_type(&out.joined).map(|t| (len, t))
                });
            let Some((len, name_type)) = longest else {
                i += 1;
                continue;
            };
            for k in 0..len {
                let position = match (k, len) {
                    (_, 1) => 3,
                    (0, _) => 0,
                    (k, len) if k == len - 1 => 2,
                    _ => 1,
                };
                out.views[i + k].name_match = 1 + 4 * name_type + position;
            }
            i += len;
        }
    }

    fn view(&self, token: &str, lower: &mut String) -> TokenView {
        lower.clear();
        lower.extend(token.chars().flat_map(char::to_lowercase));
        let mut view = TokenView {
            word: hash_bytes(token.as_bytes()),
            lower: hash_bytes(lower.as_bytes()),
            ..Default::default()
        };
        view.chars = char_flags(token);
        view.shape = shape_hash(token);
        let char_count = lower.chars().count();
        view.affix_count = char_count.min(4);
        for (k, (end, _)) in lower
            .char_indices()
            .skip(1)
            .chain(std::iter::once((lower.len(), ' ')))
            .take(4)
            .enumerate()
        {
            view.prefixes[k] = hash_bytes(&lower.as_bytes()[..end]);
        }
        for (k, (start, _)) in lower.char_indices().rev().take(4).enumerate() {
            view.suffixes[k] = hash_bytes(&lower.as_bytes()[start..]);
        }
        let exact = self.lexicon.lookup(token);
        let lowered = if lower.as_str() == token {
            exact
        } else {
            self.lexicon.lookup(lower)
        };
        view.cluster = exact.or(lowered).map_or(0, |w| w.cluster + 1);
        view.log_prob = exact.map_or(0, |w| w.log_prob);
        view.lower_preference = match (exact, lowered) {
            (Some(e), Some(l)) => (l.log_prob - e.log_prob).clamp(-4, 4),
            (None, Some(_)) => 5,
            (Some(_), None) => -5,
            (None, None) => 6,
        };
        view.gazetteer = self.gazetteer.flags(token, lower);
        if self.groups.name_parts {
            view.name_parts = self.gazetteer.name_part_bits(token);
        }
        if let Some((head, tail)) = token.split_once('-') {
            if !head.is_empty() && !tail.is_empty() {
                view.compound_head = hash_bytes(head.as_bytes());
                view.compound_tail = hash_lowercase(tail.rsplit('-').next().unwrap_or(tail));
                view.compound_head_gazetteer =
                    self.gazetteer.flags(head, head) | char_flags(head) << 6;
                let last = token.rsplit('-').next().unwrap_or(tail);
                let last_lower = lower.rsplit('-').next().unwrap_or(lower);
                view.compound_head_cluster = self.cluster_id(head, None);
                view.compound_tail_cluster = self.cluster_id(last, Some(last_lower));
            }
        }
        view
    }

    /// Brown cluster id + 1 of a form, or of its lowercase form when the
    /// form itself is unknown; 0 when neither is known.
    fn cluster_id(&self, form: &str, lowercase: Option<&str>) -> u32 {
        self.lexicon
            .lookup(form)
            .or_else(|| lowercase.and_then(|l| self.lexicon.lookup(l)))
            .map_or(0, |w| w.cluster + 1)
    }

    fn templates(&self, views: &[TokenView], i: usize, keys: &mut Vec<u64>) {
        let at = |offset: isize| -> Option<&TokenView> {
            let j = i as isize + offset;
            if j < 0 {
                None
            } else {
                views.get(j as usize)
            }
        };
        let lower_at = |offset: isize| {
            at(offset).map_or(
                if offset < 0 {
                    OUTSIDE_BEFORE
                } else {
                    OUTSIDE_AFTER
                },
                |v| v.lower,
            )
        };
        let shape_at = |offset: isize| {
            at(offset).map_or(
                if offset < 0 {
                    OUTSIDE_BEFORE
                } else {
                    OUTSIDE_AFTER
                },
                |v| v.shape,
            )
        };
        let v = &views[i];
        let g = &self.groups;
        keys.push(mix(0, 0));
        if g.word {
            keys.push(mix(1, v.word));
            keys.push(mix(2, v.lower));
            keys.push(mix(3, mix(lower_at(-1), v.lower)));
            keys.push(mix(4, mix(v.lower, lower_at(1))));
        }
        if g.affix {
            for k in 0..v.affix_count {
                keys.push(mix(10 + k as u64, v.prefixes[k]));
                keys.push(mix(20 + k as u64, v.suffixes[k]));
            }
        }
        if g.shape {
            let first = u64::from(i == 0);
            keys.push(mix(30, v.shape));
            keys.push(mix(31, u64::from(v.chars) | first << 8));
            keys.push(mix(
                32,
                (v.affix_count as u64) | first << 8 | u64::from(v.chars & char_flag::INIT_CAP) << 9,
            ));
        }
        if g.window {
            keys.push(mix(40, lower_at(-2)));
            keys.push(mix(41, lower_at(-1)));
            keys.push(mix(42, lower_at(1)));
            keys.push(mix(43, lower_at(2)));
            keys.push(mix(44, shape_at(-1)));
            keys.push(mix(45, shape_at(1)));
            keys.push(mix(46, mix(mix(shape_at(-1), v.shape), shape_at(1))));
        }
        if g.clusters {
            let has_cluster = v.cluster != 0;
            if has_cluster {
                for bits in [4u32, 6, 10, 14, 20] {
                    keys.push(mix(
                        50 + u64::from(bits),
                        u64::from((v.cluster - 1) & ((1 << bits) - 1)),
                    ));
                }
            } else {
                keys.push(mix(50, 0));
            }
            keys.push(mix(71, u64::from(v.log_prob as u8)));
            keys.push(mix(
                72,
                u64::from(v.lower_preference as u8) | u64::from(v.chars & char_flag::INIT_CAP) << 8,
            ));
            let cluster_at = |offset: isize| at(offset).map_or(u64::MAX, |n| u64::from(n.cluster));
            keys.push(mix(73, cluster_at(-1)));
            keys.push(mix(74, cluster_at(1)));
        }
        if g.context_clusters {
            // Cluster paths of the neighbours, cut at several depths: the
            // coarse ones say "a first name / a verb of saying comes before".
            for (slot, offset) in [-2isize, -1, 1, 2].into_iter().enumerate() {
                let cluster = at(offset).map_or(0, |n| n.cluster);
                for (depth, bits) in [4u32, 8, 12].into_iter().enumerate() {
                    let value = if cluster == 0 {
                        u64::from(at(offset).is_none()) << 32
                    } else {
                        u64::from((cluster - 1) & ((1 << bits) - 1)) | 1 << 33
                    };
                    keys.push(mix(130 + 3 * slot as u64 + depth as u64, value));
                }
            }
        }
        if g.compound_clusters && (v.compound_head_cluster | v.compound_tail_cluster) != 0 {
            for (template, cluster) in [
                (150, v.compound_head_cluster),
                (155, v.compound_tail_cluster),
            ] {
                if cluster != 0 {
                    for (depth, bits) in [6u32, 12, 20].into_iter().enumerate() {
                        keys.push(mix(
                            template + depth as u64,
                            u64::from((cluster - 1) & ((1 << bits) - 1)),
                        ));
                    }
                }
            }
        }
        if g.gazetteer {
            for bit in 0u8..6 {
                let mask = 1u8 << bit;
                if v.gazetteer & mask != 0 {
                    keys.push(mix(80 + u64::from(bit), 1));
                }
                if at(-1).is_some_and(|p| p.gazetteer & mask != 0) {
                    keys.push(mix(90 + u64::from(bit), 1));
                }
                if at(1).is_some_and(|n| n.gazetteer & mask != 0) {
                    keys.push(mix(100 + u64::from(bit), 1));
                }
            }
        }
        if g.names {
            let name_at = |offset: isize| at(offset).map_or(u64::MAX, |n| u64::from(n.name_match));
            keys.push(mix(120, u64::from(v.name_match)));
            keys.push(mix(121, name_at(-1)));
            keys.push(mix(122, name_at(1)));
        }
        if g.name_parts {
            let init_cap = u64::from(v.chars & char_flag::INIT_CAP);
            let mut bits = v.name_parts;
            while bits != 0 {
                let bit = u64::from(bits.trailing_zeros());
                keys.push(mix(180, bit | init_cap << 4));
                bits &= bits - 1;
            }
            let parts_at = |offset: isize| at(offset).map_or(u64::MAX, |n| u64::from(n.name_parts));
            keys.push(mix(181, parts_at(-1)));
            keys.push(mix(182, parts_at(1)));
        }
        if g.compound && v.compound_head != 0 {
            keys.push(mix(110, v.compound_head));
            keys.push(mix(111, v.compound_tail));
            keys.push(mix(112, u64::from(v.compound_head_gazetteer)));
        }
    }
}

/// Hash of the lowercase form, without building it.
fn hash_lowercase(text: &str) -> u64 {
    let mut hash = FNV_OFFSET;
    let mut buf = [0u8; 4];
    for c in text.chars().flat_map(char::to_lowercase) {
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }
    hash
}

fn char_flags(token: &str) -> u8 {
    let mut flags = 0;
    let mut letters = 0;
    let mut uppers = 0;
    for (i, c) in token.chars().enumerate() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                uppers += 1;
                if i == 0 {
                    flags |= char_flag::INIT_CAP;
                } else {
                    flags |= char_flag::INNER_CAP;
                }
            }
        } else if c.is_numeric() {
            flags |= char_flag::HAS_DIGIT;
        } else if c == '-' {
            flags |= char_flag::HAS_HYPHEN;
        } else if c == '.' {
            flags |= char_flag::HAS_PERIOD;
        }
    }
    if letters == 0 {
        flags |= char_flag::NO_LETTER;
    } else if uppers == letters && letters > 1 {
        flags |= char_flag::ALL_CAPS;
    }
    flags
}

/// Hash of the compressed word shape ("Kim" → "Xx", "US-Regierung" →
/// "X-Xx", "2019" → "d"): runs of one class collapse to one symbol.
fn shape_hash(token: &str) -> u64 {
    let mut hash = FNV_OFFSET;
    let mut previous = '\0';
    for c in token.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if class != previous {
            let mut buf = [0u8; 4];
            for &b in class.encode_utf8(&mut buf).as_bytes() {
                hash = (hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
            }
            previous = class;
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape_hash("Kim"), shape_hash("Putin"));
        assert_eq!(shape_hash("US-Regierung"), shape_hash("EU-Kommission"));
        assert_ne!(shape_hash("Kim"), shape_hash("KCNA"));
    }

    #[test]
    fn char_flags_classify() {
        assert_eq!(
            char_flags("KCNA"),
            char_flag::INIT_CAP | char_flag::INNER_CAP | char_flag::ALL_CAPS
        );
        assert_eq!(
            char_flags("2019"),
            char_flag::HAS_DIGIT | char_flag::NO_LETTER
        );
        assert_ne!(char_flags("US-Regierung") & char_flag::HAS_HYPHEN, 0);
    }

    #[test]
    fn groups_switch_features_off() {
        let all = Extractor::new(Language::De, FeatureGroups::all());
        let fewer = Extractor::new(
            Language::De,
            FeatureGroups::all().without(&["clusters".into()]).unwrap(),
        );
        let tokens = ["Wladimir", "Putin", "reist", "nach", "Pjöngjang"];
        let (mut a, mut b) = (SentenceFeatures::default(), SentenceFeatures::default());
        all.extract(&tokens, &mut a);
        fewer.extract(&tokens, &mut b);
        assert_eq!(a.len(), 5);
        assert!(a.token(1).len() > b.token(1).len());
        // Same word in the same context gives the same features.
        let mut c = SentenceFeatures::default();
        all.extract(&tokens, &mut c);
        assert_eq!(a.keys, c.keys);
        assert!(FeatureGroups::all().without(&["nonsense".into()]).is_err());
    }

    #[test]
    fn english_defaults_leave_name_parts_out() {
        let german = FeatureGroups::default_for(Language::De);
        let english = FeatureGroups::default_for(Language::En);
        assert!(german.has("name_parts"));
        assert!(!english.has("name_parts"));
        assert_eq!(german.without(&["name_parts".into()]), Ok(english));
    }
}
