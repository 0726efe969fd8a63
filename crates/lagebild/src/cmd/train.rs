//! `lagebild train …`: rebuild the committed models from the training data
//! in `../shared/data`, reproducibly (fixed seed, fixed data order).

use crate::Outcome;
use anyhow::Context;
use clap::Subcommand;
use lagebild_entities::corpus::{
    auxiliary_training_sets, dev_sets, read_annotated, training_sets, Sentence,
    GERMAN_AUXILIARY_SETS,
};
use lagebild_entities::{
    evaluate, train, Algorithm, FeatureGroups, Language, Tagger, TrainOptions,
};
use std::path::PathBuf;
use std::time::Instant;

/// Train a model from the data in ../shared/data.
#[derive(Subcommand)]
pub(crate) enum TrainCommand {
    /// The named-entity tagger (averaged perceptron).
    Ner(NerArgs),
}

const NER_EXAMPLES: &str = "\
Examples:
  nice -n 10 lagebild train ner --lang de
      Rebuild crates/entities/models/ner-de.bin.gz (then rebuild lagebild to ship it).
  lagebild train ner --lang de --without clusters --out /tmp/no-clusters.bin.gz --report-dev
      Ablation: a model without Brown clusters, dev F1 after every epoch;
      score it with `lagebild eval ner --lang de --model /tmp/no-clusters.bin.gz`.";

/// Train the NER tagger for one language on its training sets (never on
/// dev data).
#[derive(clap::Args)]
#[command(after_long_help = NER_EXAMPLES)]
pub(crate) struct NerArgs {
    /// Language: de (GermEval 2014 train; WikiANN de train as auxiliary
    /// domain) or en (GUM train + WikiANN en train).
    #[arg(long)]
    lang: Language,
    /// Folder with the NER data (`../shared/data/ner` beside the repository).
    #[arg(long, default_value = "../shared/data/ner", value_name = "DIR")]
    data_dir: PathBuf,
    /// Where to write the model; default: the built-in model's file.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Passes over the training data.
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Independent runs (different shuffles) averaged into the model.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Drop features seen fewer times than this.
    #[arg(long, default_value_t = 2)]
    min_count: u32,
    /// Feature groups to leave out of the language's default set (word,
    /// affix, shape, window, gazetteer, clusters, compound, names,
    /// context_clusters, compound_clusters, name_parts; English leaves out
    /// name_parts already), for ablations.
    #[arg(long, value_delimiter = ',')]
    without: Vec<String>,
    /// Train on the in-domain data only, without the auxiliary WikiANN de
    /// sentences (an ablation).
    #[arg(long, conflicts_with = "auxiliary")]
    without_auxiliary: bool,
    /// Auxiliary domains to use instead of the default ones, by name
    /// (German: wikiann-de-train, hipe-newseye-dev, hipe-newseye-dev2,
    /// hipe-sonar-dev, europeana-lft, europeana-onb, europeana-sbb, ler-dev,
    /// mobie-train); names joined by `+` form one domain
    /// (`wikiann-de-train,hipe-sonar-dev+hipe-newseye-dev`).
    #[arg(long, value_delimiter = ',', value_name = "SETS")]
    auxiliary: Vec<String>,
    /// Score the model on the dev sets after every epoch (monitoring only;
    /// dev data never trains the model).
    #[arg(long)]
    report_dev: bool,
    /// The learner: averaged perceptron, cost-augmented passive-aggressive
    /// (PA-I: steps scaled by the missed margin) or CRF. Several, joined
    /// by commas: each trains its runs, and the models are blended with
    /// equal shares (weights scaled to the same size first).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "perceptron")]
    algorithm: Vec<AlgorithmName>,
    /// Step size of the CRF's stochastic gradient.
    #[arg(long, default_value_t = 0.02, value_name = "RATE")]
    learning_rate: f32,
    /// Largest step of one passive-aggressive update (C of PA-I).
    #[arg(long, default_value_t = 1.0, value_name = "C")]
    aggressiveness: f32,
    /// Size of an auxiliary sentence's update relative to an in-domain one.
    #[arg(long, default_value_t = 1.0, value_name = "WEIGHT")]
    auxiliary_weight: f32,
    /// Apply --min-count to shared features by their in-domain counts only.
    #[arg(long)]
    count_in_domain_only: bool,
    /// Read the auxiliary sets' "O" tokens as "O or MISC" (they never
    /// annotate MISC), updating towards the best path consistent with that.
    #[arg(long)]
    partial_auxiliary: bool,
}

/// The learners `--algorithm` offers.
#[derive(Clone, Copy, clap::ValueEnum)]
enum AlgorithmName {
    /// Averaged structured perceptron.
    Perceptron,
    /// Averaged cost-augmented passive-aggressive learner (PA-I).
    Pa,
    /// Linear-chain CRF by averaged stochastic gradient (slower to train,
    /// same model format and tagging speed).
    Crf,
}

/// A German auxiliary data set by its name.
fn auxiliary_set(name: &str) -> anyhow::Result<&'static lagebild_entities::corpus::DataSet> {
    GERMAN_AUXILIARY_SETS
        .iter()
        .find(|set| set.name == name)
        .ok_or_else(|| {
            let known: Vec<&str> = GERMAN_AUXILIARY_SETS.iter().map(|s| s.name).collect();
            anyhow::anyhow!(
                "unknown auxiliary data set {name:?}; known: {}",
                known.join(", ")
            )
        })
}

