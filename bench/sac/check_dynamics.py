"""Step-for-step comparison of HYPERA's C++ Pendulum / MountainCarContinuous with Gymnasium's.

For each episode Gymnasium draws the initial state (reset(seed=...)); the C++ environment is set to that same
float64 state (hypera_sac_env_trace's reset_to), then both receive the same float32 actions until the
episode ends. Prints the largest absolute difference per observation component and for the reward, and the
number of steps where terminated / truncated disagree. Exits 1 if a flag disagrees or a difference exceeds
--tolerance.
    python check_dynamics.py TRACE_TOOL [--tolerance 1e-5]
"""
import argparse
import subprocess
import sys

import gymnasium as gym
import numpy as np

SETUPS = {
    # env id, our name, episodes, state components in the observation
    "pendulum": ("Pendulum-v1", 10),
    "mountaincar": ("MountainCarContinuous-v0", 4),
}


def policy(name, episode, observation, rng):
    """float32 actions; some outside the bounds to exercise clipping. Half of the mountain-car episodes pump
    energy (push along the velocity) so that the goal, its reward and termination are reached."""
    if name == "mountaincar" and episode % 2 == 1:
        direction = 1.0 if observation[1] >= 0 else -1.0
        return np.array([direction * rng.uniform(0.5, 1.2)], dtype=np.float32)
    bound = 3.0 if name == "pendulum" else 1.5
    return np.array([rng.uniform(-bound, bound)], dtype=np.float32)


def gymnasium_trace(name, env_id, episodes):
    env = gym.make(env_id)
    rng = np.random.default_rng(12345)
    commands, expected = [], []
    for episode in range(episodes):
        observation, _ = env.reset(seed=1000 + episode)
        state = np.asarray(env.unwrapped.state, dtype=np.float64)
        commands.append("reset_to " + " ".join(repr(float(v)) for v in state))
        expected.append(("reset", observation, None, None, None))
        done = False
        while not done:
            action = policy(name, episode, observation, rng)
            observation, reward, terminated, truncated, _ = env.step(action)
            commands.append("step " + repr(float(action[0])))
            expected.append(("step", observation, float(reward), bool(terminated), bool(truncated)))
            done = terminated or truncated
    return commands, expected


def compare(name, tool, env_id, episodes, tolerance):
    commands, expected = gymnasium_trace(name, env_id, episodes)
    run = subprocess.run([tool, "--env", name], input="\n".join(commands) + "\n", capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"{tool}: exit {run.returncode}: {run.stderr.strip()}")
    lines = run.stdout.splitlines()
    if len(lines) != len(expected):
        sys.exit(f"{tool}: {len(lines)} answers for {len(expected)} commands")
    dims = len(expected[0][1])
    max_obs = np.zeros(dims)
    max_reward, flag_mismatches, steps, terminations, truncations = 0.0, 0, 0, 0, 0
    for line, (kind, observation, reward, terminated, truncated) in zip(lines, expected):
        fields = line.split()
        ours = np.array([float(v) for v in fields[:dims]], dtype=np.float64)
        max_obs = np.maximum(max_obs, np.abs(ours - observation.astype(np.float64)))
        if kind == "step":
            steps += 1
            terminations += terminated
            truncations += truncated
            max_reward = max(max_reward, abs(float(fields[dims]) - reward))
            flag_mismatches += (fields[dims + 1] == "1") != terminated
            flag_mismatches += (fields[dims + 2] == "1") != truncated
    print(f"{name} vs Gymnasium {gym.__version__} {env_id}: {episodes} episodes, {steps} steps "
          f"({terminations} terminated, {truncations} truncated)")
    print("  max |diff| per observation component: " + ", ".join(f"{d:.3g}" for d in max_obs))
    print(f"  max |diff| reward: {max_reward:.3g}; terminated/truncated disagreements: {flag_mismatches}")
    return flag_mismatches == 0 and max_obs.max() <= tolerance and max_reward <= tolerance


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tool")
    parser.add_argument("--tolerance", type=float, default=1e-5)
    args = parser.parse_args()
    ok = all([compare(name, args.tool, env_id, episodes, args.tolerance) for name, (env_id, episodes) in SETUPS.items()])
    print("check_dynamics: " + ("PASS" if ok else f"FAIL (tolerance {args.tolerance})"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
