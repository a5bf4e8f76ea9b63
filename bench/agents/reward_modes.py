"""Issue 14's "team reward or per-agent rewards: which learns better?", from two `hypera_dist compare` folders
that ran the `agents` arm (fresh agents, learning within the run) on the same seeds, one with
--agents.reward=agent (the default) and one with --agents.reward=team, both beside the same `poly` runs.

For each mode it prints the learning evidence per agent over the seeds: SAC updates, critic loss of the last
quarter of updates over that of the first quarter (median; below 1 means the critic's loss fell) and the
policy change (median), and the test metric against poly on the same seed. Then the paired difference
team - agent of the test metric with a 95 % percentile bootstrap interval (10000 resamples, fixed seed).
Decision rule, fixed before the runs: "team learns better" only if the interval lies above 0, "per-agent
learns better" only if it lies below 0, otherwise no difference shown.
After meta-training (ARM agents-meta: agents deployed frozen from a meta-training with each reward mode) the
table shows no updates; the learning evidence is then that of the meta-trainings (bench/agents/learning_evidence.py).
The same paired comparison serves any two folders of one arm, named by LABEL_A and LABEL_B (e.g. agents-meta
after a short and a long meta-training): "B better" only if the interval of B - A lies above 0.
Usage: python3 bench/agents/reward_modes.py AGENT_DIR TEAM_DIR [METRIC [ARM [LABEL_A LABEL_B]]]
       (defaults: dice, agents, agent, team)
"""
import json
import pathlib
import random
import statistics
import sys


def runs(folder, arm):
    out = {}
    for summary in sorted(pathlib.Path(folder, "runs", arm).glob("seed_*/summary.json")):
        out[int(summary.parent.name.split("_")[1])] = json.loads(summary.read_text())
    return out


def bootstrap_interval(values, resamples=10000, seed=0):
    generator = random.Random(seed)
    means = sorted(statistics.fmean(generator.choices(values, k=len(values))) for _ in range(resamples))
    return means[int(0.025 * resamples)], means[int(0.975 * resamples) - 1]


def main():
    agent_dir, team_dir = sys.argv[1], sys.argv[2]
    metric = sys.argv[3] if len(sys.argv) > 3 else "dice"
    arm = sys.argv[4] if len(sys.argv) > 4 else "agents"
    label_a, label_b = sys.argv[5:7] if len(sys.argv) > 6 else ("agent", "team")
    modes = {label_a: runs(agent_dir, arm), label_b: runs(team_dir, arm)}
    poly = runs(agent_dir, "poly")
    seeds = sorted(set(modes[label_a]) & set(modes[label_b]) & set(poly))
    print(f"{len(seeds)} paired seeds, arm {arm}, test {metric}")
    for mode, by_seed in modes.items():
        agents = sorted(k.split(".", 1)[1] for k in by_seed[seeds[0]]["agents"] if k.startswith("total_updates."))
        print(f"\n{mode}")
        print(f"{'agent':<16}{'updates (median)':>18}{'critic last/first':>20}{'policy change':>16}")
        for name in agents:
            a = [by_seed[s]["agents"] for s in seeds]
            ratios = [x[f"critic_loss_last.{name}"] / x[f"critic_loss_first.{name}"] for x in a
                      if (x.get(f"critic_loss_first.{name}") or 0) > 0 and x.get(f"critic_loss_last.{name}") is not None]
            changes = [x[f"policy_change.{name}"] for x in a if x.get(f"policy_change.{name}") is not None]
            print(f"{name:<16}{statistics.median(x[f'total_updates.{name}'] for x in a):>18.0f}"
                  f"{statistics.median(ratios) if ratios else float('nan'):>20.3f}"
                  f"{statistics.median(changes) if changes else float('nan'):>16.4f}")
        differences = [by_seed[s]["test"][metric] - poly[s]["test"][metric] for s in seeds]
        low, high = bootstrap_interval(differences)
        print(f"test {metric} - poly: mean {statistics.fmean(differences):+.4f} [{low:+.4f}, {high:+.4f}]")
    differences = [modes[label_b][s]["test"][metric] - modes[label_a][s]["test"][metric] for s in seeds]
    low, high = bootstrap_interval(differences)
    verdict = f"{label_b} better" if low > 0 else f"{label_a} better" if high < 0 else "no difference shown"
    print(f"\n{label_b} - {label_a}, test {metric}: mean {statistics.fmean(differences):+.4f} "
          f"[{low:+.4f}, {high:+.4f}]: {verdict}")


if __name__ == "__main__":
    main()
