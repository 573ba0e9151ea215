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
    /// One discussion of an item's article, by a hash of its address: an item's discussions
    /// load side by side.
    Discussion {
        item_id: i64,
        url: u64,
    },
}

impl Load {
    pub fn discussion(item_id: i64, url: &str) -> Load {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        url.hash(&mut hasher);
        Load::Discussion {
            item_id,
            url: hasher.finish(),
        }
    }

    /// Whether stopping `self` stops `other` too: leaving an item's thread screen stops its
    /// discussions with it.
    fn covers(self, other: Load) -> bool {
        match (self, other) {
            (Load::Thread(item), Load::Discussion { item_id, .. }) => item == item_id,
            _ => self == other,
        }
    }
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

    /// Stops the load of `load` and those it covers (a thread's discussions), if any run; true
    /// when there was one.
    pub fn cancel(&self, load: Load) -> bool {
        let Ok(mut tasks) = self.tasks.lock() else {
            return false;
        };
        let before = tasks.len();
        tasks.retain(|&running, task| {
            let stop = load.covers(running);
            if stop {
                task.abort();
            }
            !stop
        });
        tasks.len() < before
    }

    /// Whether a load of `load` runs.
    pub fn is_running(&self, load: Load) -> bool {
        self.tasks.lock().is_ok_and(|tasks| tasks.contains_key(&load))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn leaving_a_thread_stops_its_discussions_and_nothing_else() {
        let loads = InFlight::default();
        let pending = || tokio::spawn(std::future::pending::<()>());
        let hn = pending();
        let reddit = pending();
        let other_item = pending();
        let article = pending();
        loads.start(
            Load::discussion(1, "https://hn.example/item?id=1"),
            hn.abort_handle(),
        );
        loads.start(
            Load::discussion(1, "https://reddit.example/r/x/1"),
            reddit.abort_handle(),
        );
        loads.start(
            Load::discussion(2, "https://hn.example/item?id=1"),
            other_item.abort_handle(),
        );
        loads.start(Load::Article(1), article.abort_handle());

        assert!(loads.cancel(Load::Thread(1)));
        assert!(hn.await.is_err_and(|e| e.is_cancelled()));
        assert!(reddit.await.is_err_and(|e| e.is_cancelled()));
        assert!(loads.is_running(Load::discussion(2, "https://hn.example/item?id=1")));
        assert!(loads.is_running(Load::Article(1)));
        assert!(!loads.cancel(Load::Thread(1)), "nothing left to stop");
        assert!(loads.cancel(Load::discussion(2, "https://hn.example/item?id=1")));
        assert!(other_item.await.is_err_and(|e| e.is_cancelled()));
    }
}
