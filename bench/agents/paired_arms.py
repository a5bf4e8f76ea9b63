"""The paired difference B - A of a test metric between two groups of `hypera_dist compare` runs, seed by seed,
with its 95 % percentile bootstrap interval (10000 resamples, fixed seed; the same as bench/agents/reward_modes.py).
A group is a folder of `compare` and a group name inside its runs/ (an arm, or a sweep group such as
constant-lr4), so groups of two different `compare` calls on the same seeds can be paired, e.g. the lr sweep's
x4 against the 10 extra runs at x8 of the main-budget comparison, or agents-meta against agents-openloop.
Prints the seeds paired, both means, the mean difference with its interval and wins/losses of B.
Usage: python3 bench/agents/paired_arms.py DIR_A:GROUP_A DIR_B:GROUP_B [METRIC]   (default metric: dice)
"""
import statistics
import sys

from reward_modes import bootstrap_interval, runs


def group(argument):
    folder, separator, name = argument.rpartition(":")
    if not separator or not folder or not name:
        sys.exit(f"paired_arms.py: '{argument}' is not DIR:GROUP")
    return name, runs(folder, name)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.strip().splitlines()[-1])
    (name_a, a), (name_b, b) = group(sys.argv[1]), group(sys.argv[2])
    metric = sys.argv[3] if len(sys.argv) > 3 else "dice"
    seeds = sorted(set(a) & set(b))
    if len(seeds) < 2:
        sys.exit(f"paired_arms.py: {len(seeds)} seeds in both {name_a} and {name_b}; a paired difference needs 2")
    differences = [b[s]["test"][metric] - a[s]["test"][metric] for s in seeds]
    low, high = bootstrap_interval(differences)
    mean_a = statistics.fmean(a[s]["test"][metric] for s in seeds)
    mean_b = statistics.fmean(b[s]["test"][metric] for s in seeds)
    print(f"{len(seeds)} paired seeds, test {metric}: {name_a} {mean_a:.4f}, {name_b} {mean_b:.4f}; "
          f"{name_b} - {name_a} {statistics.fmean(differences):+.4f} [{low:+.4f}, {high:+.4f}], "
          f"{sum(d > 0 for d in differences)} wins / {sum(d < 0 for d in differences)} losses")


if __name__ == "__main__":
    main()
