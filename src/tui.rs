//! The terminal's lifecycle and the main loop: terminal events become actions through the keymap,
//! actions go through `App::update`, effects go to the runner, and a frame is drawn only when
//! something changed. The terminal is restored on every exit path, panics included.

use std::io::Write;

use anyhow::{Context as _, Result};
use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event, EventStream, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::EnterAlternateScreen;
use futures::StreamExt;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use crate::app::date_display::Zone;
use crate::app::{Action, App, Effect, EffectRunner, PromptInput, Screen};
use crate::config::{Keymap, Theme};
use crate::ui::{self, Look};

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: i32 = 3;

/// How the loop is set up.
pub struct LoopSettings {
    pub theme: Theme,
    pub keymap: Keymap,
    /// Refresh everything this often; `None` = only on request.
    pub auto_refresh: Option<std::time::Duration>,
    /// Take the mouse (the wheel scrolls); off, the terminal keeps it for selecting text.
    pub mouse: bool,
}

/// Takes over the terminal, runs until the user quits, and gives the terminal back.
pub async fn run(mut app: App, settings: LoopSettings, runner: &mut impl EffectRunner) -> Result<()> {
    // ratatui::try_init installs a panic hook that restores the terminal before the panic message.
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    // Before any event is read: the terminal's answers about pictures come on stdin.
    runner.terminal_ready();
    // ratatui's hook restores the screen on a panic; mouse reporting must be switched off too.
    let restore_screen = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        restore_screen(info);
    }));
    // On top of those: a panic made into an error (a hostile feed) leaves the screen alone.
    crate::panics::install_hook();
    if settings.mouse {
        let _ = execute!(std::io::stdout(), EnableMouseCapture);
    }
    let result = main_loop(&mut terminal, &mut app, &settings, runner).await;
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    let _ = terminal.show_cursor();
    ratatui::try_restore().context("cannot restore the terminal")?;
    result
}

async fn main_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    settings: &LoopSettings,
    runner: &mut impl EffectRunner,
) -> Result<()> {
    let (reply, mut results) = unbounded_channel::<Action>();
    let size = terminal.size().context("cannot read the terminal size")?;
    let mut pending = app.update(Action::Resize {
        width: size.width,
        height: size.height,
    });
    pending.extend(app.start());
    let mut events = EventStream::new();
    let mut auto_refresh = settings
        .auto_refresh
        .map(|every| tokio::time::interval_at(tokio::time::Instant::now() + every, every));
    let mut dirty = true;
    loop {
        while !pending.is_empty() {
            for effect in std::mem::take(&mut pending) {
                if effect != Effect::Suspend {
                    perform(effect, runner, &reply);
                    continue;
                }
                if let Some(why) = suspend(terminal, settings.mouse)? {
                    pending.extend(app.update(Action::Failed(why)));
                }
                // The terminal may have changed size while folio was stopped.
                let size = terminal.size().context("cannot read the terminal size")?;
                pending.extend(app.update(Action::Resize {
                    width: size.width,
                    height: size.height,
                }));
                dirty = true;
            }
        }
        if app.should_quit {
            return Ok(());
        }
        if dirty {
            let look = Look {
                theme: &settings.theme,
                keymap: &settings.keymap,
                now: chrono::Utc::now(),
                zone: Zone::Local,
            };
            terminal
                .draw(|frame| ui::draw(frame, app, &look))
                .context("cannot draw")?;
            dirty = false;
        }
        // Wait for the next thing to happen; nothing here spins, so an idle folio uses no CPU.
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => action_for_event(app, &settings.keymap, event),
                Some(Err(err)) => return Err(err).context("cannot read terminal events"),
                None => return Ok(()),
            },
            Some(action) = results.recv() => Some(action),
            _ = tick(&mut auto_refresh) => Some(Action::Command(crate::config::Command::RefreshAll)),
        };
        if let Some(action) = action {
            pending.extend(app.update(action));
            dirty = true;
        }
        // Take everything already waiting before drawing, so a burst of results is one frame.
        while let Ok(action) = results.try_recv() {
            pending.extend(app.update(action));
        }
    }
}

async fn tick(interval: &mut Option<tokio::time::Interval>) {
    match interval {
        Some(interval) => {
            interval.tick().await;
        }
        None => std::future::pending::<()>().await,
    }
}

/// Ctrl-Z: gives the terminal back and stops folio as the shell's job (raw mode keeps the terminal
/// from doing it); when `fg` continues it, takes the terminal again and clears it, so the next
/// frame is drawn whole. `Some(why)` when folio could not stop.
fn suspend(terminal: &mut ratatui::DefaultTerminal, mouse: bool) -> Result<Option<String>> {
    if mouse {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
    }
    let _ = terminal.show_cursor();
    ratatui::try_restore().context("cannot give the terminal back")?;
    let stopped = stop_this_process();
    // Here once continued (or when stopping failed): the terminal is ours again either way.
    crossterm::terminal::enable_raw_mode().context("cannot take the terminal back")?;
    execute!(std::io::stdout(), EnterAlternateScreen).context("cannot take the terminal back")?;
    if mouse {
        let _ = execute!(std::io::stdout(), EnableMouseCapture);
    }
    terminal.clear().context("cannot redraw")?;
    Ok(stopped.err().map(|e| format!("cannot suspend: {e}")))
}

/// Stops this process with SIGTSTP, as the terminal does on Ctrl-Z outside raw mode; returns once
/// it is continued (`fg`, SIGCONT).
#[cfg(unix)]
fn stop_this_process() -> std::io::Result<()> {
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)
}

