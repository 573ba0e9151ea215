//! The command line: argument parsing and one small function per subcommand. Each subcommand calls
//! the same library functions the TUI uses; nothing here holds logic the TUI would need.

mod discussion;
mod discussions;
mod interactive;
mod json_out;
mod listing;
mod media;
mod read;
mod read_discussions;
mod refresh;
mod subscriptions;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::Paths;
use crate::sanitize;

/// What a subcommand reports back: how the process should exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything worked (exit 0).
    Success,
    /// Some of the work failed and was reported; the rest was done and stored (exit 2).
    Partial,
}

#[derive(Debug, Parser)]
#[command(
    name = "folio",
    version,
    about = "A terminal news reader: feeds, whole articles, comment threads"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The database file [default: $XDG_DATA_HOME/folio/folio.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The config file [default: $XDG_CONFIG_HOME/folio/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// The theme (default, light, gruvbox, or a file in the config dir's themes/) [default: from the config]
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
}

impl GlobalArgs {
    pub fn paths(&self) -> anyhow::Result<Paths> {
        Paths::resolve(self.db.clone(), self.config.clone())
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Subscribe to a feed (a site's URL works too: its feed is discovered)
    Add(subscriptions::AddArgs),
    /// Unsubscribe from a feed and drop its items
    Remove(subscriptions::RemoveArgs),
    /// Import subscriptions from an OPML file or a newsboat `urls` file
    Import(subscriptions::ImportArgs),
    /// Write all subscriptions as OPML 2.0 to stdout
    Export,
    /// Fetch new items for all feeds, or for the given ones
    Refresh(refresh::RefreshArgs),
    /// List subscribed feeds
    Feeds(listing::FeedsArgs),
    /// List items, newest first
    List(listing::ListArgs),
    /// Try folio on bundled sample feeds served on loopback (no network needed)
    Demo(interactive::DemoArgs),
    /// Print an article (from a URL or an HTML file) as clean text, optionally with its comments
    Read(read::ReadArgs),
    /// Every discussion of an article: Hacker News, Lobsters, Reddit, the page's own thread
    Discussions(discussions::DiscussionsArgs),
    /// List the enclosures (podcast episodes, videos, files) of stored items
    Enclosures(media::EnclosuresArgs),
    /// Save an enclosure (its URL, or an item's link) to disk and print where
    Download(media::DownloadArgs),
}

/// Parses the command line, runs it, and turns the result into an exit status:
/// 0 success, 2 partial failure (reported, the rest done), 1 fatal error.
pub fn main() -> ExitCode {
    crate::panics::install_hook();
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(2),
        // The reader of our output went away (`folio list | head`): nothing is wrong and
        // nobody is left to tell. The usual status of a process stopped by SIGPIPE.
        Err(err) if is_broken_pipe(&err) => ExitCode::from(141),
        Err(err) => {
            // One line: the chain of causes, outermost first, safe for the terminal.
            let message = format!("{err:#}");
            eprintln!("error: {}", sanitize::single_line(&message));
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let global = cli.global;
    match cli.command {
        None => interactive::open(&global),
        Some(Command::Demo(args)) => interactive::demo(&global, args),
        Some(Command::Add(args)) => subscriptions::add(&global, args),
        Some(Command::Remove(args)) => subscriptions::remove(&global, args),
        Some(Command::Import(args)) => subscriptions::import(&global, args),
        Some(Command::Export) => subscriptions::export(&global),
        Some(Command::Refresh(args)) => refresh::refresh(&global, args),
        Some(Command::Feeds(args)) => listing::feeds(&global, args),
        Some(Command::List(args)) => listing::list(&global, args),
        Some(Command::Read(args)) => match args.discussion.clone() {
            Some(site) => read_discussions::read(&global, &args, &site),
            None => read::read(&global, args),
        },
        Some(Command::Discussions(args)) => discussions::discussions(&global, args),
        Some(Command::Enclosures(args)) => media::enclosures(&global, args),
        Some(Command::Download(args)) => media::download_command(&global, args),
    }
}
