//! The refresh benchmark: a heavy user's corpus served on loopback, timed against the real binary.
//!
//! 500 feeds x 50 items (RSS 2.0 with 2-20 KB `content:encoded`, some Atom, a few JSON Feed; about
//! 165 MB), served by `folio::serve::StaticServer` with ETags. Measured as whole processes (wall
//! time, and peak RSS through `/usr/bin/time`): a cold `folio refresh` into an empty database, a
//! warm one (all 304), and `folio list --unread` on a 100k-item database; plus the database size
//! against the feeds' bytes.
//!
//! Run: `cargo bench --bench refresh` (release build). `FOLIO_BENCH_RUNS=N` repeats each timing;
//! `FOLIO_BENCH_CONFIG` is written as folio's config file (to try other limits); `FOLIO_BENCH_WRAP`
//! is a command put before folio's (`perf record -g -o /tmp/folio.perf`, to profile);
//! `FOLIO_BENCH_REFRESH_ONLY=1` stops after the refresh figures (to study them).
//! `FOLIO_BENCH_KEEP=PATH` keeps the 100k-item database there (to profile listing), and
//! `FOLIO_BENCH_LIST_DB=PATH` times only the listing, on such a database.
//! `FOLIO_BENCH_AGAINST=PATH` times another folio binary too (an older build, say), run by run in
//! turn with this one: this host's speed drifts by 15-20% within an hour, so only figures taken
//! in the same minutes compare.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use folio::serve::{Route, StaticServer};

const FEEDS: usize = 500;
const ITEMS: usize = 50;

/// A deterministic generator, so every run serves the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mer", "tin", "sa", "ve", "ro", "dan", "qui", "pel", "or", "stra", "ne", "mu", "ble", "for",
    "gan", "tri", "ex", "pa", "lim", "do", "cre", "vu",
];

/// A vocabulary of made-up words with a skewed frequency, like real text.
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    (0..3000)
        .map(|_| {
            (0..1 + rng.below(3))
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect()
        })
        .collect()
}

