//! A fault-injecting TCP proxy for reliability tests: a local port that forwards to a real
//! server (an SMTP relay, PostgreSQL, Samba) and, on command, refuses new connections ("the
//! server is down"), holds every byte ("the server hangs": connections are accepted and never
//! answered, as a paused or overloaded server does), delays every chunk, cuts every live
//! connection ("the server died"), or cuts or hangs one connection at a protocol step: once
//! the client has sent a pattern (the final dot of SMTP `DATA`, a SQL statement) or a number
//! of bytes. It counts connections and the faults it fired, so that tests can assert pooling
//! and reuse, and that a fault really happened.
//!
//! A cut resets the client's side (as from a crashed server: the client sees an error at once)
//! and closes the server's side in order after the bytes already forwarded, so that a request
//! that reached the server is processed and only its answer is lost.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

const OPEN: u8 = 0;
const REFUSE: u8 = 1;
const HANG: u8 = 2;

/// When an armed fault fires on a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// Once the client has sent these bytes (they reach the server; what follows does not).
    ClientSent(Vec<u8>),
    /// Once the client has sent this many bytes in all (exactly these reach the server).
    ClientBytes(usize),
    /// Once the server has sent this many bytes in all (exactly these reach the client).
    ServerBytes(usize),
}

/// What an armed fault does to the connection it fires on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// Reset the connection both ways at once.
    Cut,
    /// Forward nothing more either way (until [`FaultProxy::cut_all`] or the proxy is dropped).
    Hang,
}

/// A fault armed for the next connections that meet its condition.
#[derive(Debug)]
struct Armed {
    when: When,
    then: Then,
    /// Connections it may still fire on.
    left: usize,
}

/// One forwarded connection's shared state.
#[derive(Debug)]
struct Link {
    hung: AtomicBool,
    cut: watch::Sender<bool>,
}

#[derive(Debug, Default)]
struct Shared {
    connections: AtomicUsize,
    fired: AtomicUsize,
    armed: Mutex<Vec<Armed>>,
    live: Mutex<Vec<Weak<Link>>>,
}

impl Shared {
    fn lock_armed(&self) -> std::sync::MutexGuard<'_, Vec<Armed>> {
        self.armed.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The armed fault (if any) that fires within `chunk` for this direction and connection;
    /// returns how many bytes of the chunk go through first and what happens then.
    fn check(&self, client_side: bool, seen: usize, window: &[u8], chunk: &[u8]) -> Option<(usize, Then)> {
        let mut armed = self.lock_armed();
        let mut found = None;
        for (i, a) in armed.iter().enumerate().filter(|(_, a)| a.left > 0) {
            let through = match (&a.when, client_side) {
                (When::ClientSent(pattern), true) => find_end(window, chunk, pattern),
                (When::ClientBytes(n), true) | (When::ServerBytes(n), false) if seen + chunk.len() >= *n => {
                    Some(n.saturating_sub(seen))
                }
                _ => None,
            };
            if let Some(through) = through
                && found.is_none_or(|(_, at, _)| through < at)
            {
                found = Some((i, through, a.then));
            }
        }
        let (i, through, then) = found?;
        armed[i].left -= 1;
        self.fired.fetch_add(1, Ordering::SeqCst);
        Some((through, then))
    }
}

/// Where `pattern` ends within `chunk` (as a count of the chunk's bytes), searching across
/// the `window` of bytes the client sent just before it.
fn find_end(window: &[u8], chunk: &[u8], pattern: &[u8]) -> Option<usize> {
    if pattern.is_empty() {
        return Some(0);
    }
    // Only a match that ends in the new chunk: one wholly in the window was seen before.
    let keep = window.len().min(pattern.len() - 1);
    let tail = &window[window.len() - keep..];
    let joined: Vec<u8> = tail.iter().chain(chunk).copied().collect();
    joined
        .windows(pattern.len())
        .position(|w| w == pattern)
        .map(|start| start + pattern.len() - keep)
}

/// A switchable, fault-injecting forwarder.
#[derive(Debug)]
pub struct FaultProxy {
    addr: SocketAddr,
    mode: Arc<AtomicU8>,
    delay_ms: Arc<AtomicUsize>,
    shared: Arc<Shared>,
}

/// Resolves once the connection is cut.
async fn cut_signal(cut: &mut watch::Receiver<bool>) {
    let _ = cut.wait_for(|c| *c).await;
}

/// After a cut the client's side is reset; the server's side closes in order after what it
/// was sent (a request that reached the server is processed, its answer is lost).
async fn on_cut(client_side: bool, mut from: OwnedReadHalf, mut to: OwnedWriteHalf) {
    if client_side {
        // Give the server time to process what it got (and answer into the void) before it
        // sees the connection end.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let _ = to.shutdown().await;
    } else {
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            let mut sink = [0u8; 4096];
            while matches!(from.read(&mut sink).await, Ok(n) if n > 0) {}
        })
        .await;
    }
}

