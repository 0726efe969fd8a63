use crate::extract::events_of_document;
use crate::layer::Events;
use crate::lexicon::{Lexicon, LexiconError};
use lagebild_core::{Document, Stage, StageError};

/// The events stage: adds the `events` layer. Runs last, after entities,
/// times and quotes, whose layers it uses when present; without them it
/// finds actors with its own gazetteer and dates with its own month list.
#[derive(Debug)]
pub struct EventsStage {
    german: Lexicon,
    english: Lexicon,
}

impl EventsStage {
    /// Loads the German and English lexicons (compiled into the binary);
    /// fails only if a resource file is malformed.
    pub fn new() -> Result<Self, LexiconError> {
        Ok(EventsStage {
            german: Lexicon::german()?,
            english: Lexicon::english()?,
        })
    }
}

impl Stage for EventsStage {
    fn name(&self) -> &'static str {
        "events"
    }

    /// English documents use the English lexicon; everything else is read
    /// as German, the project's first language.
    fn annotate(&self, doc: &mut Document) -> Result<(), StageError> {
        let lexicon = if doc.language.as_deref() == Some("en") {
            &self.english
        } else {
            &self.german
        };
        let events = events_of_document(doc, lexicon);
        doc.set_layer(Events(events));
        Ok(())
    }
}
