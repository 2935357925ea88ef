//! How much one client can make the server hold, and for how long: connections, their
//! timeouts, files per upload and work at once. Each number bounds memory or time
//! that a misbehaving client (or another program on this PC) could otherwise take;
//! docs/PERFORMANCE.md has what the load benchmark measured under them.

use std::time::Duration;

/// Connections open at once; more wait to be accepted until one closes.
pub(crate) const MAX_CONNECTIONS: usize = 512;
/// Above this many open connections, idle ones are closed after [`BUSY_IDLE`], so that
/// a crowd of idle connections cannot keep a person's request waiting.
pub(crate) const BUSY_CONNECTIONS: usize = 64;
/// A connection that sends nothing, and has no request being answered, is closed
/// after this long ([`BUSY_IDLE`] when the server is crowded).
pub(crate) const IDLE: Duration = Duration::from_secs(30);
pub(crate) const BUSY_IDLE: Duration = Duration::from_millis(300);
/// The whole head of a request must arrive within this (slow "slowloris" clients).
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The whole body of a request (an upload of up to 50 MB) must arrive within this.
pub(crate) const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// Files in one upload (and, with room for the form's other fields, parts).
pub(crate) const MAX_UPLOAD_FILES: usize = 100;
pub(crate) const MAX_UPLOAD_PARTS: usize = MAX_UPLOAD_FILES + 16;
/// Uploads read into memory at once (each up to the 50 MB request limit).
pub(crate) const UPLOADS_AT_ONCE: usize = 4;
/// How long an upload or a verification waits for its turn before the server answers
/// 503 (「混み合っています」).
pub(crate) const WAIT_FOR_TURN: Duration = Duration::from_secs(30);

/// Verifications that run at once: one per core (each runs on a thread of its own,
/// off the threads that answer requests).
pub(crate) fn verifications_at_once() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The limits a server runs with: the constants above, unless a test shortens them.
#[derive(Debug, Clone)]
pub struct Limits {
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub idle: Duration,
    pub busy_idle: Duration,
    pub uploads_at_once: usize,
    pub verifications_at_once: usize,
    pub wait_for_turn: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: HEADER_TIMEOUT,
            body_timeout: BODY_TIMEOUT,
            idle: IDLE,
            busy_idle: BUSY_IDLE,
            uploads_at_once: UPLOADS_AT_ONCE,
            verifications_at_once: verifications_at_once(),
            wait_for_turn: WAIT_FOR_TURN,
        }
    }
}