#[cfg(not(unix))]
fn stop_this_process() -> std::io::Result<()> {
    Err(std::io::Error::other("only a Unix shell can suspend a program"))
}

/// Runs an effect: the terminal's own effects here, the rest through the runner.
fn perform(effect: Effect, runner: &mut impl EffectRunner, reply: &UnboundedSender<Action>) {
    match effect {
        Effect::CopyToClipboard { text } => {
            if let Err(err) = copy_with_osc52(&text) {
                let _ = reply.send(Action::Failed(format!("cannot copy: {err}")));
            }
        }
        other => runner.run(other, reply),
    }
}

/// Asks the terminal to put `text` on the clipboard (OSC 52), which also works over SSH. The URL
/// was sanitized when loaded, and base64 leaves nothing a terminal could interpret.
fn copy_with_osc52(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout();
    write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes()))?;
    out.flush()
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The action a terminal event means on the current screen, if any.
pub fn action_for_event(app: &App, keymap: &Keymap, event: Event) -> Option<Action> {
    match event {
        // Some platforms report releases and repeats too; act on presses only.
        Event::Key(key) if key.kind == KeyEventKind::Press => action_for_key(app, keymap, &key),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel(WHEEL_LINES)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(-WHEEL_LINES)),
            _ => None,
        },
        _ => None,
    }
}

fn action_for_key(app: &App, keymap: &Keymap, key: &KeyEvent) -> Option<Action> {
    if app.prompt.is_some() {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        return match key.code {
            KeyCode::Char('c') if ctrl => Some(Action::Prompt(PromptInput::Cancel)),
            KeyCode::Char(c) if !ctrl => Some(Action::Prompt(PromptInput::Char(c))),
            KeyCode::Backspace => Some(Action::Prompt(PromptInput::Backspace)),
            KeyCode::Enter => Some(Action::Prompt(PromptInput::Submit)),
            KeyCode::Esc => Some(Action::Prompt(PromptInput::Cancel)),
            _ => None,
        };
    }
    if let (Screen::Article, KeyCode::Char(digit @ '1'..='9'), false) = (
        app.screen,
        key.code,
        key.modifiers.contains(KeyModifiers::CONTROL),
    ) {
        return Some(Action::OpenLink(usize::from(digit as u8 - b'0')));
    }
    keymap.lookup(app.context(), key).map(Action::Command)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::config::Command;
    use crate::config::keymap::KeyOverrides;
    use crossterm::event::MouseEvent;

    fn key(code: KeyCode, kind: KeyEventKind) -> Event {
        Event::Key(KeyEvent::new_with_kind(code, KeyModifiers::NONE, kind))
    }

    #[test]
    fn only_key_presses_act() {
        let app = App::new(80, 24);
        let keymap = Keymap::new(&KeyOverrides::new()).unwrap();
        let press = action_for_event(&app, &keymap, key(KeyCode::Char('j'), KeyEventKind::Press));
        assert_eq!(press, Some(Action::Command(Command::Down)));
        assert_eq!(
            action_for_event(&app, &keymap, key(KeyCode::Char('j'), KeyEventKind::Release)),
            None
        );
    }

    #[test]
    fn prompt_takes_the_keys_first() {
        let mut app = App::new(80, 24);
        let keymap = Keymap::new(&KeyOverrides::new()).unwrap();
        app.update(Action::Command(Command::AddFeed));
        let typed = action_for_event(&app, &keymap, key(KeyCode::Char('q'), KeyEventKind::Press));
        assert_eq!(typed, Some(Action::Prompt(PromptInput::Char('q'))));
        let esc = action_for_event(&app, &keymap, key(KeyCode::Esc, KeyEventKind::Press));
        assert_eq!(esc, Some(Action::Prompt(PromptInput::Cancel)));
    }

    #[test]
    fn wheel_and_resize_map_to_actions() {
        let app = App::new(80, 24);
        let keymap = Keymap::new(&KeyOverrides::new()).unwrap();
        let wheel = |kind| {
            Event::Mouse(MouseEvent {
                kind,
                column: 10,
                row: 5,
                modifiers: KeyModifiers::NONE,
            })
        };
        assert_eq!(
            action_for_event(&app, &keymap, wheel(MouseEventKind::ScrollDown)),
            Some(Action::Wheel(WHEEL_LINES))
        );
        assert_eq!(
            action_for_event(&app, &keymap, wheel(MouseEventKind::ScrollUp)),
            Some(Action::Wheel(-WHEEL_LINES))
        );
        let click = MouseEventKind::Down(crossterm::event::MouseButton::Left);
        assert_eq!(action_for_event(&app, &keymap, wheel(click)), None);
        assert_eq!(
            action_for_event(&app, &keymap, Event::Resize(100, 30)),
            Some(Action::Resize {
                width: 100,
                height: 30
            })
        );
    }

    #[test]
    fn ctrl_z_suspends_on_every_screen() {
        let keymap = Keymap::new(&KeyOverrides::new()).unwrap();
        let ctrl_z = Event::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
        let mut app = App::new(80, 24);
        for screen in [Screen::Feeds, Screen::Items, Screen::Article, Screen::Thread] {
            app.screen = screen;
            let action = action_for_event(&app, &keymap, ctrl_z.clone());
            assert_eq!(action, Some(Action::Command(Command::Suspend)), "{screen:?}");
        }
        let mut app = App::new(80, 24);
        let effects = app.update(Action::Command(Command::Suspend));
        assert_eq!(effects, vec![Effect::Suspend]);
        assert!(!app.should_quit);
    }

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(
            base64(b"http://127.0.0.1/a?b=c"),
            "aHR0cDovLzEyNy4wLjAuMS9hP2I9Yw=="
        );
    }
}
