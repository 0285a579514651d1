#!/usr/bin/env python3
"""Save-to-reload latency of `manabi serve`.

usage: latency.py MANABI SITE_DIR NOTE_REL [EDITS]

Starts `MANABI serve --port 0` in SITE_DIR, subscribes to the live-reload
stream, then EDITS times: appends a unique line to NOTE_REL (plain write),
and times from the moment the write returned until the `reload` event
arrives. Also collects the server's own figure for each rebuild ("rebuilt in
N ms": from the debounced batch arriving to the event being sent, i.e.
excluding the debounce). Prints medians.
"""
import re
import socket
import statistics
import subprocess
import sys
import threading
import time

DEBOUNCE_MS = 100


def main():
    manabi, site, note = sys.argv[1:4]
    edits = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    proc = subprocess.Popen([manabi, "serve", "--port", "0"], cwd=site,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    rebuilt, port_box, ready = [], [], threading.Event()

    def drain():
        for line in proc.stderr:
            m = re.match(r"serving http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port_box.append(int(m.group(1)))
                ready.set()
            m = re.match(r"rebuilt in (\d+) ms", line)
            if m:
                rebuilt.append(int(m.group(1)))
    threading.Thread(target=drain, daemon=True).start()
    try:
        assert ready.wait(60), "serve did not start"
        events = sse(port_box[0])
        next_event(events, "hello")
        e2e = []
        for i in range(edits):
            with open(f"{site}/{note}", "a", encoding="utf-8") as f:
                f.write(f"\nlatency probe {i} {time.time_ns()}\n")
            t0 = time.perf_counter()
            next_event(events, "reload")
            e2e.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.3)
        time.sleep(0.2)
        report(e2e, rebuilt)
    finally:
        proc.terminate()
        proc.wait()


def sse(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /__manabi/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    f = s.makefile("rb")
    while f.readline() not in (b"\r\n", b""):
        pass
    return f


def next_event(f, name):
    """Reads chunked SSE until an event called `name` arrives."""
    buf = ""
    while True:
        size = int(f.readline().strip(), 16)
        buf += f.read(size + 2)[:size].decode()
        while "\n\n" in buf:
            block, buf = buf.split("\n\n", 1)
            if f"event: {name}" in block.splitlines():
                return block


def report(e2e, rebuilt):
    med = statistics.median
    print(f"edits: {len(e2e)}")
    print(f"save -> reload event, end to end:        median {med(e2e):6.1f} ms "
          f"(min {min(e2e):.1f}, max {max(e2e):.1f})")
    print(f"  minus the {DEBOUNCE_MS} ms debounce:             median {med(e2e) - DEBOUNCE_MS:6.1f} ms")
    if rebuilt:
        print(f"server's own 'rebuilt in' (post-debounce): median {med(rebuilt):6.1f} ms "
              f"(min {min(rebuilt)}, max {max(rebuilt)}, n={len(rebuilt)})")


if __name__ == "__main__":
    main()
