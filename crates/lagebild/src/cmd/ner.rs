//! `lagebild ner`: tag CoNLL-style token columns with BIO entity tags, so
//! any outside scorer can evaluate the tagger.

use crate::Outcome;
use anyhow::{bail, Context};
use lagebild_entities::{Language, TagScratch, Tagger};
use std::io::{self, BufRead, BufWriter, Write};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  lagebild ner --lang de --token-column 2 ../shared/data/ner/germeval2014/NER-de-dev.tsv > pred.tsv
      Tag GermEval's dev set (token in column 2); score it with
      python3 ../shared/tools/score_ner.py ../shared/data/ner/germeval2014/NER-de-dev.tsv pred.tsv
  printf 'Wladimir\\nPutin\\ntraf\\nKim\\nJong\\nUn\\n' | lagebild ner --lang de -
      One token per line on standard input.

Input: one token per line in column N (tab- or space-separated), a blank line between
sentences, lines starting with # skipped. Output: token<TAB>tag with BIO tags over PER,
ORG, LOC, MISC; blank lines kept.";

/// Tag tokens with named-entity classes (BIO over PER, ORG, LOC, MISC).
#[derive(clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    /// Language of the text: de or en.
    #[arg(long, default_value = "de")]
    lang: Language,
    /// Column holding the token (1-based).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    token_column: u32,
    /// A model file written by `lagebild train ner` instead of the built-in one.
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
    /// Input file, or `-` for standard input.
    #[arg(default_value = "-", value_name = "FILE")]
    input: PathBuf,
}

/// The built-in model of a language, or the one at `path`.
pub(crate) fn load_tagger(language: Language, path: Option<&PathBuf>) -> anyhow::Result<TaggerRef> {
    Ok(match path {
        Some(path) => {
            let tagger = Tagger::load(path)?;
            if tagger.language() != language {
                bail!(
                    "{} is a {} model, but --lang is {}",
                    path.display(),
                    tagger.language().code(),
                    language.code()
                );
            }
            TaggerRef::Loaded(Box::new(tagger))
        }
        None => TaggerRef::Builtin(Tagger::builtin(language)?),
    })
}

/// A built-in (static) or loaded tagger.
pub(crate) enum TaggerRef {
    Builtin(&'static Tagger),
    Loaded(Box<Tagger>),
}

impl std::ops::Deref for TaggerRef {
    type Target = Tagger;
    fn deref(&self) -> &Tagger {
        match self {
            TaggerRef::Builtin(t) => t,
            TaggerRef::Loaded(t) => t,
        }
    }
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let tagger = load_tagger(args.lang, args.model.as_ref())?;
    let column = args.token_column as usize - 1;
    let reader: Box<dyn BufRead> = if args.input.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        let file = std::fs::File::open(&args.input)
            .with_context(|| format!("cannot open {}", args.input.display()))?;
        Box::new(io::BufReader::new(file))
    };
    let name = args.input.display().to_string();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut scratch = TagScratch::default();
    let mut sentence: Vec<String> = Vec::new();
    for (number, line) in reader.lines().enumerate() {
        let line =
            line.with_context(|| format!("{name}:{}: cannot read (not UTF-8?)", number + 1))?;
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            write_sentence(&tagger, &mut sentence, &mut scratch, &mut out)?;
            writeln!(out)?;
            continue;
        }
        let token = if line.contains('\t') {
            line.split('\t').nth(column)
        } else {
            line.split_whitespace().nth(column)
        };
        let Some(token) = token else {
            bail!(
                "{name}:{}: no column {} in this line; choose the token column with --token-column",
                number + 1,
                column + 1
            );
        };
        sentence.push(token.to_string());
    }
    write_sentence(&tagger, &mut sentence, &mut scratch, &mut out)?;
    out.flush()?;
    Ok(Outcome::Clean)
}

fn write_sentence(
    tagger: &Tagger,
    sentence: &mut Vec<String>,
    scratch: &mut TagScratch,
    out: &mut impl Write,
) -> io::Result<()> {
    if sentence.is_empty() {
        return Ok(());
    }
    for (token, tag) in sentence.iter().zip(tagger.bio_tags(sentence, scratch)) {
        writeln!(out, "{token}\t{tag}")?;
    }
    sentence.clear();
    Ok(())
}
