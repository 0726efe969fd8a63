use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::any::Any;
use std::sync::OnceLock;

/// An annotation layer that a stage crate attaches to a [`crate::Document`].
///
/// The core does not know the layer types (entities, quotes, times ...): a
/// stage crate defines its type, names it with [`Layer::NAME`] — the key the
/// layer has in the JSON output — and the document stores it type-erased.
/// A document read back from JSON keeps each layer as JSON until someone
/// asks for it with [`crate::Document::layer`], which decodes it once.
pub trait Layer: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// Key of the layer in the JSON output (`"entities"`, `"quotes"`).
    const NAME: &'static str;
}

type Erased = Box<dyn Any + Send + Sync>;
type Encode = fn(&(dyn Any + Send + Sync)) -> serde_json::Result<Value>;

fn encode_as<T: Layer>(value: &(dyn Any + Send + Sync)) -> serde_json::Result<Value> {
    match value.downcast_ref::<T>() {
        Some(layer) => serde_json::to_value(layer),
        None => Ok(Value::Null),
    }
}

/// One layer: typed when a stage produced it, JSON when read back.
struct Slot {
    name: String,
    raw: Option<Value>,
    typed: OnceLock<(Erased, Encode)>,
}

impl Slot {
    fn to_json(&self) -> serde_json::Result<Value> {
        if let Some(raw) = &self.raw {
            return Ok(raw.clone());
        }
        match self.typed.get() {
            Some((value, encode)) => encode(value.as_ref()),
            None => Ok(Value::Null),
        }
    }
}

/// The layers of one document, in the order they were added.
#[derive(Default)]
pub(crate) struct Layers {
    slots: Vec<Slot>,
}

impl Layers {
    pub(crate) fn insert<T: Layer>(&mut self, layer: T) {
        let typed = OnceLock::new();
        let _ = typed.set((Box::new(layer) as Erased, encode_as::<T> as Encode));
        let slot = Slot { name: T::NAME.to_string(), raw: None, typed };
        match self.slots.iter_mut().find(|s| s.name == T::NAME) {
            Some(existing) => *existing = slot,
            None => self.slots.push(slot),
        }
    }

    pub(crate) fn insert_raw(&mut self, name: String, raw: Value) {
        let slot = Slot { name, raw: Some(raw), typed: OnceLock::new() };
        match self.slots.iter_mut().find(|s| s.name == slot.name) {
            Some(existing) => *existing = slot,
            None => self.slots.push(slot),
        }
    }

    pub(crate) fn get<T: Layer>(&self) -> Option<&T> {
        let slot = self.slots.iter().find(|s| s.name == T::NAME)?;
        if slot.typed.get().is_none() {
            let decoded: T = serde_json::from_value(slot.raw.clone()?).ok()?;
            let _ = slot.typed.set((Box::new(decoded) as Erased, encode_as::<T> as Encode));
        }
        slot.typed.get()?.0.downcast_ref::<T>()
    }

    pub(crate) fn remove(&mut self, name: &str) {
        self.slots.retain(|s| s.name != name);
    }

    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.slots.iter().map(|s| s.name.as_str())
    }

    pub(crate) fn entries(&self) -> impl Iterator<Item = (&str, serde_json::Result<Value>)> {
        self.slots.iter().map(|s| (s.name.as_str(), s.to_json()))
    }
}

impl Clone for Layers {
    /// Clones through JSON: layer types are unknown here, but every layer
    /// serialises, and the clone decodes lazily like a document read back.
    fn clone(&self) -> Self {
        let mut out = Layers::default();
        for (name, value) in self.entries() {
            out.insert_raw(name.to_string(), value.unwrap_or(Value::Null));
        }
        out
    }
}

impl std::fmt::Debug for Layers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}
