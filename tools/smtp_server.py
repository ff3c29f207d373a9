"""A test SMTP server on aiosmtpd, started by `cargo xtask test`.

Modes:
  starttls  requires STARTTLS and AUTH; rejects RCPT TO addresses starting with "reject" with
            550; writes each message to SPOOL/<n>.eml with its envelope in SPOOL/<n>.json.
  sink      plain, no AUTH; counts messages and throws them away (benchmarks).
"""

import argparse
import json
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, spool, sink):
        self.spool = spool
        self.sink = sink
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("reject"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        if not self.sink:
            with open(os.path.join(self.spool, "%06d.json" % n), "w") as f:
                json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, f)
            tmp = os.path.join(self.spool, ".%06d.tmp" % n)
            with open(tmp, "wb") as f:
                f.write(envelope.original_content)
            os.rename(tmp, os.path.join(self.spool, "%06d.eml" % n))
        return "250 2.0.0 Ok: queued as %d" % n


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            if auth_data.login.decode() == user and auth_data.password.decode() == password:
                return AuthResult(success=True)
        # handled=False lets aiosmtpd send the 535 reply itself; otherwise the client waits.
        return AuthResult(success=False, handled=False)

    return check


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["starttls", "sink"], required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--spool")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user", default="postern")
    p.add_argument("--password", default="secret")
    a = p.parse_args()
    handler = Handler(a.spool, a.mode == "sink")
    kwargs = {}
    if a.mode == "starttls":
        os.makedirs(a.spool, exist_ok=True)
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
        kwargs = dict(
            tls_context=ctx,
            require_starttls=True,
            auth_required=True,
            auth_require_tls=True,
            authenticator=authenticator(a.user, a.password),
        )
    controller = Controller(handler, hostname="127.0.0.1", port=a.port, data_size_limit=50 * 1024 * 1024, **kwargs)
    controller.start()
    print("aiosmtpd %s listening on 127.0.0.1:%d" % (a.mode, a.port), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
