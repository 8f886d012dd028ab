#!/usr/bin/env python3
"""Time to first result: with `broker` and `process` running, how long from a site appended to a file that
`publish --follow` follows until `watch` prints it. Appends APPENDS sites at RATE per second (after a warm-up that
waits until the whole chain answers) and prints a table of p50 / p99 / max latency. SITES_PER_RECORD is
`publish --sites-per-record`: with more than 1, a site waits up to 5 ms more for others (the publisher's block linger).
Usage: bench/latency.py [APPENDS [RATE [SITES_PER_RECORD]]]   (default: 200 appends at 5 per second, 1 site per record)
"""
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
METHYLSTREAM = os.path.join(HERE, "..", "bin", "methylstream")


def percentile(sorted_values, q):
    # nearest rank: the smallest value with at least q of the values at or below it
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[int(rank) - 1]


def main():
    appends = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    per_record = sys.argv[3] if len(sys.argv) > 3 else "1"
    work = tempfile.mkdtemp()
    state = os.path.join(work, "state")
    sites = os.path.join(work, "sites.tsv")
    open(sites, "w").close()
    logs = {name: open(os.path.join(work, name + ".err"), "w") for name in ("broker", "process", "publish", "watch")}
    children = []

    def start(name, *args, stdout=subprocess.DEVNULL):
        child = subprocess.Popen([METHYLSTREAM, name, "--state-dir", state, *args], stdout=stdout,
                                 stderr=logs[name], stdin=subprocess.DEVNULL)
        children.append(child)
        return child

    try:
        start("broker")
        deadline = time.time() + 120
        while not os.path.exists(os.path.join(state, "kafka.address")):
            if time.time() > deadline:
                sys.exit("the broker did not start: " + open(os.path.join(work, "broker.err")).read())
            time.sleep(0.1)
        start("process")
        start("publish", "--follow", "--sites-per-record", per_record, "--sample", "latency", sites)
        watch = start("watch", stdout=subprocess.PIPE)
        appended = {}
        latencies = []
        buffered = b""

        def append(position):
            with open(sites, "a") as f:
                f.write(f"chr1\t{position}\t30\t0\n")  # 30 of 30 methylated: significant
            appended[position] = time.monotonic()

        def read_watch(timeout):
            nonlocal buffered
            ready, _, _ = select.select([watch.stdout], [], [], timeout)
            if not ready:
                return []
            chunk = os.read(watch.stdout.fileno(), 65536)
            if not chunk:
                sys.exit("watch ended: " + open(os.path.join(work, "watch.err")).read())
            buffered += chunk
            *lines, buffered = buffered.split(b"\n")
            now = time.monotonic()
            return [(int(line.split(b"\t")[1]), now) for line in lines if line]

        # warm-up: one site a second until watch prints one, i.e. every part has joined and is assigned
        position, deadline = 1, time.time() + 180
        warm = False
        while not warm:
            if time.time() > deadline:
                sys.exit("no site came through within 180 s; logs in " + work)
            append(position)
            position += 1
            end = time.monotonic() + 1
            while time.monotonic() < end and not warm:
                warm = bool(read_watch(end - time.monotonic()))
        time.sleep(2)
        while read_watch(0.2):
            pass  # the rest of the warm-up sites
        first = position
        next_at = time.monotonic()
        while position < first + appends or len(latencies) < appends:
            now = time.monotonic()
            if position < first + appends and now >= next_at:
                append(position)
                position += 1
                next_at += 1 / rate
            wait = max(0.0, next_at - time.monotonic()) if position < first + appends else 30
            arrived = read_watch(wait)
            if not arrived and position >= first + appends:
                sys.exit(f"only {len(latencies)} of {appends} sites came through; logs in {work}")
            for site, at in arrived:
                if site >= first:
                    latencies.append((at - appended[site]) * 1000)
        latencies.sort()
        print(f"time to first result: {appends} appends at {rate:g}/s to a file `publish --follow "
              f"--sites-per-record {per_record}` follows, with "
              f"`broker` and `process` running; printed by `watch`; {time.strftime('%Y-%m-%d', time.gmtime())}, "
              f"{os.cpu_count()} cores")
        print()
        print("| appends | sites per record | p50 ms | p99 ms | max ms |")
        print("|---:|---:|---:|---:|---:|")
        print(f"| {appends} | {per_record} | {percentile(latencies, 50):.0f} | {percentile(latencies, 99):.0f} "
              f"| {latencies[-1]:.0f} |")
    finally:
        for child in reversed(children):
            child.terminate()
        for child in reversed(children):
            try:
                child.wait(60)
            except subprocess.TimeoutExpired:
                child.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
