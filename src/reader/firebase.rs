//! A Hacker News thread read item by item from the official Firebase API, the fallback when the
//! whole-tree API fails: one request per comment, so the walk is bounded in requests, in time and
//! in requests at once, asks for each id once (a reply listed twice, or a cycle of ids, costs one
//! request), and says how far it got. It stops when its task is aborted (the user left the thread):
//! requests in flight are dropped with it.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Duration;

use futures::StreamExt;
use futures::stream::FuturesUnordered;

use crate::comments::Thread;
use crate::comments::api::{FirebaseItem, assemble_firebase};
use crate::fetch::{FetchOutcome, Fetcher, Validators};

/// How much one walk may cost.
#[derive(Debug, Clone, Copy)]
pub struct WalkLimits {
    /// Items requested in all, the story included.
    pub max_items: usize,
    /// Requests in flight at once (the fetcher's per-host limit applies as well).
    pub concurrency: usize,
    /// The whole walk; what has arrived by then is the thread.
    pub max_time: Duration,
}

impl Default for WalkLimits {
    fn default() -> Self {
        WalkLimits {
            max_items: 1000,
            concurrency: 8,
            max_time: Duration::from_secs(30),
        }
    }
}

/// A walk's thread, and whether a limit cut it short.
pub struct Walked {
    pub thread: Thread,
    pub complete: bool,
}

/// Walks the thread of `root_id`, breadth first as replies arrive. `item_url` gives an item's
/// address; `progress` is told "comments N/M" as items arrive. `None` when the story itself
/// cannot be read.
pub async fn walk(
    fetcher: &Fetcher,
    root_id: u64,
    item_url: impl Fn(u64) -> String,
    limits: WalkLimits,
    progress: impl Fn(&str),
) -> Option<Walked> {
    let fetch_item = |id: u64| {
        let url = item_url(id);
        async move {
            match fetcher.get(&url, &Validators::default()).await {
                Ok(FetchOutcome::Fetched(body)) => FirebaseItem::parse(&body.body).ok(),
                _ => None,
            }
        }
    };
    let root = fetch_item(root_id).await?;
    let deadline = tokio::time::Instant::now() + limits.max_time;
    let mut requested: HashSet<u64> = HashSet::from([root_id]);
    let mut waiting: VecDeque<u64> = VecDeque::new();
    let mut complete = admit(&root.kids, &mut requested, &mut waiting, limits.max_items);
    let mut items: HashMap<u64, FirebaseItem> = HashMap::new();
    let mut in_flight = FuturesUnordered::new();
    loop {
        while in_flight.len() < limits.concurrency.max(1) {
            let Some(id) = waiting.pop_front() else { break };
            in_flight.push(fetch_item(id));
        }
        let next = match tokio::time::timeout_at(deadline, in_flight.next()).await {
            Ok(Some(next)) => next,
            Ok(None) => break,
            Err(_) => {
                complete = false;
                break;
            }
        };
        if let Some(item) = next {
            complete &= admit(&item.kids, &mut requested, &mut waiting, limits.max_items);
            items.insert(item.id, item);
        }
        progress(&format!("comments {}/{}", items.len(), requested.len() - 1));
    }
    Some(Walked {
        thread: assemble_firebase(&root, &items).thread,
        complete,
    })
}

