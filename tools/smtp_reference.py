"""Reference SMTP client for the delivery benchmark: sends COUNT copies of a message file with
smtplib over CONCURRENCY reused connections (one per thread) and prints messages per second."""

import smtplib
import sys
import threading
import time


def main():
    host, port, count, concurrency, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    body = open(path, "rb").read()
    per_thread = [count // concurrency + (1 if i < count % concurrency else 0) for i in range(concurrency)]

    def worker(n, offset):
        s = smtplib.SMTP(host, port)
        s.ehlo("reference")
        for i in range(n):
            s.sendmail("postern@example.com", ["ref-%d@example.org" % (offset + i)], body)
        s.quit()

    threads = []
    offset = 0
    start = time.perf_counter()
    for n in per_thread:
        t = threading.Thread(target=worker, args=(n, offset))
        offset += n
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    print("%.1f" % (count / elapsed))


if __name__ == "__main__":
    main()