/// Copies one direction until either end closes, the connection is cut or a fault fires.
async fn pump(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    client_side: bool,
    link: Arc<Link>,
    mode: Arc<AtomicU8>,
    delay_ms: Arc<AtomicUsize>,
    shared: Arc<Shared>,
) {
    let mut cut = link.cut.subscribe();
    let mut buf = vec![0u8; 16 * 1024];
    let mut seen = 0usize;
    let mut window: Vec<u8> = Vec::new();
    loop {
        let n = tokio::select! {
            read = from.read(&mut buf) => match read {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            },
            () = cut_signal(&mut cut) => return on_cut(client_side, from, to).await,
        };
        // Hung (the whole proxy or this connection): hold the bytes until released or cut.
        while mode.load(Ordering::SeqCst) == HANG || link.hung.load(Ordering::SeqCst) {
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(20)) => {}
                () = cut_signal(&mut cut) => return on_cut(client_side, from, to).await,
            }
        }
        let delay = delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay as u64)).await;
        }
        let fault = shared.check(client_side, seen, &window, &buf[..n]);
        let through = fault.map_or(n, |(through, _)| through.min(n));
        if to.write_all(&buf[..through]).await.is_err() {
            break;
        }
        seen += through;
        window.extend_from_slice(&buf[..through]);
        let keep = window.len().saturating_sub(256);
        window.drain(..keep);
        match fault {
            None => {}
            Some((_, Then::Cut)) => {
                let _ = to.flush().await;
                let _ = link.cut.send(true);
                return on_cut(client_side, from, to).await;
            }
            Some((_, Then::Hang)) => {
                link.hung.store(true, Ordering::SeqCst);
                cut_signal(&mut cut).await;
                return on_cut(client_side, from, to).await;
            }
        }
    }
    let _ = to.shutdown().await;
}

