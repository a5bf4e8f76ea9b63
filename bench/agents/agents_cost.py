#!/usr/bin/env python3
"""The agents' whole cost (coordinator, distance maps, roll-back copies) per agents arm of a `compare` folder:
summary.json's agents.cost_fraction_of_run of every complete run, as median and range, and the runs above 10 %.
Usage: python3 bench/agents/agents_cost.py COMPARE_OUT/runs"""
import json
import pathlib
import statistics
import sys

shares = {}
for summary in sorted(pathlib.Path(sys.argv[1]).glob("agents*/seed_*/summary.json")):
    agents = json.loads(summary.read_text()).get("agents", {})
    if "cost_fraction_of_run" in agents:
        shares.setdefault(summary.parent.parent.name, []).append((agents["cost_fraction_of_run"], summary.parent.name))
for arm, values in sorted(shares.items()):
    fractions = [value for value, _ in values]
    high = ", ".join(f"{seed} {value:.1%}" for value, seed in values if value > 0.10) or "none"
    print(f"{arm}: agents' whole cost median {statistics.median(fractions):.1%}, range {min(fractions):.1%} to "
          f"{max(fractions):.1%} over {len(fractions)} runs; above 10 %: {high}")
