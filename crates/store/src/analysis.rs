//! Text analysis shared by indexing and querying, so that a query word and
//! an indexed word meet whenever a reader would say they are the same:
//! German and English stemming, and spelling variants of umlauts and ß
//! ("Pjöngjang", "Pjoengjang", "Pjongjang" all become `pjongjang`).

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};

/// Analyzer of German full text.
pub(crate) const GERMAN: &str = "lagebild_de";
/// Analyzer of English full text.
pub(crate) const ENGLISH: &str = "lagebild_en";
/// Analyzer of names (speakers, entity aliases): folded words, no stemming,
/// because "Putins" is not a different person but "Kim" must not become "ki".
pub(crate) const NAME: &str = "lagebild_name";
/// Analyzer of exact values (source names): one folded token per value.
pub(crate) const KEYWORD: &str = "lagebild_keyword";

/// Words longer than this are noise (URLs, base64) and are not indexed.
const LONGEST_WORD: usize = 40;

/// Registers the analyzers under their names; must run on every opened
/// index, because tantivy stores only the names in the schema.
pub(crate) fn register(tokenizers: &TokenizerManager) {
    tokenizers.register(
        GERMAN,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(LONGEST_WORD))
            .filter(LowerCaser)
            .filter(UmlautDigraphs)
            .filter(Stemmer::new(Language::German))
            .filter(AsciiFoldingFilter)
            .build(),
    );
    tokenizers.register(
        ENGLISH,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(LONGEST_WORD))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build(),
    );
    tokenizers.register(NAME, name_analyzer());
    tokenizers.register(KEYWORD, keyword_analyzer());
}

fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(UmlautDigraphs)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The words of a name as the [`NAME`] analyzer sees them.
pub(crate) fn name_words(name: &str) -> Vec<String> {
    let mut analyzer = name_analyzer();
    let mut stream = analyzer.token_stream(name);
    let mut words = Vec::new();
    while stream.advance() {
        words.push(stream.token().text.clone());
    }
    words
}

/// A name folded to one comparable string ("Pjöngjang" and "Pjoengjang"
/// give "pjongjang"; "Kim Jong-Un" and "Kim Jong Un" give "kim jong un").
pub fn fold_name(name: &str) -> String {
    name_words(name).join(" ")
}

/// A source name as the [`KEYWORD`] analyzer indexes it: the whole value,
/// lowercased and folded.
pub(crate) fn keyword(value: &str) -> String {
    let mut analyzer = keyword_analyzer();
    let mut stream = analyzer.token_stream(value);
    let mut token = String::new();
    while stream.advance() {
        token = stream.token().text.clone();
    }
    token
}

fn keyword_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(UmlautDigraphs)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Token filter that writes the ASCII spellings ae, oe, ue of a lowercased
/// German word as ä, ö, ü (not "ue" after "q", as in "Quelle"), so that the
/// German stemmer, which drops umlauts, treats both spellings alike (the
/// Snowball "german2" rule).
#[derive(Clone, Copy)]
pub(crate) struct UmlautDigraphs;

impl TokenFilter for UmlautDigraphs {
    type Tokenizer<T: Tokenizer> = UmlautDigraphFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        UmlautDigraphFilter { inner: tokenizer }
    }
}

/// The tokenizer [`UmlautDigraphs`] wraps around another one.
#[derive(Clone)]
pub(crate) struct UmlautDigraphFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for UmlautDigraphFilter<T> {
    type TokenStream<'a> = UmlautDigraphStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        UmlautDigraphStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// Token stream of [`UmlautDigraphFilter`].
pub(crate) struct UmlautDigraphStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for UmlautDigraphStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &mut self.tail.token_mut().text;
        if text.contains("ae") || text.contains("oe") || text.contains("ue") {
            *text = replace_digraphs(text);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

fn replace_digraphs(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut previous: Option<char> = None;
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let umlaut = match (c, chars.peek()) {
            ('a', Some('e')) => Some('ä'),
            ('o', Some('e')) => Some('ö'),
            ('u', Some('e')) if previous != Some('q') => Some('ü'),
            _ => None,
        };
        match umlaut {
            Some(u) => {
                chars.next();
                out.push(u);
                previous = Some(u);
            }
            None => {
                out.push(c);
                previous = Some(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(name: &str, text: &str) -> Vec<String> {
        let manager = TokenizerManager::default();
        register(&manager);
        let mut analyzer = manager.get(name).expect("registered");
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn umlaut_spellings_meet_in_german_text() {
        let a = analyse(GERMAN, "Pjöngjang Pjoengjang Pjongjang");
        assert_eq!(a[0], a[1]);
        assert_eq!(a[1], a[2]);
        assert_eq!(analyse(GERMAN, "Straße"), analyse(GERMAN, "Strasse"));
        assert_eq!(analyse(GERMAN, "Quelle"), analyse(GERMAN, "quelle"));
    }

    #[test]
    fn german_stemming_joins_inflections() {
        assert_eq!(analyse(GERMAN, "Waffen"), analyse(GERMAN, "Waffe"));
        assert_eq!(analyse(GERMAN, "Russlands"), analyse(GERMAN, "Russland"));
        // Snowball keeps genitive -s after a vowel ("Nordkoreas"): a known
        // limit of the stemmer, accepted rather than patched by hand.
        assert_ne!(analyse(GERMAN, "Nordkoreas"), analyse(GERMAN, "Nordkorea"));
        assert_ne!(analyse(GERMAN, "Waffen"), analyse(GERMAN, "Wagen"));
    }

    #[test]
    fn english_stemming_and_accents() {
        assert_eq!(analyse(ENGLISH, "weapons"), analyse(ENGLISH, "weapon"));
        assert_eq!(analyse(ENGLISH, "café"), analyse(ENGLISH, "cafe"));
    }

    #[test]
    fn names_fold_without_stemming() {
        assert_eq!(fold_name("Pjöngjang"), fold_name("Pjoengjang"));
        assert_eq!(fold_name("Kim Jong-Un"), "kim jong un");
        assert_eq!(fold_name("Putins"), "putins");
        assert_eq!(fold_name("Groß"), "gross");
        assert_eq!(
            analyse(KEYWORD, "Der Standard"),
            vec!["der standard".to_string()]
        );
    }
}