impl FaultProxy {
    /// Listens on a free local port and forwards to `target`; refuses connections until
    /// opened when `open` is false.
    ///
    /// # Panics
    /// If no local port can be bound.
    pub async fn start(target: SocketAddr, open: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free local port");
        let addr = listener.local_addr().expect("a local address");
        let mode = Arc::new(AtomicU8::new(if open { OPEN } else { REFUSE }));
        let delay_ms = Arc::new(AtomicUsize::new(0));
        let shared = Arc::new(Shared::default());
        let (state, delay, all) = (mode.clone(), delay_ms.clone(), shared.clone());
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                if state.load(Ordering::SeqCst) == REFUSE {
                    let _ = inbound.set_zero_linger();
                    drop(inbound);
                    continue;
                }
                all.connections.fetch_add(1, Ordering::SeqCst);
                let (cut, _) = watch::channel(false);
                let link = Arc::new(Link {
                    hung: AtomicBool::new(false),
                    cut,
                });
                {
                    let mut live = all.live.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    live.retain(|l| l.strong_count() > 0);
                    live.push(Arc::downgrade(&link));
                }
                let (mode, delay, shared) = (state.clone(), delay.clone(), all.clone());
                tokio::spawn(async move {
                    let Ok(outbound) = TcpStream::connect(target).await else {
                        return;
                    };
                    let _ = inbound.set_nodelay(true);
                    let _ = outbound.set_nodelay(true);
                    // A cut resets the client's side: no orderly goodbye, as from a crashed
                    // server.
                    let _ = inbound.set_zero_linger();
                    let (in_read, in_write) = inbound.into_split();
                    let (out_read, out_write) = outbound.into_split();
                    tokio::join!(
                        pump(
                            in_read,
                            out_write,
                            true,
                            link.clone(),
                            mode.clone(),
                            delay.clone(),
                            shared.clone()
                        ),
                        pump(out_read, in_write, false, link, mode, delay, shared),
                    );
                });
            }
        });
        Self {
            addr,
            mode,
            delay_ms,
            shared,
        }
    }

    /// The local address to connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Connections forwarded so far (refused ones are not counted).
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Connections still open.
    pub fn live(&self) -> usize {
        self.shared
            .live
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .filter(|l| l.upgrade().is_some_and(|l| !*l.cut.borrow()))
            .count()
    }

    /// Armed faults that fired so far.
    pub fn fired(&self) -> usize {
        self.shared.fired.load(Ordering::SeqCst)
    }

    /// Opens (forward) or closes (refuse new connections; live ones stay) the proxy.
    pub fn set_open(&self, open: bool) {
        self.mode.store(if open { OPEN } else { REFUSE }, Ordering::SeqCst);
    }

    /// Makes the server seem to hang (connections are accepted, nothing is answered, on new and
    /// existing connections alike), or answer again.
    pub fn set_hung(&self, hung: bool) {
        self.mode.store(if hung { HANG } else { OPEN }, Ordering::SeqCst);
    }

    /// Delays every chunk, both ways, by `delay` (zero: none).
    pub fn set_delay(&self, delay: Duration) {
        self.delay_ms.store(
            usize::try_from(delay.as_millis()).unwrap_or(usize::MAX),
            Ordering::SeqCst,
        );
    }

    /// Resets every live connection now, as a server that crashed; new connections are still
    /// accepted unless the proxy is closed. Returns how many were cut.
    pub fn cut_all(&self) -> usize {
        let live: Vec<Arc<Link>> = self
            .shared
            .live
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .drain(..)
            .filter_map(|l| l.upgrade())
            .collect();
        live.iter().filter(|l| !l.cut.send_replace(true)).count()
    }

    /// Arms a fault for the next `connections` connections that meet `when`.
    pub fn arm(&self, when: When, then: Then, connections: usize) {
        self.shared.lock_armed().push(Armed {
            when,
            then,
            left: connections,
        });
    }

    /// Disarms every fault not fired yet.
    pub fn disarm(&self) {
        self.shared.lock_armed().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An echo server that prefixes nothing: what it reads, it writes back.
    async fn echo() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut s, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut buf = [0u8; 1024];
                    while let Ok(n) = s.read(&mut buf).await {
                        if n == 0 || s.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        addr
    }

    async fn read_some(s: &mut TcpStream) -> std::io::Result<Vec<u8>> {
        let mut buf = [0u8; 1024];
        let n = tokio::time::timeout(Duration::from_secs(2), s.read(&mut buf))
            .await
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer"))??;
        Ok(buf[..n].to_vec())
    }

    #[test]
    fn a_pattern_is_found_across_chunks() {
        assert_eq!(find_end(b"", b"abc\r\n.\r\nxyz", b"\r\n.\r\n"), Some(8));
        assert_eq!(find_end(b"abc\r\n", b".\r\nxyz", b"\r\n.\r\n"), Some(3));
        assert_eq!(find_end(b"abc", b"def", b"\r\n.\r\n"), None);
        assert_eq!(find_end(b"x\r\n.\r\n", b"MAIL", b"\r\n.\r\n"), None, "seen before");
    }

    #[tokio::test]
    async fn forwards_refuses_hangs_and_cuts() {
        let proxy = FaultProxy::start(echo().await, true).await;
        let mut a = TcpStream::connect(proxy.addr()).await.unwrap();
        a.write_all(b"hello").await.unwrap();
        assert_eq!(read_some(&mut a).await.unwrap(), b"hello");
        assert_eq!((proxy.connections(), proxy.live()), (1, 1));

        proxy.set_hung(true);
        a.write_all(b"held").await.unwrap();
        assert!(read_some(&mut a).await.is_err(), "nothing while hung");
        proxy.set_hung(false);
        assert_eq!(read_some(&mut a).await.unwrap(), b"held", "released");

        assert_eq!(proxy.cut_all(), 1);
        assert!(
            matches!(read_some(&mut a).await, Ok(v) if v.is_empty()) || read_some(&mut a).await.is_err(),
            "cut"
        );
        assert_eq!(proxy.live(), 0);

        proxy.set_open(false);
        let mut refused = TcpStream::connect(proxy.addr()).await.unwrap();
        let _ = refused.write_all(b"x").await;
        assert!(read_some(&mut refused).await.map_or(true, |v| v.is_empty()));
        assert_eq!(proxy.connections(), 1, "a refused connection is not counted");
    }

    #[tokio::test]
    async fn an_armed_fault_fires_at_its_step_on_as_many_connections_as_asked() {
        let proxy = FaultProxy::start(echo().await, true).await;
        proxy.arm(When::ClientSent(b"END".to_vec()), Then::Cut, 1);
        let mut a = TcpStream::connect(proxy.addr()).await.unwrap();
        a.write_all(b"one ").await.unwrap();
        assert_eq!(read_some(&mut a).await.unwrap(), b"one ");
        a.write_all(b"twoEND three").await.unwrap();
        // The server got "twoEND" (and echoed it) but the connection is reset at once.
        let after = read_some(&mut a).await;
        assert!(
            after.map_or(true, |v| v.is_empty() || v == b"twoEND"),
            "cut after the pattern"
        );
        assert_eq!(proxy.fired(), 1);
        let mut b = TcpStream::connect(proxy.addr()).await.unwrap();
        b.write_all(b"END").await.unwrap();
        assert_eq!(read_some(&mut b).await.unwrap(), b"END", "fired once only");

        proxy.arm(When::ServerBytes(3), Then::Hang, 1);
        let mut c = TcpStream::connect(proxy.addr()).await.unwrap();
        c.write_all(b"abcdef").await.unwrap();
        assert_eq!(read_some(&mut c).await.unwrap(), b"abc", "three bytes, then nothing");
        assert!(read_some(&mut c).await.is_err(), "hung");
        assert_eq!(proxy.fired(), 2);
    }
}
