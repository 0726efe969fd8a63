//! The tagger's sparse weights in one flat open-addressing table: a feature
//! key's slot holds the key and the range of its non-zero (label, weight)
//! entries, which lie back to back in one array. Looking a feature up
//! touches the slot and, when the feature is known, one run of entries:
//! two cache misses instead of the four of a general-purpose hash map with
//! separate label and weight arrays (the lookup is most of tagging time).

/// One slot: a feature key and its entries; `len == 0` marks an empty slot
/// (features without non-zero weights are never stored).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// One non-zero weight of a feature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Entry {
    /// The weight.
    pub weight: f32,
    /// The label it votes for.
    pub label: u8,
}

/// Feature key → its non-zero weights.
#[derive(Debug, Clone)]
pub(crate) struct WeightTable {
    slots: Vec<Slot>,
    entries: Vec<Entry>,
    /// Right shift that turns a key into its home slot (the key's top bits).
    shift: u32,
    features: usize,
}

/// A feature key was stored twice (a damaged model file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DuplicateKey(pub u64);

impl WeightTable {
    /// An empty table for up to `features` features, at most about two
    /// thirds full so probes stay short.
    pub fn with_capacity(features: usize) -> Self {
        let slots = (features + features / 2 + 1).next_power_of_two().max(2);
        WeightTable {
            slots: vec![Slot::default(); slots],
            entries: Vec::with_capacity(features * 4),
            shift: 64 - slots.trailing_zeros(),
            features: 0,
        }
    }

    /// Number of stored features.
    pub fn len(&self) -> usize {
        self.features
    }

    fn home(&self, key: u64) -> usize {
        (key >> self.shift) as usize
    }

    /// Stores the entries of a feature; features without entries are
    /// skipped. Grows the table when it gets too full.
    pub fn insert(
        &mut self,
        key: u64,
        entries: impl IntoIterator<Item = Entry>,
    ) -> Result<(), DuplicateKey> {
        let start = self.entries.len();
        self.entries.extend(entries);
        let len = self.entries.len() - start;
        if len == 0 {
            return Ok(());
        }
        if (self.features + 1) * 3 > self.slots.len() * 2 {
            self.grow();
        }
        let slot = Slot {
            key,
            start: start as u32,
            len: len as u32,
        };
        self.place(slot)
            .inspect_err(|_| self.entries.truncate(start))?;
        self.features += 1;
        Ok(())
    }

    fn place(&mut self, slot: Slot) -> Result<(), DuplicateKey> {
        let mask = self.slots.len() - 1;
        let mut at = self.home(slot.key);
        loop {
            let current = &mut self.slots[at];
            if current.len == 0 {
                *current = slot;
                return Ok(());
            }
            if current.key == slot.key {
                return Err(DuplicateKey(slot.key));
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        let size = old.len() * 2;
        self.slots = vec![Slot::default(); size];
        self.shift = 64 - size.trailing_zeros();
        for slot in old.into_iter().filter(|s| s.len != 0) {
            // Keys were unique in the old table, so they are in the new one.
            let _ = self.place(slot);
        }
    }

    /// The non-zero weights of a feature (empty when unknown).
    #[cfg(test)]
    pub fn get(&self, key: u64) -> &[Entry] {
        self.entries(self.find(key))
    }

    /// The entry range (start, length) of every key in `keys`, in order
    /// (length 0 when unknown), into `out`. Looking up a sentence's keys
    /// together lets the processor overlap the cache misses: a first pass
    /// touches every home slot, a second finds the slots (now cached) and
    /// touches every first entry, so the caller's pass over the entries
    /// hits the cache too. Independent loads without branches on their
    /// values run in parallel; one at a time, each would wait for memory.
    pub fn ranges(&self, keys: &[u64], out: &mut Vec<(u32, u32)>) {
        let mut touched = 0u64;
        for &key in keys {
            touched ^= self.slots[self.home(key)].key;
        }
        std::hint::black_box(touched);
        out.clear();
        let mut touched = 0u32;
        for &key in keys {
            let range = self.find(key);
            touched ^= self.entries[range.0 as usize..]
                .first()
                .map_or(0, |e| e.weight.to_bits());
            out.push(range);
        }
        std::hint::black_box(touched);
    }

    /// The entries of a range from [`WeightTable::ranges`].
    #[inline]
    pub fn entries(&self, (start, len): (u32, u32)) -> &[Entry] {
        &self.entries[start as usize..(start + len) as usize]
    }

    #[inline]
    fn find(&self, key: u64) -> (u32, u32) {
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        loop {
            let slot = self.slots[at];
            if slot.len == 0 || slot.key == key {
                return (slot.start, slot.len);
            }
            at = (at + 1) & mask;
        }
    }

    /// Every feature with its entries, sorted by key (so saved files are
    /// byte-identical for identical weights).
    pub fn sorted(&self) -> Vec<(u64, &[Entry])> {
        let mut features: Vec<(u64, &[Entry])> = self
            .slots
            .iter()
            .filter(|s| s.len != 0)
            .map(|s| {
                let start = s.start as usize;
                (s.key, &self.entries[start..start + s.len as usize])
            })
            .collect();
        features.sort_unstable_by_key(|(key, _)| *key);
        features
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: u8, weight: f32) -> Entry {
        Entry { weight, label }
    }

    #[test]
    fn finds_what_was_stored_through_growth_and_rejects_duplicates() {
        let mut table = WeightTable::with_capacity(2);
        // Keys sharing their top bits probe past each other.
        let keys: Vec<u64> = (0..1000u64).map(|k| k.wrapping_mul(7) | 1 << 63).collect();
        for (n, &key) in keys.iter().enumerate() {
            table
                .insert(key, [entry((n % 21) as u8, n as f32)])
                .unwrap();
        }
        table.insert(42, std::iter::empty()).unwrap();
        assert_eq!(table.len(), keys.len());
        for (n, &key) in keys.iter().enumerate() {
            assert_eq!(table.get(key), &[entry((n % 21) as u8, n as f32)]);
        }
        assert!(table.get(42).is_empty());
        assert!(table.get(3).is_empty());
        assert_eq!(
            table.insert(keys[5], [entry(1, 1.0)]),
            Err(DuplicateKey(keys[5]))
        );
        assert_eq!(table.get(keys[5]), &[entry(5, 5.0)]);
        let mut ranges = Vec::new();
        table.ranges(&[keys[7], 3, keys[9]], &mut ranges);
        let found: Vec<&[Entry]> = ranges.iter().map(|&r| table.entries(r)).collect();
        assert_eq!(found, [table.get(keys[7]), &[], table.get(keys[9])]);
        let sorted = table.sorted();
        assert_eq!(sorted.len(), keys.len());
        assert!(sorted.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
