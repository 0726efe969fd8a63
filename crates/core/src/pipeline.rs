use crate::Document;

/// Why a stage could not annotate a document. The pipeline reports it with
/// the stage's name and the document id; the document itself stays usable
/// with the layers added so far.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct StageError {
    message: String,
}

impl StageError {
    /// An error with a message that tells the user what went wrong.
    pub fn new(message: impl Into<String>) -> Self {
        StageError { message: message.into() }
    }
}

/// One step of analysis: reads the document and adds its layer.
///
/// Stages hold their models (loaded once) and are shared across threads, so
/// `annotate` takes `&self`.
pub trait Stage: Send + Sync {
    /// Short name used in `--stages` and error messages (`"entities"`).
    fn name(&self) -> &'static str;

    /// Adds this stage's annotation to `doc`.
    fn annotate(&self, doc: &mut Document) -> Result<(), StageError>;
}

/// An ordered list of stages; running it over a document applies each in
/// turn. The pipeline is data: callers choose and order the stages.
#[derive(Default)]
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// An empty pipeline.
    pub fn new() -> Self {
        Pipeline::default()
    }

    /// Appends a stage.
    pub fn with(mut self, stage: impl Stage + 'static) -> Self {
        self.stages.push(Box::new(stage));
        self
    }

    /// Appends a boxed stage (for stages chosen at run time).
    pub fn push(&mut self, stage: Box<dyn Stage>) {
        self.stages.push(stage);
    }

    /// Names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage. A failing stage does not stop the later ones (their
    /// layers may still be useful); all failures are returned, each prefixed
    /// with the stage name.
    pub fn run(&self, doc: &mut Document) -> Vec<StageError> {
        let mut errors = Vec::new();
        for stage in &self.stages {
            if let Err(e) = stage.annotate(doc) {
                errors.push(StageError::new(format!("stage {}: {}", stage.name(), e)));
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Metadata, Span};

    struct WholeTextSentence;
    impl Stage for WholeTextSentence {
        fn name(&self) -> &'static str {
            "whole"
        }
        fn annotate(&self, doc: &mut Document) -> Result<(), StageError> {
            let n = doc.index().char_len();
            doc.sentences = vec![Span::new(0, n)];
            Ok(())
        }
    }

    struct Broken;
    impl Stage for Broken {
        fn name(&self) -> &'static str {
            "broken"
        }
        fn annotate(&self, _: &mut Document) -> Result<(), StageError> {
            Err(StageError::new("model missing"))
        }
    }

    #[test]
    fn runs_stages_in_order_and_keeps_going_after_errors() {
        let pipeline = Pipeline::new().with(Broken).with(WholeTextSentence);
        assert_eq!(pipeline.stage_names(), vec!["broken", "whole"]);
        let mut doc = Document::verbatim(Metadata::default(), "Ä b".into());
        let errors = pipeline.run(&mut doc);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].to_string(), "stage broken: model missing");
        assert_eq!(doc.sentences, vec![Span::new(0, 3)]);
    }
}
