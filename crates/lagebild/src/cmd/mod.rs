//! One module per subcommand.

pub(crate) mod analyze;
pub(crate) mod eval;
pub(crate) mod eval_quotes;
pub(crate) mod eval_events;
pub(crate) mod eval_extraction;
pub(crate) mod eval_sentences;
pub(crate) mod eval_timex;
pub(crate) mod eval_ner;
pub(crate) mod ner;
pub(crate) mod train;
