//! Connections that go quiet are closed: a client that opens connections and sends half a
//! request (or nothing) cannot hold them, on the portal's listener and the metrics listener.
//! Every byte read or written pushes the deadline back (`server.idle_timeout_seconds`), so a
//! long download or upload in progress is never cut. A request's headers must moreover be
//! complete within that time of their first byte: a client that trickles a header line every
//! few seconds is cut off too.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use poem::listener::Acceptor;
use poem::web::{LocalAddr, RemoteAddr};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// Wraps every accepted connection in [`IdleIo`].
pub struct IdleAcceptor<A> {
    inner: A,
    timeout: Duration,
}

impl<A> IdleAcceptor<A> {
    /// Connections of `inner` closed after `timeout` without a byte either way.
    pub fn new(inner: A, timeout: Duration) -> Self {
        Self { inner, timeout }
    }
}

impl<A: Acceptor> Acceptor for IdleAcceptor<A> {
    type Io = IdleIo<A::Io>;

    fn local_addr(&self) -> Vec<LocalAddr> {
        self.inner.local_addr()
    }

    async fn accept(&mut self) -> io::Result<(Self::Io, LocalAddr, RemoteAddr, poem::http::uri::Scheme)> {
        let (io, local, remote, scheme) = self.inner.accept().await?;
        Ok((IdleIo::new(io, self.timeout), local, remote, scheme))
    }
}

/// Where a connection is in its request: waiting for one, reading its headers (since when,
/// and the last bytes seen, to find their end), past them (a body, the answer), or speaking
/// HTTP/2, whose frames carry no header block to time (only the idle deadline applies).
enum Headers {
    Awaiting,
    Reading { since: Instant, tail: [u8; 3], seen: usize },
    Done,
    Http2,
}

/// A connection that fails with `TimedOut` once nothing was read or written for its timeout,
/// or once a request's headers took longer than that.
pub struct IdleIo<T> {
    inner: T,
    timeout: Duration,
    deadline: Pin<Box<Sleep>>,
    headers: Headers,
}

impl<T> IdleIo<T> {
    fn new(inner: T, timeout: Duration) -> Self {
        Self {
            inner,
            timeout,
            deadline: Box::pin(tokio::time::sleep(timeout)),
            headers: Headers::Awaiting,
        }
    }

    /// Bytes were read: the idle deadline moves on, unless headers are being trickled.
    fn bytes_read(&mut self, bytes: &[u8]) {
        let now = Instant::now();
        if matches!(self.headers, Headers::Awaiting) && bytes.starts_with(b"PRI * HTTP/2.0") {
            self.headers = Headers::Http2;
        }
        if matches!(self.headers, Headers::Awaiting) {
            self.headers = Headers::Reading {
                since: now,
                tail: [0; 3],
                seen: 0,
            };
        }
        if let Headers::Reading { since, tail, seen } = &mut self.headers {
            let mut window: Vec<u8> = tail[3 - (*seen).min(3)..].to_vec();
            window.extend_from_slice(bytes);
            if window.windows(4).any(|w| w == b"\r\n\r\n") {
                self.headers = Headers::Done;
            } else {
                let since = *since;
                *seen += bytes.len();
                let keep = window.len().min(3);
                tail[3 - keep..].copy_from_slice(&window[window.len() - keep..]);
                // The headers' own deadline: it does not move with each byte.
                let end = since + self.timeout;
                self.deadline.as_mut().reset(end);
                return;
            }
        }
        let next = now + self.timeout;
        self.deadline.as_mut().reset(next);
    }

    /// Bytes were written (an answer): the next bytes read start a new request — unless it is
    /// an interim answer (`100 Continue`), after which the same request's body follows.
    fn written(&mut self, bytes: &[u8]) {
        let interim = bytes.starts_with(b"HTTP/1.1 1") || bytes.starts_with(b"HTTP/1.0 1");
        if matches!(self.headers, Headers::Done) && !interim {
            self.headers = Headers::Awaiting;
        }
        if !matches!(self.headers, Headers::Reading { .. }) {
            let next = Instant::now() + self.timeout;
            self.deadline.as_mut().reset(next);
        }
    }

