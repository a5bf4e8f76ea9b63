#include "app/compare/run_launcher.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <stdexcept>

extern char** environ;

namespace hypera::app {
namespace {

using Clock = std::chrono::steady_clock;

struct Running {
  std::size_t index;
  Clock::time_point start;
};

[[noreturn]] void fail_spawn(const std::string& what, int error) {
  throw std::runtime_error(what + ": " + std::strerror(error));
}

// Starts `run` with its output appended to its log file; returns the process id.
pid_t spawn(const std::filesystem::path& executable, const PlannedRun& run) {
  std::filesystem::create_directories(run.log.parent_path());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, run.log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<std::string> words;
  if (run.ranks > 1) words = {"mpiexec", "-n", std::to_string(run.ranks), "--oversubscribe"};
  words.push_back(executable.string());
  words.insert(words.end(), run.arguments.begin(), run.arguments.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int error = posix_spawnp(&pid, words.front().c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) fail_spawn(words.front() + " (for " + run.log.string() + ")", error);
  return pid;
}

int exit_code(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  return 128 + (WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0);
}

}  // namespace

std::vector<RunEvent> launch_runs(const std::filesystem::path& executable, const std::vector<PlannedRun>& plan,
                                  int jobs, const std::function<void(const PlannedRun&, const RunEvent&)>& on_event) {
  std::vector<RunEvent> ends(plan.size());
  std::vector<bool> ended(plan.size(), false), started(plan.size(), false);
  std::map<pid_t, Running> running;
  auto end = [&](std::size_t index, RunEvent event) {
    ends[index] = event;
    ended[index] = true;
    on_event(plan[index], event);
  };
  std::size_t remaining = plan.size();
  while (remaining > 0) {
    for (std::size_t i = 0; i < plan.size() && int(running.size()) < jobs; ++i) {
      if (started[i]) continue;
      const auto& dependency = plan[i].waits_for;
      if (dependency && !ended[*dependency]) continue;
      started[i] = true;
      if (dependency &&
          (ends[*dependency].status == RunStatus::kFailed || ends[*dependency].status == RunStatus::kNotRun)) {
        const PlannedRun& source = plan[*dependency];
        end(i, {RunStatus::kNotRun, 0, 0, source.arm + " seed_" + std::to_string(source.seed) + " failed"});
        --remaining;
      } else if (std::filesystem::exists(plan[i].folder / "summary.json")) {
        end(i, {RunStatus::kReused, 0, 0, ""});
        --remaining;
      } else {
        running[spawn(executable, plan[i])] = {i, Clock::now()};
        on_event(plan[i], {RunStatus::kStarted, 0, 0, ""});
      }
    }
    if (running.empty()) continue;  // every startable run ended without a process; look again
    int wait_status = 0;
    const pid_t pid = waitpid(-1, &wait_status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      fail_spawn("waitpid", errno);
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;  // not one of ours
    const double seconds = std::chrono::duration<double>(Clock::now() - it->second.start).count();
    const std::size_t index = it->second.index;
    running.erase(it);
    const int code = exit_code(wait_status);
    end(index, {code == 0 ? RunStatus::kFinished : RunStatus::kFailed, code, seconds, ""});
    --remaining;
  }
  return ends;
}

}  // namespace hypera::app