fn sentence(rng: &mut Rng, words: &[String], out: &mut String) {
    let length = 6 + rng.below(18);
    for i in 0..length {
        // Squaring favours the first words: a Zipf-like distribution.
        let pick = (rng.unit() * rng.unit() * words.len() as f64) as usize;
        let word = &words[pick.min(words.len() - 1)];
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else if rng.below(40) == 0 {
            out.push_str(&format!(
                " <a href=\"https://example.com/{word}/{}\">{word}</a>",
                rng.below(100_000)
            ));
            continue;
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push_str(". ");
}

/// 2-20 KB of HTML, most bodies near the small end (as real feeds are).
fn body(rng: &mut Rng, words: &[String]) -> String {
    let target = 2048 + (rng.unit().powi(3) * 18.0 * 1024.0) as usize;
    let mut html = String::with_capacity(target + 512);
    while html.len() < target {
        html.push_str("<p>");
        for _ in 0..2 + rng.below(4) {
            sentence(rng, words, &mut html);
        }
        html.push_str("</p>\n");
    }
    html
}

fn title(rng: &mut Rng, words: &[String]) -> String {
    let mut text = String::new();
    sentence(rng, &words[..500], &mut text);
    text.trim_end_matches([' ', '.'])
        .replace(['<', '>', '&', '"'], "")
}

enum Kind {
    Rss,
    Atom,
    Json,
}

fn kind(feed: usize) -> Kind {
    match feed % 25 {
        0 => Kind::Json,
        1..=5 => Kind::Atom,
        _ => Kind::Rss,
    }
}

/// One feed of the corpus; `round` changes the items' identities (to grow a database).
fn feed(feed: usize, round: usize, rng: &mut Rng, words: &[String]) -> (Vec<u8>, &'static str) {
    let base = format!("https://site{feed}.example");
    let items: Vec<(String, String, String, String)> = (0..ITEMS)
        .map(|i| {
            let id = format!("{base}/r{round}/post/{i}");
            let day = 1 + (i + round * 3) % 28;
            let date = format!(
                "2024-{:02}-{day:02}T{:02}:{:02}:00Z",
                1 + (feed + round) % 12,
                i % 24,
                (feed * 7 + i) % 60
            );
            (id, title(rng, words), body(rng, words), date)
        })
        .collect();
    match kind(feed) {
        Kind::Rss => {
            let mut xml = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
                 xmlns:slash=\"http://purl.org/rss/1.0/modules/slash/\" xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" \
                 xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel><title>Site {feed}</title><link>{base}/</link><description>Feed {feed}</description>\n"
            );
            for (n, (id, title, body, date)) in items.iter().enumerate() {
                let published = chrono::DateTime::parse_from_rfc3339(date)
                    .map(|d| d.to_rfc2822())
                    .unwrap_or_default();
                let excerpt: String = body
                    .chars()
                    .take(200)
                    .collect::<String>()
                    .replace(['<', '>', '&'], " ");
                xml.push_str(&format!(
                    "<item><title>{title}</title><link>{id}</link><guid isPermaLink=\"true\">{id}</guid>\
                     <comments>{id}#comments</comments><wfw:commentRss>{id}/feed/</wfw:commentRss><slash:comments>{}</slash:comments>\
                     <dc:creator><![CDATA[Author {}]]></dc:creator><pubDate>{published}</pubDate>\
                     <description><![CDATA[{excerpt} [&#8230;]]]></description>\
                     <content:encoded><![CDATA[{body}]]></content:encoded></item>\n",
                    n % 40,
                    feed % 13
                ));
            }
            xml.push_str("</channel></rss>\n");
            (xml.into_bytes(), "application/rss+xml; charset=UTF-8")
        }
        Kind::Atom => {
            let mut xml = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:thr=\"http://purl.org/syndication/thread/1.0\">\
                 <title>Site {feed}</title><id>{base}/</id><link href=\"{base}/\"/><updated>2024-12-01T00:00:00Z</updated>\n"
            );
            for (n, (id, title, body, date)) in items.iter().enumerate() {
                let escaped = body
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                xml.push_str(&format!(
                    "<entry><id>{id}</id><title>{title}</title><link href=\"{id}\"/><updated>{date}</updated>\
                     <author><name>Author {}</name></author><thr:total>{}</thr:total><content type=\"html\">{escaped}</content></entry>\n",
                    feed % 13,
                    n % 30
                ));
            }
            xml.push_str("</feed>\n");
            (xml.into_bytes(), "application/atom+xml")
        }
        Kind::Json => {
            let items: Vec<serde_json::Value> = items
                .iter()
                .map(|(id, title, body, date)| {
                    serde_json::json!({"id": id, "url": id, "title": title, "content_html": body, "date_published": date})
                })
                .collect();
            let json = serde_json::json!({
                "version": "https://jsonfeed.org/version/1.1", "title": format!("Site {feed}"), "home_page_url": base, "items": items
            });
            (json.to_string().into_bytes(), "application/feed+json")
        }
    }
}

/// Every feed of one round, with the total bytes.
fn corpus(round: usize) -> (Vec<(String, Route)>, u64) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (round as u64 + 1));
    let words = vocabulary(&mut Rng(42));
    let mut total = 0u64;
    let routes = (0..FEEDS)
        .map(|n| {
            let (bytes, content_type) = feed(n, round, &mut rng, &words);
            total += bytes.len() as u64;
            (format!("/feeds/{n}"), Route::content(bytes, content_type))
        })
        .collect();
    (routes, total)
}

struct Measure {
    wall_secs: f64,
    /// User + system CPU of the folio process.
    cpu_secs: f64,
    peak_rss_mib: f64,
    stdout_bytes: usize,
}

