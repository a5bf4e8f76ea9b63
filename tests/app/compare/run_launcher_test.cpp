#include "app/compare/run_launcher.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#include "common/file_bytes.h"
#include "common/scratch_folder.h"

namespace hypera::app {
namespace {

// A stand-in for `hypera_dist train`: writes --out/summary.json (with the MPI world size it ran in), or fails with exit status 3 (and a line on
// stderr) when a file "<--out>.fail" exists.
const char* const kFakeTrain =
    "#!/bin/sh\n"
    "out=''\n"
    "while [ $# -gt 0 ]; do [ \"$1\" = --out ] && out=\"$2\"; shift; done\n"
    "echo \"fake train into $out\"\n"
    "if [ -e \"$out.fail\" ]; then echo 'broken on purpose' >&2; exit 3; fi\n"
    "mkdir -p \"$out\"\n"
    "echo \"{\\\"best\\\": {\\\"dice\\\": 0.5}, \\\"ranks\\\": {\\\"size\\\": ${OMPI_COMM_WORLD_SIZE:-1}}}\" >\"$out/summary.json\"\n";

struct Event {
  std::string run;  // "<arm> <seed>"
  RunStatus status;
};

class RunLauncher : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir / "fake_train") << kFakeTrain;
    ::chmod((dir / "fake_train").c_str(), 0755);
  }

  std::vector<RunEvent> launch(const std::vector<PlannedRun>& plan, int jobs) {
    int running = 0;
    return launch_runs(dir / "fake_train", plan, jobs, [&](const PlannedRun& run, const RunEvent& event) {
      events.push_back({run.arm + " " + std::to_string(run.seed), event.status});
      running += event.status == RunStatus::kStarted ? 1 : 0;
      running -= event.status == RunStatus::kFinished || event.status == RunStatus::kFailed ? 1 : 0;
      most_running = std::max(most_running, running);
    });
  }

  // The position of the first event of `run` with `status` in `events`, or -1.
  int position(const std::string& run, RunStatus status) const {
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (events[i].run == run && events[i].status == status) return int(i);
    }
    return -1;
  }

  test::ScratchFolder dir;
  std::vector<Event> events;
  int most_running = 0;
};

TEST_F(RunLauncher, RunsReusesFailsAndWaitsAsPlanned) {
  const CompareRequest request{"c.ini", {"baseline", "agents", "agents-warm"}, 2, dir / "out", {}};
  const auto plan = plan_runs(request);
  ASSERT_EQ(plan.size(), 6u);
  std::filesystem::create_directories(dir / "out/runs/baseline/seed_0");
  std::filesystem::create_directories(dir / "out/runs/agents");
  std::ofstream(dir / "out/runs/baseline/seed_0/summary.json") << "{}";
  std::ofstream(dir / "out/runs/agents/seed_1.fail");
  std::ofstream(dir / "out/runs/baseline/seed_1.log") << "an earlier attempt\n";

  const auto ends = launch(plan, 2);
  ASSERT_EQ(ends.size(), 6u);
  EXPECT_EQ(ends[0].status, RunStatus::kReused);
  EXPECT_EQ(ends[1].status, RunStatus::kFinished);
  EXPECT_EQ(ends[2].status, RunStatus::kFinished);
  EXPECT_EQ(ends[3].status, RunStatus::kFailed);
  EXPECT_EQ(ends[3].exit_code, 3);
  EXPECT_EQ(ends[4].status, RunStatus::kNotRun);  // agents-warm seed 0 starts from agents seed 1, which failed
  EXPECT_EQ(ends[4].reason, "agents seed_1 failed");
  EXPECT_EQ(ends[5].status, RunStatus::kFinished);

  EXPECT_EQ(position("baseline 0", RunStatus::kStarted), -1);
  EXPECT_EQ(position("agents-warm 0", RunStatus::kStarted), -1);
  EXPECT_GT(position("agents-warm 1", RunStatus::kStarted), position("agents 0", RunStatus::kFinished));
  EXPECT_EQ(most_running, 2);
  EXPECT_EQ(std::count_if(events.begin(), events.end(), [](const Event& e) { return e.status == RunStatus::kStarted; }),
            4);

  EXPECT_TRUE(std::filesystem::exists(dir / "out/runs/agents-warm/seed_1/summary.json"));
  EXPECT_EQ(test::read_text(dir / "out/runs/agents/seed_1.log"),
            "fake train into " + (dir / "out/runs/agents/seed_1").string() + "\nbroken on purpose\n");
  EXPECT_EQ(test::read_text(dir / "out/runs/baseline/seed_1.log"),
            "an earlier attempt\nfake train into " + (dir / "out/runs/baseline/seed_1").string() + "\n");
}

TEST_F(RunLauncher, OneJobRunsOneAtATimeInPlanOrder) {
  const auto plan = plan_runs({"c.ini", {"poly", "cosine"}, 2, dir / "out", {}});
  const auto ends = launch(plan, 1);
  for (const auto& end : ends) EXPECT_EQ(end.status, RunStatus::kFinished);
  EXPECT_EQ(most_running, 1);
  ASSERT_EQ(events.size(), 8u);
  EXPECT_EQ(events[0].run, "poly 0");
  EXPECT_EQ(events[1].run, "poly 0");
  EXPECT_EQ(events[6].run, "cosine 1");
}

// A population arm's run starts under the real mpiexec with one rank per member.
TEST_F(RunLauncher, APopulationRunStartsUnderMpiexecWithItsRanks) {
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  CompareRequest request{"c.ini", {"pbt"}, 1, dir / "out", {}};
  request.population = 2;
  const auto plan = plan_runs(request);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].ranks, 2);
  const auto ends = launch(plan, 1);
  ASSERT_EQ(ends[0].status, RunStatus::kFinished) << test::read_text(plan[0].log);
  EXPECT_NE(test::read_text(plan[0].folder / "summary.json").find("\"size\": 2"), std::string::npos)
      << test::read_text(plan[0].folder / "summary.json");
}

TEST_F(RunLauncher, AnExecutableThatCannotStartThrows) {
  const auto plan = plan_runs({"c.ini", {"poly"}, 1, dir / "out", {}});
  EXPECT_THROW(launch_runs(dir / "no_such_program", plan, 1, [](const PlannedRun&, const RunEvent&) {}),
               std::runtime_error);
}

}  // namespace
}  // namespace hypera::app
