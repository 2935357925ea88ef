//! The connection loop: accept connections (at most [`MAX_CONNECTIONS`] open; more
//! wait), serve each with hyper's HTTP/1 (a head must arrive within
//! [`Limits::header_timeout`], a body within [`Limits::body_timeout`]) and close
//! connections that stay idle ([`Limits::idle`], or [`Limits::busy_idle`] while more than
//! [`BUSY_CONNECTIONS`] are open). axum's own `serve` has none of these knobs; the
//! router is the same.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use http_body::Frame;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tokio::time::{Instant, Sleep};
use tower_service::Service;

use super::limits::{Limits, BUSY_CONNECTIONS, MAX_CONNECTIONS};

/// Serve `router` on `listener` until `stop` turns true; then stop accepting and give
/// the connections a moment to finish (the page that says "stopped", for one).
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => s,
            _ = stop.wait_for(|s| *s) => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.wait_for(|s| *s) => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file handles or the like: wait a little for some to close.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let open = Open::enter(&open);
        let router = router.clone();
        let limits = limits.clone();
        tokio::spawn(async move {
            let in_flight = Arc::new(AtomicUsize::new(0));
            let idle = (limits.idle, limits.busy_idle);
            let io = Watched::new(stream, open.count.clone(), in_flight.clone(), idle);
            let body_timeout = limits.body_timeout;
            let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                let busy = InFlight::enter(&in_flight);
                let req = req.map(|b| Body::new(Timed::new(b, body_timeout)));
                let answer = router.clone().call(req);
                async move {
                    let res = answer.await;
                    drop(busy);
                    res
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(TokioIo::new(io), service)
                .await;
            drop(open);
            drop(slot);
        });
    }
    let deadline = Instant::now() + Duration::from_secs(1);
    while open.load(Ordering::Relaxed) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One open connection, counted while it lives.
struct Open {
    count: Arc<AtomicUsize>,
}

impl Open {
    fn enter(count: &Arc<AtomicUsize>) -> Open {
        count.fetch_add(1, Ordering::Relaxed);
        Open {
            count: count.clone(),
        }
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A request being answered on a connection (which is then not idle).
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn enter(n: &Arc<AtomicUsize>) -> InFlight {
        n.fetch_add(1, Ordering::Relaxed);
        InFlight(n.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// How often an idle connection looks at the clock (and at how crowded we are).
const TICK: Duration = Duration::from_millis(100);

/// A connection that fails its reads once it has been idle too long: nothing read or
/// written and no request being answered for the idle limit (the shorter one when more
/// than [`BUSY_CONNECTIONS`] are open).
struct Watched {
    stream: TcpStream,
    open: Arc<AtomicUsize>,
    in_flight: Arc<AtomicUsize>,
    /// (idle, idle while busy)
    limits: (Duration, Duration),
    last: Instant,
    tick: Pin<Box<Sleep>>,
}

impl Watched {
    fn new(
        stream: TcpStream,
        open: Arc<AtomicUsize>,
        in_flight: Arc<AtomicUsize>,
        limits: (Duration, Duration),
    ) -> Watched {
        Watched {
            stream,
            open,
            in_flight,
            limits,
            last: Instant::now(),
            tick: Box::pin(tokio::time::sleep(TICK)),
        }
    }

    /// Pending while the connection may stay, an error once it has idled too long.
    fn idle(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        loop {
            if self.in_flight.load(Ordering::Relaxed) > 0 {
                self.last = Instant::now();
            }
            let limit = if self.open.load(Ordering::Relaxed) > BUSY_CONNECTIONS {
                self.limits.1
            } else {
                self.limits.0
            };
            if self.last.elapsed() >= limit {
                return Poll::Ready(Err(std::io::ErrorKind::TimedOut.into()));
            }
            let next = (self.last + limit).min(Instant::now() + TICK);
            self.tick.as_mut().reset(next);
            if self.tick.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.stream).poll_read(cx, buf) {
            Poll::Pending => self.idle(cx),
            Poll::Ready(r) => {
                if buf.filled().len() > before {
                    self.last = Instant::now();
                }
                Poll::Ready(r)
            }
        }
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.last = Instant::now();
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// A request body that fails once it has taken longer than its time in all.
struct Timed {
    inner: Incoming,
    deadline: Pin<Box<Sleep>>,
}

impl Timed {
    fn new(inner: Incoming, limit: Duration) -> Timed {
        Timed {
            inner,
            deadline: Box::pin(tokio::time::sleep(limit)),
        }
    }
}

impl http_body::Body for Timed {
    type Data = axum::body::Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        if let Poll::Ready(r) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(r.map(|f| f.map_err(Into::into)));
        }
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err("送信に時間がかかりすぎました".into()))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}