    /// Pending, unless the deadline passed: then the connection ends with `TimedOut`.
    fn pending_or_expired<R>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<R>> {
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "connection idle for longer than server.idle_timeout_seconds",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for IdleIo<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    if matches!(self.headers, Headers::Done | Headers::Http2) {
                        let next = Instant::now() + self.timeout;
                        self.deadline.as_mut().reset(next);
                    } else {
                        let bytes = buf.filled()[before..].to_vec();
                        self.bytes_read(&bytes);
                    }
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => self.pending_or_expired(cx),
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for IdleIo<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write(cx, buf) {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    self.written(&buf[..n]);
                }
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => self.pending_or_expired(cx),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// The server's side of an in-memory connection with a 300 ms timeout, and the client's.
    fn pair() -> (IdleIo<tokio::io::DuplexStream>, tokio::io::DuplexStream) {
        let (server, client) = tokio::io::duplex(64 * 1024);
        (IdleIo::new(server, Duration::from_millis(300)), client)
    }

    /// Reads what the client sends until it stops or the connection times out.
    async fn drain(io: &mut IdleIo<tokio::io::DuplexStream>) -> io::Result<usize> {
        let mut buf = [0u8; 1024];
        let mut total = 0;
        loop {
            match io.read(&mut buf).await {
                Ok(0) => return Ok(total),
                Ok(n) => total += n,
                Err(e) => return Err(e),
            }
        }
    }

    #[tokio::test]
    async fn trickled_headers_time_out_but_a_slow_body_after_100_continue_does_not() {
        let (mut server, mut client) = pair();
        let trickle = tokio::spawn(async move {
            client.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
            for _ in 0..10 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if client.write_all(b"X-Slow: y\r\n").await.is_err() {
                    break;
                }
            }
        });
        let err = drain(&mut server).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut, "headers took longer than 300 ms");
        drop(server);
        trickle.await.unwrap();

        let (mut server, mut client) = pair();
        client
            .write_all(b"POST /send HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n")
            .await
            .unwrap();
        let mut buf = [0u8; 256];
        let n = server.read(&mut buf).await.unwrap();
        assert!(n > 0);
        server.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await.unwrap();
        let body = tokio::spawn(async move {
            // One byte every 100 ms: never quiet for 300 ms, longer than 300 ms in all.
            for _ in 0..10 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                client.write_all(b"x").await.unwrap();
            }
            client
        });
        let mut got = 0;
        while got < 10 {
            got += server.read(&mut buf).await.expect("a slow body is not cut off");
        }
        drop(body.await.unwrap());
    }

    #[tokio::test]
    async fn http2_frames_are_timed_by_the_idle_deadline_only() {
        let (mut server, mut client) = pair();
        client.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").await.unwrap();
        let mut buf = [0u8; 256];
        assert!(server.read(&mut buf).await.unwrap() > 0);
        server.write_all(b"\0\0\0\x04\0\0\0\0\0").await.unwrap();
        let frames = tokio::spawn(async move {
            for _ in 0..10 {
                tokio::time::sleep(Duration::from_millis(100)).await;
                client.write_all(b"\0\0\x04\x08\0\0\0\0\0\0\0\0\x01").await.unwrap();
            }
            client
        });
        let mut got = 0;
        while got < 130 {
            got += server
                .read(&mut buf)
                .await
                .expect("frames that keep coming are not cut off");
        }
        drop(frames.await.unwrap());
    }

    #[tokio::test]
    async fn a_quiet_connection_times_out() {
        let (mut server, _client) = pair();
        let started = std::time::Instant::now();
        let err = drain(&mut server).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(started.elapsed() >= Duration::from_millis(250));
    }
}
