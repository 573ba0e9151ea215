//! End to end in a real terminal: `folio demo` driven through tmux. Opens the seed article and
//! checks its body is there and its chrome is not, opens the thread, folds and unfolds the second
//! top-level comment, quits, and checks the terminal was given back. Then, from a shell with job
//! control: Ctrl-Z gives the terminal back and stops folio, `fg` brings it back whole.
//!
//! Skips (with a message) where tmux is not installed; CI installs it.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A tmux server of our own (its own socket), killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// `name` tells this test's server from the others running at once.
    fn start(name: &str, command: &str, config_dir: &Path) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("SKIPPED: tmux is not installed; the end-to-end TUI test did not run");
            return None;
        }
        let tmux = Tmux {
            socket: format!("folio-e2e-{}-{name}", std::process::id()),
        };
        let started = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            "100",
            "-y",
            "32",
            "-e",
            &format!("HOME={}", config_dir.display()),
            command,
        ]);
        assert!(
            started.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&started.stderr)
        );
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "e2e", key]);
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// A pane variable (`#{alternate_on}`...).
    fn pane(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "e2e", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Waits for the demo's feed list.
    fn wait_for_feed_list(&self) -> String {
        self.wait_for("the feed list", |s| {
            s.contains("SouthFront") && s.contains("All unread")
        })
    }

    /// Waits until the screen satisfies `ready` (the UI works in the background, so no fixed sleeps).
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

#[test]
fn demo_article_thread_fold_and_quit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    // A shell around folio keeps the pane alive after it quits, to read the terminal's state.
    let command = format!(
        "sh -c '{} --config {} --db {} demo; echo folio exited with $?; sleep 60'",
        env!("CARGO_BIN_EXE_folio"),
        config.display(),
        dir.path().join("demo.db").display()
    );
    let Some(tmux) = Tmux::start("demo", &command, dir.path()) else {
        return;
    };

    tmux.wait_for_feed_list();
    assert_eq!(
        tmux.pane("#{mouse_any_flag}"),
        "1",
        "the mouse is taken by default"
    );
    tmux.keys(&["G", "Enter"]);
    tmux.wait_for("the SouthFront items", |s| s.contains("Inter-Afghan Talks"));
    tmux.keys(&["Enter"]);
    let article = tmux.wait_for("the article body", |s| {
        s.contains("A new round of inter-Afghan talks began")
    });
    for chrome in [
        "Support SouthFront",
        "2,500 $",
        "Click to see full-size image",
        "Notify of",
        "Most Voted",
    ] {
        assert!(
            !article.contains(chrome),
            "chrome {chrome:?} on the article screen:\n{article}"
        );
    }

    tmux.keys(&["c"]);
    tmux.wait_for("the thread", |s| {
        s.contains("farbat") && s.contains("Ashok Varma")
    });
    assert!(
        tmux.screen().contains("Screw the Shiite"),
        "a reply of the second top-level comment is shown"
    );
    // The second top-level comment, folded: its replies disappear.
    tmux.keys(&["g", "]", "Space"]);
    let folded = tmux.wait_for("the fold", |s| s.contains("[+3 replies]"));
    assert!(
        !folded.contains("Screw the Shiite"),
        "folded replies are hidden:\n{folded}"
    );
    assert!(folded.contains("Ashok Varma"), "other threads stay:\n{folded}");
    tmux.keys(&["Space"]);
    tmux.wait_for("the unfold", |s| {
        s.contains("Screw the Shiite") && !s.contains("[+3 replies]")
    });

    tmux.keys(&["q", "q", "q", "q"]);
    tmux.wait_for("folio to quit", |s| s.contains("folio exited with 0"));
    // Restored: out of the alternate screen, cursor visible, mouse reporting off.
    assert_eq!(tmux.pane("#{alternate_on}"), "0", "left the alternate screen");
    assert_eq!(tmux.pane("#{cursor_flag}"), "1", "cursor visible again");
    assert_eq!(tmux.pane("#{mouse_any_flag}"), "0", "mouse reporting off");
}

#[test]
fn ctrl_z_suspends_and_fg_brings_folio_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "mouse = false\n").expect("write the config");
    // An interactive shell: job control is what Ctrl-Z and `fg` need.
    let Some(tmux) = Tmux::start("suspend", "sh -i", dir.path()) else {
        return;
    };
    let folio = format!(
        "{} --config {} --db {} demo",
        env!("CARGO_BIN_EXE_folio"),
        config.display(),
        dir.path().join("demo.db").display()
    );
    tmux.keys(&[&folio, "Enter"]);
    tmux.wait_for_feed_list();
    assert_eq!(
        tmux.pane("#{mouse_any_flag}"),
        "0",
        "mouse = false leaves the mouse alone"
    );
    tmux.keys(&["C-z"]);
    tmux.wait_for("the shell to report folio stopped", |s| s.contains("Stopped"));
    assert_eq!(tmux.pane("#{alternate_on}"), "0", "suspended: the shell's screen");
    assert_eq!(tmux.pane("#{cursor_flag}"), "1", "suspended: the cursor shows");
    tmux.keys(&["fg", "Enter"]);
    tmux.wait_for("the feed list again", |s| {
        s.contains("SouthFront") && s.contains("All unread") && !s.contains("Stopped")
    });
    assert_eq!(
        tmux.pane("#{alternate_on}"),
        "1",
        "continued: folio's screen again"
    );
    // Still answering keys after it came back.
    tmux.keys(&["G", "Enter"]);
    tmux.wait_for("the SouthFront items", |s| s.contains("Inter-Afghan Talks"));
    tmux.keys(&["q", "q"]);
    tmux.wait_for("folio to quit", |_| tmux.pane("#{alternate_on}") == "0");
}
