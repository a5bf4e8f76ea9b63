"""Issue 16's "learned-explore PBT against plain PBT", from a `hypera_dist compare` folder that ran both arms on the
same seeds: the paired difference of the test metric (ARM_A - ARM_B, each population judged by its winning
member) with a 95 % percentile bootstrap interval (10000 resamples, fixed seed). Decision rule, fixed before the
runs: ARM_A is better only if the interval lies above 0, worse only if it lies below 0; otherwise no difference
is shown. Also, for each arm, the generations and exploits per population, the exploit and barrier costs, and for
arms with agents the learning evidence of the shared agents (SAC updates, transitions, critic loss last/first
quarter, policy change; medians over the seeds, from the winning member's summary).
Usage: python3 bench/population/pairs.py COMPARE_DIR ARM_A ARM_B [METRIC]   (METRIC default: dice)
"""
import json
import pathlib
import random
import statistics
import sys


def runs(folder, arm):
    out = {}
    for summary in sorted(pathlib.Path(folder, "runs", arm).glob("seed_*/summary.json")):
        out[int(summary.parent.name.split("_")[1])] = (summary.parent, json.loads(summary.read_text()))
    return out


def bootstrap_interval(values, resamples=10000, seed=0):
    generator = random.Random(seed)
    means = sorted(statistics.fmean(generator.choices(values, k=len(values))) for _ in range(resamples))
    return means[int(0.025 * resamples)], means[int(0.975 * resamples) - 1]


def describe(arm, by_seed, metric):
    populations = [s for _, s in by_seed.values()]
    members = [json.loads((folder / f"member_{int(s['population']['winner'])}" / "summary.json").read_text())
               for folder, s in by_seed.values()]
    print(f"\n{arm}: {len(populations)} populations of {populations[0]['population']['size']:.0f}, "
          f"test {metric} {statistics.fmean(s['test'][metric] for s in populations):.4f} (mean), "
          f"compute {statistics.fmean(s['population']['compute_seconds'] for s in populations):.0f} s per population")
    p = [m["population"] for m in members]
    print(f"  generations {statistics.median(x['generations'] for x in p):.0f}, exploits "
          f"{statistics.median(x['exploits'] for x in p):.0f}, bytes per exploit "
          f"{statistics.median(x['exploit_bytes'] / max(x['exploits'], 1) for x in p) / 1e6:.2f} MB, exploit "
          f"{1e3 * statistics.median(x['exploit_seconds'] / max(x['generations'], 1) for x in p):.1f} ms and barrier "
          f"{1e3 * statistics.median(x['barrier_seconds'] / max(x['generations'], 1) for x in p):.0f} ms per generation")
    if "agents" not in members[0]:
        return
    names = sorted(k.split(".", 1)[1] for k in members[0]["agents"] if k.startswith("total_updates."))
    print(f"  {'agent':<16}{'updates':>10}{'transitions':>13}{'critic last/first':>19}{'policy change':>15}")
    for name in names:
        a = [m["agents"] for m in members]
        ratios = [x[f"critic_loss_last.{name}"] / x[f"critic_loss_first.{name}"] for x in a
                  if (x.get(f"critic_loss_first.{name}") or 0) > 0 and x.get(f"critic_loss_last.{name}") is not None]
        changes = [x[f"policy_change.{name}"] for x in a if x.get(f"policy_change.{name}") is not None]
        transitions = [x.get(f"transitions.{name}", float("nan")) for x in a]
        print(f"  {name:<16}{statistics.median(x[f'total_updates.{name}'] for x in a):>10.0f}"
              f"{statistics.median(transitions):>13.0f}"
              f"{statistics.median(ratios) if ratios else float('nan'):>19.3f}"
              f"{statistics.median(changes) if changes else float('nan'):>15.4f}")


def main():
    folder, arm_a, arm_b = sys.argv[1], sys.argv[2], sys.argv[3]
    metric = sys.argv[4] if len(sys.argv) > 4 else "dice"
    a, b = runs(folder, arm_a), runs(folder, arm_b)
    seeds = sorted(set(a) & set(b))
    describe(arm_a, {s: a[s] for s in seeds}, metric)
    describe(arm_b, {s: b[s] for s in seeds}, metric)
    differences = [a[s][1]["test"][metric] - b[s][1]["test"][metric] for s in seeds]
    low, high = bootstrap_interval(differences)
    verdict = f"{arm_a} better" if low > 0 else f"{arm_a} worse" if high < 0 else "no difference shown"
    wins = sum(d > 0 for d in differences)
    print(f"\n{len(seeds)} paired seeds. {arm_a} - {arm_b}, test {metric}: mean {statistics.fmean(differences):+.4f} "
          f"[{low:+.4f}, {high:+.4f}] ({wins} of {len(seeds)} seeds higher): {verdict}")


if __name__ == "__main__":
    main()
