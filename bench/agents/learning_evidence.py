#!/usr/bin/env python3
"""Did the meta-trained hyperparameter agents learn? Reads a `hypera_dist meta-train` folder and prints, per
agent, its SAC updates, transitions, critic loss (first and last quarter of each episode's updates, and their
first-episode and last-episode means) and how far its policy moved in each episode, then the episodes'
validation score against their paired baselines (meta.csv), first half against second half.

Usage: bench/agents/learning_evidence.py META_DIR
"""
import csv
import json
import pathlib
import re
import statistics
import sys


def episodes(meta):
    found = []
    for folder in (meta / "episodes").iterdir():
        match = re.fullmatch(r"e(\d+)_(.+)_s(\d+)", folder.name)
        summary = folder / "summary.json"
        if folder.is_dir() and match and summary.exists():
            found.append((int(match.group(1)), match.group(2), json.loads(summary.read_text())["agents"]))
    return sorted(found)


def main():
    meta = pathlib.Path(sys.argv[1])
    runs = episodes(meta)
    if not runs:
        sys.exit(f"{meta}: no finished episode")
    names = sorted(key.split(".", 1)[1] for key in runs[0][2] if key.startswith("updates."))
    print(f"{len(runs)} episodes in {meta}")
    print("| agent | SAC updates (all episodes) | transitions at the end | critic loss, episode 1 | critic loss, last "
          "episode | critic loss first -> last quarter (mean over episodes) | policy_change per episode (median) |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        def values(key):
            return [run[2].get(f"{key}.{name}") for run in runs if run[2].get(f"{key}.{name}") is not None]
        critic = values("critic_loss")
        first, last = values("critic_loss_first"), values("critic_loss_last")
        print(f"| {name} | {int(runs[-1][2][f'total_updates.{name}'])} | {int(runs[-1][2][f'transitions.{name}'])} "
              f"| {critic[0]:.3f} | {critic[-1]:.3f} | {statistics.mean(first):.3f} -> {statistics.mean(last):.3f} "
              f"| {statistics.median(values('policy_change')):.4f} |")
    rows = list(csv.DictReader(open(meta / "meta.csv")))
    differences = [float(row["difference"]) for row in rows]
    half = len(differences) // 2
    print(f"episode score minus paired baseline: first {half} episodes {statistics.mean(differences[:half]):+.4f}, "
          f"last {half} episodes {statistics.mean(differences[-half:]):+.4f}")
    for task in sorted({row["task"] for row in rows}):
        mine = [float(row["difference"]) for row in rows if row["task"] == task]
        print(f"  {task}: " + ", ".join(f"{d:+.3f}" for d in mine))


if __name__ == "__main__":
    main()
