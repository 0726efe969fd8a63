//! Connections shared by the threads of one process (the server answers
//! from many blocking threads): idle clients wait in a list, a thread takes
//! one or opens a new one, and gives it back unless it broke.

use crate::sql::database_error;
use lagebild_store::StoreError;
use postgres::{Client, NoTls};
use std::sync::Mutex;

/// Idle connections kept beyond this are closed.
const MAX_IDLE: usize = 32;

/// A small pool of connections to one database.
pub(crate) struct Pool {
    url: String,
    idle: Mutex<Vec<Client>>,
}

/// A connection on loan; returns to the pool when dropped.
pub(crate) struct Pooled<'a> {
    pool: &'a Pool,
    client: Option<Client>,
}

impl Pool {
    pub(crate) fn new(url: &str) -> Self {
        Pool {
            url: url.to_string(),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Opens a connection outside the pool (the writer keeps its own).
    pub(crate) fn connect(&self) -> Result<Client, StoreError> {
        Client::connect(&self.url, NoTls)
            .map_err(|e| database_error("cannot connect to the database", e))
    }

    pub(crate) fn get(&self) -> Result<Pooled<'_>, StoreError> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let client = match idle {
            Some(client) if !client.is_closed() => client,
            _ => self.connect()?,
        };
        Ok(Pooled {
            pool: self,
            client: Some(client),
        })
    }
}

impl std::ops::Deref for Pooled<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.client.as_ref().expect("present until drop")
    }
}

impl std::ops::DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client.as_mut().expect("present until drop")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        let Some(client) = self.client.take() else {
            return;
        };
        if client.is_closed() {
            return;
        }
        if let Ok(mut idle) = self.pool.idle.lock() {
            if idle.len() < MAX_IDLE {
                idle.push(client);
            }
        }
    }
}