/// Runs the real binary under `/usr/bin/time` (for the peak RSS) and times it. Its output is
/// read as `folio list | wc -c` would read it, counted and dropped: gathering 17 MB of listing in
/// one growing buffer cost this process more than folio's own writing (on a 2-core machine, time
/// taken from folio).
fn run_folio(binary: &Path, db: &Path, args: &[&str]) -> Measure {
    let started = Instant::now();
    let mut child = Command::new("/usr/bin/time")
        .args(["-f", "folio-peak-rss-kib=%M cpu=%U+%S"])
        .args(
            std::env::var("FOLIO_BENCH_WRAP")
                .unwrap_or_default()
                .split_whitespace(),
        )
        .arg(binary)
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(db.with_extension("toml"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run /usr/bin/time folio (GNU time is needed for the peak RSS)");
    let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stderr_pipe, &mut text).map(|_| text)
    });
    let mut stdout_pipe = child.stdout.take().expect("stdout is piped");
    let stdout_bytes = count_bytes(&mut stdout_pipe);
    let status = child.wait().expect("wait for folio");
    let wall_secs = started.elapsed().as_secs_f64();
    let stderr = errors
        .join()
        .expect("stderr reader")
        .expect("read folio's errors");
    let figures = stderr
        .lines()
        .find_map(|l| l.strip_prefix("folio-peak-rss-kib="))
        .unwrap_or_default();
    let (peak, cpu) = figures.split_once(" cpu=").unwrap_or_default();
    let peak_kib: f64 = peak.trim().parse().unwrap_or(f64::NAN);
    let cpu_secs: f64 = cpu.split('+').filter_map(|v| v.trim().parse::<f64>().ok()).sum();
    let code = status.code();
    assert!(code == Some(0), "folio {args:?} exited {code:?}: {stderr}");
    Measure {
        wall_secs,
        cpu_secs,
        peak_rss_mib: peak_kib / 1024.0,
        stdout_bytes,
    }
}

/// Reads `from` to its end a pipe's capacity (64 KiB) at a time, and says how many bytes it gave.
fn count_bytes(from: &mut impl std::io::Read) -> usize {
    let mut buffer = vec![0u8; 64 * 1024];
    let mut total = 0;
    loop {
        match from.read(&mut buffer) {
            Ok(0) => return total,
            Ok(n) => total += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => panic!("read folio's output: {e}"),
        }
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn report(name: &str, target: &str, runs: &[Measure]) {
    let wall = median(runs.iter().map(|m| m.wall_secs).collect());
    let cpu = median(runs.iter().map(|m| m.cpu_secs).collect());
    let rss = runs.iter().map(|m| m.peak_rss_mib).fold(0.0, f64::max);
    println!(
        "{name:<34} wall {wall:>7.3} s  cpu {cpu:>6.2} s (median of {})   peak RSS {rss:>6.1} MiB   target {target}",
        runs.len()
    );
}

fn db_size(db: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .map(|suffix| {
            std::fs::metadata(format!("{}{suffix}", db.display()))
                .map(|m| m.len())
                .unwrap_or(0)
        })
        .sum()
}

/// Where the bytes go (SQLite's dbstat table): what to shrink next.
fn print_space_by_table(db: &Path) {
    let Ok(conn) = rusqlite::Connection::open(db) else {
        return;
    };
    let Ok(mut statement) =
        conn.prepare("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8")
    else {
        return;
    };
    let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)));
    let sizes: Vec<String> = rows
        .map(|rows| {
            rows.flatten()
                .map(|(name, bytes)| format!("{name} {:.1} MB", bytes as f64 / 1e6))
                .collect()
        })
        .unwrap_or_default();
    println!("  by table: {}", sizes.join(", "));
}