/// Queues the ids of `kids` not asked for yet, while fewer than `max_items` are; false when the
/// limit left some out.
fn admit(kids: &[u64], requested: &mut HashSet<u64>, waiting: &mut VecDeque<u64>, max_items: usize) -> bool {
    for &kid in kids {
        if requested.contains(&kid) {
            continue;
        }
        if requested.len() >= max_items {
            return false;
        }
        requested.insert(kid);
        waiting.push_back(kid);
    }
    true
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::fetch::FetchLimits;
    use crate::serve::{Route, StaticServer};

    fn item(id: u64, kids: &[u64]) -> (String, Route) {
        let kids: Vec<String> = kids.iter().map(u64::to_string).collect();
        let json = format!(
            r#"{{"id":{id},"type":"comment","by":"user{id}","text":"comment {id}","time":1700000000,"kids":[{}]}}"#,
            kids.join(",")
        );
        (
            format!("/v0/item/{id}.json"),
            Route::content(json, "application/json"),
        )
    }

    /// Runs `test` on a runtime of its own (the loopback server runs its own, so it starts first).
    fn block_on<F: std::future::Future>(test: F) -> F::Output {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(test)
    }

    /// A story (id 1) with `replies` replies whose items come one byte every `every`.
    fn slow_replies(replies: u64, every: Duration) -> StaticServer {
        let kids: Vec<u64> = (2..2 + replies).collect();
        let slow = kids.iter().map(|&id| {
            let json = format!(r#"{{"id":{id},"type":"comment","by":"u","text":"t","kids":[]}}"#);
            (format!("/v0/item/{id}.json"), Route::drip(json, every))
        });
        StaticServer::start(std::iter::once(item(1, &kids)).chain(slow), false).unwrap()
    }

    fn requests(server: &StaticServer) -> u64 {
        let stats = server.stats();
        stats.full.load(Ordering::Relaxed) + stats.other.load(Ordering::Relaxed)
    }

    fn item_url(server: &StaticServer) -> impl Fn(u64) -> String + '_ {
        |id| server.url(&format!("/v0/item/{id}.json"))
    }

    /// Replies listed twice and a cycle of ids (1 -> 2 -> 1) cost one request per id.
    #[test]
    fn each_id_is_asked_for_once_even_in_a_cycle() {
        let server = StaticServer::start(
            [
                item(1, &[2, 3, 2]),
                item(2, &[1, 3, 4]),
                item(3, &[4, 4]),
                item(4, &[2]),
            ],
            false,
        )
        .unwrap();
        let reports = AtomicUsize::new(0);
        let walked = block_on(async {
            let fetcher = Fetcher::new(FetchLimits::default()).unwrap();
            walk(&fetcher, 1, item_url(&server), WalkLimits::default(), |_| {
                reports.fetch_add(1, Ordering::Relaxed);
            })
            .await
        })
        .unwrap();
        assert_eq!(requests(&server), 4);
        assert!(walked.complete);
        let ids: Vec<String> = walked.thread.preorder().map(|(c, _)| c.id.clone()).collect();
        assert_eq!(ids, ["2", "3", "4"]);
        assert_eq!(reports.load(Ordering::Relaxed), 3, "progress after each item");
    }

    /// A thread of 3,000 replies costs at most `max_items` requests.
    #[test]
    fn a_huge_thread_stops_at_the_item_limit() {
        let kids: Vec<u64> = (2..3002).collect();
        let routes = std::iter::once(item(1, &kids)).chain(kids.iter().map(|&k| item(k, &[])));
        let server = StaticServer::start(routes, false).unwrap();
        let limits = WalkLimits {
            max_items: 50,
            ..WalkLimits::default()
        };
        let walked = block_on(async {
            let fetcher = Fetcher::new(FetchLimits::default()).unwrap();
            walk(&fetcher, 1, item_url(&server), limits, |_| {}).await
        })
        .unwrap();
        assert_eq!(requests(&server), 50);
        assert!(!walked.complete);
        assert_eq!(walked.thread.preorder().count(), 49);
    }

    /// Aborting the walk's task (what leaving the thread does) stops its requests.
    #[test]
    fn an_aborted_walk_makes_no_more_requests() {
        // Each reply is slow to come, so the walk is still running when it is aborted.
        let server = Arc::new(slow_replies(200, Duration::from_millis(2)));
        block_on(async {
            let fetcher = Fetcher::new(FetchLimits::default()).unwrap();
            let walking = {
                let server = Arc::clone(&server);
                tokio::spawn(async move {
                    walk(
                        &fetcher,
                        1,
                        |id| server.url(&format!("/v0/item/{id}.json")),
                        WalkLimits::default(),
                        |_| {},
                    )
                    .await;
                })
            };
            while requests(&server) < 5 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            walking.abort();
            assert!(walking.await.unwrap_err().is_cancelled());
            let at_abort = requests(&server);
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert_eq!(requests(&server), at_abort, "no request after the abort");
            assert!(at_abort < 40, "{at_abort} requests before the abort");
        });
    }

    /// The whole walk is bounded in time: what arrived by then is the thread.
    #[test]
    fn a_slow_thread_stops_at_the_time_limit() {
        let server = slow_replies(100, Duration::from_millis(20));
        let limits = WalkLimits {
            max_time: Duration::from_millis(300),
            ..WalkLimits::default()
        };
        let started = std::time::Instant::now();
        let walked = block_on(async {
            let fetcher = Fetcher::new(FetchLimits::default()).unwrap();
            walk(&fetcher, 1, item_url(&server), limits, |_| {}).await
        })
        .unwrap();
        assert!(!walked.complete);
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
