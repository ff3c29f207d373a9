//! A TCP gate for fault tests: a local port that forwards to a real server, refuses every
//! connection ("the server is down"), or holds every byte ("the server hangs": it accepts
//! connections and never answers, as a paused or overloaded server does), switchable while the
//! test runs.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const OPEN: u8 = 0;
const CLOSED: u8 = 1;
const HUNG: u8 = 2;

/// A switchable forwarder.
#[derive(Debug)]
pub struct TcpGate {
    addr: SocketAddr,
    mode: Arc<AtomicU8>,
    connections: Arc<AtomicUsize>,
}

/// Copies one direction, holding every chunk while the gate hangs.
async fn pump(mut from: tokio::net::tcp::OwnedReadHalf, mut to: tokio::net::tcp::OwnedWriteHalf, mode: Arc<AtomicU8>) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        while mode.load(Ordering::SeqCst) == HUNG {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

impl TcpGate {
    /// Listens on a free local port and forwards to `target` while open.
    ///
    /// # Panics
    /// If no local port can be bound.
    pub async fn start(target: SocketAddr, open: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free local port");
        let addr = listener.local_addr().expect("a local address");
        let mode = Arc::new(AtomicU8::new(if open { OPEN } else { CLOSED }));
        let connections = Arc::new(AtomicUsize::new(0));
        let (state, counted) = (mode.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                if state.load(Ordering::SeqCst) == CLOSED {
                    drop(inbound);
                    continue;
                }
                counted.fetch_add(1, Ordering::SeqCst);
                let mode = state.clone();
                tokio::spawn(async move {
                    if let Ok(outbound) = TcpStream::connect(target).await {
                        let (in_read, in_write) = inbound.into_split();
                        let (out_read, out_write) = outbound.into_split();
                        tokio::join!(pump(in_read, out_write, mode.clone()), pump(out_read, in_write, mode));
                    }
                });
            }
        });
        Self {
            addr,
            mode,
            connections,
        }
    }

    /// Connections forwarded so far (a directory opens one per sign-in bind).
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The local address to connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Opens (forward) or closes (refuse new connections) the gate.
    pub fn set_open(&self, open: bool) {
        self.mode.store(if open { OPEN } else { CLOSED }, Ordering::SeqCst);
    }

    /// Makes the server seem to hang (connections are accepted, nothing is answered, on new and
    /// existing connections alike), or answer again.
    pub fn set_hung(&self, hung: bool) {
        self.mode.store(if hung { HUNG } else { OPEN }, Ordering::SeqCst);
    }
}