fn fresh_db(dir: &Path, name: &str, urls: &Path) -> PathBuf {
    let db = dir.join(format!("{name}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let config = std::env::var("FOLIO_BENCH_CONFIG").unwrap_or_default();
    std::fs::write(db.with_extension("toml"), config).expect("write config");
    run_folio(
        &this_build(),
        &db,
        &["import", urls.to_str().expect("utf-8 path")],
    );
    db
}

fn this_build() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_folio"))
}

/// The binaries timed: this build, and the one `FOLIO_BENCH_AGAINST` names.
fn contenders() -> Vec<(String, PathBuf)> {
    let mut binaries = vec![("this build".to_string(), this_build())];
    if let Some(other) = std::env::var_os("FOLIO_BENCH_AGAINST") {
        let other = PathBuf::from(other);
        binaries.push((other.display().to_string(), other));
    }
    binaries
}

/// Runs `args` `runs` times with each contender in turn, and reports each one's figures.
fn compare(name: &str, target: &str, runs: usize, db: &Path, args: &[&str]) -> Vec<Measure> {
    let contenders = contenders();
    let mut measured: Vec<Vec<Measure>> = contenders.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs {
        for ((_, binary), measures) in contenders.iter().zip(&mut measured) {
            measures.push(run_folio(binary, db, args));
        }
    }
    report_each(name, target, &contenders, &measured);
    measured.swap_remove(0)
}

fn report_each(name: &str, target: &str, contenders: &[(String, PathBuf)], measured: &[Vec<Measure>]) {
    for ((label, _), measures) in contenders.iter().zip(measured) {
        if contenders.len() == 1 {
            report(name, target, measures);
        } else {
            report(&format!("{name} [{label}]"), target, measures);
        }
    }
}

fn main() {
    let runs: usize = std::env::var("FOLIO_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    if let Some(db) = std::env::var_os("FOLIO_BENCH_LIST_DB") {
        time_listing(Path::new(&db), runs);
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let generating = Instant::now();
    let (routes, feed_bytes) = corpus(0);
    let paths: Vec<String> = routes.iter().map(|(p, _)| p.clone()).collect();
    let server = StaticServer::start(routes, false).expect("start the loopback server");
    println!(
        "corpus: {FEEDS} feeds x {ITEMS} items, {:.1} MB, generated in {:.1} s",
        feed_bytes as f64 / 1e6,
        generating.elapsed().as_secs_f64()
    );
    let urls = dir.path().join("urls");
    let list: String = paths.iter().map(|p| format!("{}\n", server.url(p))).collect();
    std::fs::write(&urls, list).expect("write urls");

    // Each contender refreshes its own fresh database, cold then warm, in turn.
    let contenders = contenders();
    let mut cold: Vec<Vec<Measure>> = contenders.iter().map(|_| Vec::new()).collect();
    let mut warm: Vec<Vec<Measure>> = contenders.iter().map(|_| Vec::new()).collect();
    let mut db = PathBuf::new();
    for _ in 0..runs {
        for (at, (_, binary)) in contenders.iter().enumerate().rev() {
            // This build's database is the one measured further on: it goes last.
            db = fresh_db(dir.path(), &format!("cold{at}"), &urls);
            cold[at].push(run_folio(binary, &db, &["refresh"]));
            warm[at].push(run_folio(binary, &db, &["refresh"]));
        }
    }
    report_each(
        "cold refresh (empty db, 25k items)",
        "<= 2 s, <= 64 MiB",
        &contenders,
        &cold,
    );
    report_each(
        "warm refresh (all 304)",
        "<= 0.3 s, <= 64 MiB",
        &contenders,
        &warm,
    );
    let size = db_size(&db);
    println!(
        "database after cold refresh: {:.1} MB = {:.2} x the feeds' {:.1} MB   target <= 0.5 x",
        size as f64 / 1e6,
        size as f64 / feed_bytes as f64,
        feed_bytes as f64 / 1e6
    );

    print_space_by_table(&db);
    if std::env::var_os("FOLIO_BENCH_REFRESH_ONLY").is_some() {
        return;
    }

    // Search is indexed lazily (the TUI does it in the background after a refresh; a search
    // catches up first): the first search pays for 25k items' whole text, the next ones don't.
    let first_search = run_folio(
        &this_build(),
        &db,
        &["list", "--search", "ka lo", "--limit", "20"],
    );
    report("first search (indexes 25k items)", "-", &[first_search]);
    let search = ["list", "--search", "mer tin", "--limit", "20"];
    compare("a later search", "-", runs, &db, &search);
    let size = db_size(&db);
    println!(
        "database with the full-text index: {:.1} MB = {:.2} x the feeds' bytes",
        size as f64 / 1e6,
        size as f64 / feed_bytes as f64
    );
    print_space_by_table(&db);

    // Three more rounds of new items: 100k items in all.
    for round in 1..4 {
        let (routes, _) = corpus(round);
        for (path, route) in routes {
            server.set_route(&path, route);
        }
        run_folio(&this_build(), &db, &["refresh"]);
    }
    time_listing(&db, runs);
    println!("database with 100k items: {:.1} MB", db_size(&db) as f64 / 1e6);
    if let Ok(keep) = std::env::var("FOLIO_BENCH_KEEP") {
        std::fs::copy(&db, &keep).expect("copy the 100k-item database");
        println!("100k-item database kept at {keep}");
    }
}

fn time_listing(db: &Path, runs: usize) {
    let listed = compare(
        "list --unread (100k items)",
        "<= 0.25 s, <= 64 MiB",
        runs,
        db,
        &["list", "--unread"],
    );
    let bytes = listed.first().map_or(0, |m| m.stdout_bytes);
    println!("  ({:.1} MB of listing written to a pipe)", bytes as f64 / 1e6);
    compare(
        "list --unread --limit 50 (100k)",
        "-",
        runs,
        db,
        &["list", "--unread", "--limit", "50"],
    );
}