pub(crate) fn run(command: TrainCommand) -> anyhow::Result<Outcome> {
    match command {
        TrainCommand::Ner(args) => train_ner(args),
    }
}

fn train_ner(args: NerArgs) -> anyhow::Result<Outcome> {
    let groups = FeatureGroups::default_for(args.lang)
        .without(&args.without)
        .map_err(anyhow::Error::msg)?;
    for (name, value) in [
        ("--aggressiveness", args.aggressiveness),
        ("--learning-rate", args.learning_rate),
        ("--auxiliary-weight", args.auxiliary_weight),
    ] {
        if !(value.is_finite() && value > 0.0) {
            anyhow::bail!("{name} must be a positive number, got {value}");
        }
    }
    let read = |set: &lagebild_entities::corpus::DataSet| -> anyhow::Result<Vec<Sentence>> {
        read_annotated(&args.data_dir.join(set.path), set.format).with_context(|| {
            format!(
                "data set {} (is ../shared beside the repository? see --data-dir)",
                set.name
            )
        })
    };
    let mut sentences = Vec::new();
    for set in training_sets(args.lang) {
        let before = sentences.len();
        sentences.extend(read(set)?);
        eprintln!("{}: {} sentences", set.name, sentences.len() - before);
    }
    let domains: Vec<Vec<&lagebild_entities::corpus::DataSet>> = if args.without_auxiliary {
        Vec::new()
    } else if args.auxiliary.is_empty() {
        auxiliary_training_sets(args.lang)
            .iter()
            .map(|set| vec![set])
            .collect()
    } else {
        args.auxiliary
            .iter()
            .map(|domain| domain.split('+').map(auxiliary_set).collect())
            .collect::<anyhow::Result<_>>()?
    };
    let mut auxiliary = Vec::new();
    for domain in &domains {
        let mut domain_sentences = Vec::new();
        for set in domain {
            let before = domain_sentences.len();
            domain_sentences.extend(read(set)?);
            eprintln!(
                "{} (auxiliary domain {}): {} sentences",
                set.name,
                auxiliary.len() + 1,
                domain_sentences.len() - before
            );
        }
        auxiliary.push(domain_sentences);
    }
    let dev: Vec<(&str, Vec<Sentence>)> = if args.report_dev {
        dev_sets(args.lang)
            .iter()
            .map(|s| Ok((s.name, read(s)?)))
            .collect::<anyhow::Result<_>>()?
    } else {
        Vec::new()
    };
    eprintln!(
        "training {} model, features: {}",
        args.lang.code(),
        groups.names().join(", ")
    );
    let started = Instant::now();
    let mut models = Vec::new();
    for &name in &args.algorithm {
        let options = TrainOptions {
            language: args.lang,
            groups,
            epochs: args.epochs,
            min_count: args.min_count,
            seed: 2014,
            runs: args.runs,
            algorithm: match name {
                AlgorithmName::Perceptron => Algorithm::Perceptron,
                AlgorithmName::Pa => Algorithm::PassiveAggressive {
                    aggressiveness: args.aggressiveness,
                },
                AlgorithmName::Crf => Algorithm::Crf {
                    learning_rate: args.learning_rate,
                },
            },
            partial_auxiliary: args.partial_auxiliary,
            auxiliary_weight: args.auxiliary_weight,
            count_in_domain_only: args.count_in_domain_only,
        };
        let tagger = train(&sentences, &auxiliary, &options, |report, tagger| {
            let mut line = format!(
                "{:?} run {} epoch {:>2}: train token accuracy {:.4}",
                options.algorithm, report.run, report.epoch, report.token_accuracy
            );
            for (name, sentences) in &dev {
                line.push_str(&format!(
                    ", {name} dev F1 {:.4}",
                    evaluate(tagger, sentences).overall.f1()
                ));
            }
            eprintln!("{line} ({:.0} s)", started.elapsed().as_secs_f64());
        });
        if args.algorithm.len() > 1 {
            for (name, sentences) in &dev {
                eprintln!(
                    "{:?} model ({} runs averaged): {name} dev F1 {:.4}",
                    options.algorithm,
                    options.runs,
                    evaluate(&tagger, sentences).overall.f1()
                );
            }
        }
        models.push(tagger);
    }
    let blended;
    let tagger = match models.as_slice() {
        [single] => single,
        several => {
            let parts: Vec<(&Tagger, f32)> = several.iter().map(|t| (t, 1.0)).collect();
            blended = Tagger::blend(&parts)?;
            &blended
        }
    };
    let out = args.out.unwrap_or_else(|| {
        PathBuf::from(format!(
            "crates/entities/models/ner-{}.bin.gz",
            args.lang.code()
        ))
    });
    for (name, sentences) in &dev {
        eprintln!(
            "model ({} runs averaged per algorithm): {name} dev F1 {:.4}",
            args.runs,
            evaluate(tagger, sentences).overall.f1()
        );
    }
    tagger.save(&out)?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "wrote {} ({} features, {:.1} MB) in {:.0} s",
        out.display(),
        tagger.feature_count(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(Outcome::Clean)
}
