//! Loads the user can walk away from: the task fetching and extracting an open article, or fetching
//! an open thread, is kept here by what it loads, and aborted when the user leaves it. An aborted
//! task stops at its next await (a fetch in flight is dropped, its connection closed) and sends
//! nothing; extraction already running on the blocking pool finishes, bounded by the input guard,
//! and its result is dropped with the task.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::task::{AbortHandle, Id};

/// What a background load is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Load {
    Article(i64),
    Thread(i64),
}

/// The running loads, by what they load.
#[derive(Debug, Default)]
pub struct InFlight {
    tasks: Mutex<HashMap<Load, AbortHandle>>,
}

impl InFlight {
    /// Keeps `task` as the load of `load`; an earlier load of the same thing is aborted (a newer
    /// request replaces it).
    pub fn start(&self, load: Load, task: AbortHandle) {
        if let Ok(mut tasks) = self.tasks.lock() {
            if let Some(earlier) = tasks.insert(load, task) {
                earlier.abort();
            }
        }
    }

    /// The task `task` of `load` is done: forgets it (unless a newer one took its place).
    pub fn finish(&self, load: Load, task: Id) {
        if let Ok(mut tasks) = self.tasks.lock() {
            if tasks.get(&load).is_some_and(|t| t.id() == task) {
                tasks.remove(&load);
            }
        }
    }

    /// Stops the load of `load`, if one runs; true when there was one.
    pub fn cancel(&self, load: Load) -> bool {
        let task = self.tasks.lock().ok().and_then(|mut tasks| tasks.remove(&load));
        task.inspect(AbortHandle::abort).is_some()
    }

    /// Whether a load of `load` runs.
    pub fn is_running(&self, load: Load) -> bool {
        self.tasks.lock().is_ok_and(|tasks| tasks.contains_key(&load))
    }
}
