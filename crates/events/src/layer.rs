use lagebild_core::{Layer, Span};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The `events` layer: every event between actors found in an article, in
/// text order of their triggers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Events(pub Vec<Event>);

impl Layer for Events {
    const NAME: &'static str = "events";
}

/// One "who did what to whom": a PLOVER-typed action of a source actor,
/// directed at a target actor when there is one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// PLOVER event type.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// PLOVER mode ("visit", "phone", "arrest"), when the trigger says it.
    pub mode: Option<String>,
    /// Who acts; a person is resolved to the state or organisation the
    /// text says they act for ("Nordkoreas Machthaber Kim Jong Un" → Nordkorea).
    pub source: Option<Actor>,
    /// Who is acted upon, or null for undirected events (a protest, a
    /// denial with no named addressee).
    pub target: Option<Actor>,
    /// TIMEX3 value from the times layer in the sentence, else the
    /// publication date.
    pub date: Option<String>,
    /// Where it happens, when a place other than the target is named.
    pub location: Option<Actor>,
    /// Whether the text reports the event as fact, expectation, claim,
    /// denial or negation.
    pub status: Status,
    /// Who makes the claim when the event is reported rather than asserted
    /// (the speaker of a quote, "der US-Regierung zufolge").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<Actor>,
    /// The word(s) that name the event.
    pub trigger: Trigger,
    /// The sentence the event was found in.
    pub sentence: Span,
}

/// An actor: an entity of the `entities` layer when there is one, else a
/// name found by the events stage itself (state gazetteer, group nouns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Id in the `entities` layer, or null.
    pub entity: Option<String>,
    /// Canonical name ("Nordkorea" for "Pjöngjang").
    pub name: String,
    /// The mention as written ("Nordkoreas Machthaber Kim Jong Un").
    pub text: String,
    /// First code point of the mention.
    pub start: usize,
    /// One past the last code point of the mention.
    pub end: usize,
}

/// The trigger of an event as written; for a separable verb the span runs
/// from the verb to its particle ("wirft … vor").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// The trigger words ("wirft vor").
    pub text: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// The 16 PLOVER event types (Halterman et al., PLOVER codebook).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs)]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl EventType {
    /// Every type, in PLOVER order (cooperative to hostile).
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    /// The PLOVER name ("CONSULT").
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventType {
    type Err = String;

    /// Parses a PLOVER name, case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "unknown PLOVER event type {s:?} (expected one of AGREE, CONSULT, … ASSAULT)"
                )
            })
    }
}

/// How the text reports an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Reported as fact.
    Asserted,
    /// Planned, announced or awaited ("soll treffen", "wird erwartet").
    Expected,
    /// Claimed by someone ("laut", "zufolge", inside a quote).
    Alleged,
    /// Said not to have happened by one of the parties ("bestreitet, … zu haben").
    Denied,
    /// The text says it did not happen ("nicht", "kein").
    Negated,
}

impl FromStr for Status {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "asserted" => Ok(Status::Asserted),
            "expected" => Ok(Status::Expected),
            "alleged" => Ok(Status::Alleged),
            "denied" => Ok(Status::Denied),
            "negated" => Ok(Status::Negated),
            other => Err(format!(
                "unknown event status {other:?} (expected asserted, expected, alleged, denied or negated)"
            )),
        }
    }
}
