//! A TCP gate for fault tests: a local port that either forwards to a real server or refuses
//! every connection, switchable while the test runs ("the SMTP server is down").

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::net::{TcpListener, TcpStream};

/// A switchable forwarder.
#[derive(Debug)]
pub struct TcpGate {
    addr: SocketAddr,
    open: Arc<AtomicBool>,
}

impl TcpGate {
    /// Listens on a free local port and forwards to `target` while open.
    ///
    /// # Panics
    /// If no local port can be bound.
    pub async fn start(target: SocketAddr, open: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free local port");
        let addr = listener.local_addr().expect("a local address");
        let flag = Arc::new(AtomicBool::new(open));
        let state = flag.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !state.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Self { addr, open: flag }
    }

    /// The local address to connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Opens (forward) or closes (refuse new connections) the gate.
    pub fn set_open(&self, open: bool) {
        self.open.store(open, Ordering::SeqCst);
    }
}
