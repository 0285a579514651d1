#!/usr/bin/env python3
"""A/B timing of two or more commands, alternated so machine noise hits all.

    python3 bench/ab.py --runs 10 \
        off='target/release/manabi build -q --root /tmp/c10k-off --out /dev/shm/o1' \
        on='target/release/manabi build -q --root /tmp/c10k-on --out /dev/shm/o2'

Each command runs once unmeasured, then --runs times, the order rotating
every round. Prints, per command, the median and min wall seconds, the
median CPU seconds (user + system of the child) and system seconds alone,
and each command's medians as a ratio of the first command's.
"""

import argparse
import resource
import statistics
import subprocess
import sys
import time


def run(cmd):
    """Wall, CPU and system (kernel) CPU seconds of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {cmd}")
    user = after.ru_utime - before.ru_utime
    system = after.ru_stime - before.ru_stime
    return wall, user + system, system


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("commands", nargs="+", help="name=command")
    args = parser.parse_args()
    named = [c.split("=", 1) for c in args.commands]
    samples = {name: [] for name, _ in named}
    for name, cmd in named:
        run(cmd)
    for i in range(args.runs):
        for name, cmd in named[i % len(named):] + named[: i % len(named)]:
            samples[name].append(run(cmd))
    base = None
    print(
        f"{'':12} {'wall med':>9} {'wall min':>9} {'cpu med':>9} {'sys med':>9}"
        f" {'x wall':>7} {'x cpu':>7}"
    )
    for name, _ in named:
        walls = [s[0] for s in samples[name]]
        cpus = [s[1] for s in samples[name]]
        system = statistics.median(s[2] for s in samples[name])
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        base = base or (wall, cpu)
        print(
            f"{name:12} {wall:9.3f} {min(walls):9.3f} {cpu:9.3f} {system:9.3f}"
            f" {wall / base[0]:7.3f} {cpu / base[1]:7.3f}"
        )


if __name__ == "__main__":
    main()
