#!/usr/bin/env python3
"""Where `methylstream run`'s CPU goes: runs it once on SITES generated sites (or a FILE) with its own broker on a
fresh state directory, samples every thread's CPU time (/proc/PID/task/*/stat) every 50 ms until it exits, and
prints a table of CPU seconds per thread group (threads named alike, numbers aside, are one group). With
--timeline, also a table of the cores each group used in every second of the run.

Usage: python3 bench/run-cpu-by-thread.py [--timeline] [SITES|FILE]   (default: examples/sites.tsv)
"""
import collections
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# what each group is, for the table (the JVM truncates thread names to 15 characters in /proc)
GROUPS = [  # (thread name pattern, the group in the table, its column in the timeline)
    (r"^C\d CompilerThre", "JIT compiler threads (C1, C2)", "JIT"),
    (r"^methylstream-ru", "Kafka Streams stream threads (consume, score, produce)", "Streams"),
    (r"^java$", "main thread: parse, Avro-encode, send (the publisher)", "publisher"),
    (r"^task-thread-", "Kafka Connect sink task (consume, convert, write)", "sink"),
    (r"^data-plane-kafk", "broker request handlers and network threads", "broker"),
    (r"^kafka-producer-", "producers' network threads (publisher, Streams)", "producers' I/O"),
    (r"^GC Thread", "garbage collector", "GC"),
]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def group_of(name, column=False):
    for pattern, group, short in GROUPS:
        if re.search(pattern, name):
            return short if column else group
    return "other" if column else "other (" + re.sub(r"\d+", "N", name) + ")"


def sample(pid, seen):
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            except OSError:
                continue  # the thread ended between listing and reading
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            seen[(pid, tid)] = (name, int(fields[11]) + int(fields[12]))
        for child in open(f"/proc/{pid}/task/{pid}/children").read().split():
            sample(child, seen)  # the launcher runs the JVM as a child while it writes the class-data archive
    except OSError:
        pass  # the process ended


def timeline_table(snapshots, final):
    """Cores each named group used in every second: CPU times sampled a second apart, differenced."""
    totals = collections.Counter()
    for name, ticks in final.values():
        totals[group_of(name, column=True)] += ticks
    names = [group for group, _ in totals.most_common()]
    print("| second | " + " | ".join(names) + " | all |")
    print("|---:|" + "---:|" * (len(names) + 1))
    previous_at, previous = 0.0, {}
    for at, seen in snapshots:
        used = collections.Counter()
        for key, (name, ticks) in seen.items():
            used[group_of(name, column=True)] += ticks - previous.get(key, (name, 0))[1]
        cores = [used[group] / CLOCK_TICKS / (at - previous_at) for group in names]
        print(f"| {at:.0f} | " + " | ".join(f"{c:.2f}" for c in cores) + f" | {sum(cores):.2f} |")
        previous_at, previous = at, seen


def main():
    arguments = [a for a in sys.argv[1:] if a != "--timeline"]
    timeline = len(arguments) < len(sys.argv) - 1
    what = arguments[0] if arguments else os.path.join(ROOT, "examples", "sites.tsv")
    launcher = os.path.join(ROOT, "bin", "methylstream")
    with tempfile.TemporaryDirectory() as work:
        if what.isdigit():
            source = f"{int(what):,} generated sites"
            what_file = os.path.join(work, "sites.tsv")
            subprocess.run([launcher, "generate", "--sites", what, "--seed", "1", "--out", what_file], check=True)
        else:
            source, what_file = what, what
        # outside the measurement: builds the jar if needed, and the first run writes the class-data archive
        subprocess.run([launcher, "run", "--state-dir", os.path.join(work, "warm-up"), "--out",
                        os.path.join(work, "warm-up.tsv"), os.path.join(ROOT, "examples", "sites.tsv")],
                       check=True, stderr=subprocess.DEVNULL)
        seen = {}
        snapshots = []  # (seconds since the start, a copy of seen), once a second
        started = time.monotonic()
        run = subprocess.Popen([launcher, "run", "--state-dir", os.path.join(work, "state"), "--out",
                                os.path.join(work, "out.tsv"), what_file], stderr=subprocess.DEVNULL)
        while run.poll() is None:
            sample(run.pid, seen)
            if timeline and time.monotonic() - started >= len(snapshots) + 1:
                snapshots.append((time.monotonic() - started, dict(seen)))
            time.sleep(0.05)
        wall = time.monotonic() - started
        if run.returncode != 0:
            sys.exit(f"run failed (exit {run.returncode})")
    groups = collections.Counter()
    for name, ticks in seen.values():
        groups[group_of(name)] += ticks / CLOCK_TICKS
    total = sum(groups.values())
    print(f"`run` on {source}: {wall:.2f} s wall clock, {total:.2f} CPU-s in its threads "
          "(sampled every 50 ms: a thread's last 50 ms may be missing)")
    print()
    print("| threads | CPU s | share |")
    print("|---|---:|---:|")
    for group, seconds in groups.most_common():
        if seconds >= 0.05:
            print(f"| {group} | {seconds:.2f} | {100 * seconds / total:.0f} % |")
    if timeline:
        print()
        print("Cores used by each group, second by second:")
        print()
        timeline_table(snapshots, seen)


if __name__ == "__main__":
    main()
