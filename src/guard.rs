//! A guard around third-party parsers. Vendor files come from outside the office; a
//! spreadsheet library that panics on a malformed file (fuzzing found such inputs, see
//! tests/regressions.rs) must not crash kijun or print a panic. The panic is caught and
//! becomes an ordinary Japanese error naming the file.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Install (once) a panic hook that stays silent inside [`guarded`] and behaves as the
/// default hook everywhere else.
fn install_hook() {
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                default(info);
            }
        }));
    });
}

/// Run `f`; if it panics, return `Err` with the panic's message instead.
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "原因不明".to_string())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_an_error() {
        let r: Result<(), String> = super::guarded(|| panic!("broken sector"));
        assert_eq!(r, Err("broken sector".to_string()));
        assert_eq!(super::guarded(|| 7), Ok(7));
    }
}
