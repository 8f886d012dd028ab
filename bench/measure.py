#!/usr/bin/env python3
"""Run a command; print its wall time and the peak RSS summed over its whole process tree.

GNU time reports the largest single process, which undercounts multiprocessing programs such as the seed
script; this samples every descendant's VmRSS from /proc every 50 ms instead.
Usage: measure.py [--stderr FILE] -- COMMAND ARGS...   Prints: seconds<TAB>peak_rss_mib<TAB>exit_code
"""
import os
import subprocess
import sys
import time


def tree(pid):
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return pids


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    args = sys.argv[1:]
    stderr = None
    if args[:1] == ["--stderr"]:
        stderr = open(args[1], "wb")
        args = args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    start = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=stderr)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(rss_kib(p) for p in tree(proc.pid)))
        time.sleep(0.05)
    seconds = time.monotonic() - start
    print(f"{seconds:.2f}\t{peak / 1024:.0f}\t{proc.returncode}")


if __name__ == "__main__":
    main()
