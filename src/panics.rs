//! Panics inside a dependency, turned into errors for the input that caused them.
//!
//! feed-rs 3.0 panics on some inputs (a name and an e-mail address with a multi-byte character
//! between them, found by fuzzing; a declaration in the middle of a document, see
//! `feed::extras`). One hostile feed must not take a command down, and in the TUI the panic
//! hook gives the terminal back, so a panic on a background thread left the screen broken while
//! folio went on running. [`contain`] makes such a panic the feed's error, and the hooks say
//! nothing about it: the error is reported where the feed's errors are.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, PanicHookInfo};

thread_local! {
    /// Whether this thread is inside [`contain`].
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work`; a panic inside it comes back as `Err` with its message.
pub fn contain<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let outer = CONTAINING.replace(true);
    // Unwind safety: `work` owns or borrows only what it parses, and whatever it built is dropped
    // with the panic; nothing half-changed is seen afterwards.
    let result = std::panic::catch_unwind(AssertUnwindSafe(work));
    CONTAINING.set(outer);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|message| (*message).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string())
    })
}

/// Whether the panic being reported happens inside [`contain`]: hooks stay silent then.
pub fn is_contained() -> bool {
    CONTAINING.get()
}

/// Puts a hook before the current one that is silent for contained panics. Call it again after
/// installing another hook (the TUI's restores the screen) to keep that one silent too.
pub fn install_hook() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
        if !is_contained() {
            report(info);
        }
    }));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_panic_inside_becomes_its_message_and_the_flag_is_restored() {
        assert_eq!(contain(|| 7).unwrap(), 7);
        let text = String::from("ab£");
        let error = contain(|| text[..3].len()).unwrap_err();
        assert!(error.contains("char boundary"), "{error}");
        assert!(!is_contained());
        let nested = contain(|| {
            let inner = contain(|| panic!("inner"));
            (inner.unwrap_err(), is_contained())
        });
        assert_eq!(nested.unwrap(), ("inner".to_string(), true));
        assert!(!is_contained());
    }
}
