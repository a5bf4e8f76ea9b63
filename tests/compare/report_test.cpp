#include <gtest/gtest.h>

#include "app/compare/comparison.h"
#include "app/compare/report_files.h"
#include "core/train/run_logger.h"
#include "support/file_bytes.h"
#include "support/scratch_folder.h"

namespace hypera::app {
namespace {

const std::vector<double> kReferenceTest = {0.60, 0.62, 0.58, 0.61};  // cosine's test object F1 per seed
const std::vector<double> kGains = {0.05, 0.04, 0.06, 0.05};

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

// Four arms on four seeds, as summary.json files written by the real RunLogger:
//   cosine    the best validation metric of the fixed arms: the reference
//   baseline  worse on validation but better on test by kGains on every seed: beats the reference
//   agents    below the reference on test by kGains on every seed: worse; has an agents section
//   poly      +0.01, -0.01, +0 on seeds 0..2; seed 3 failed: no significant difference, incomplete
class CompareReport : public ::testing::Test {
 protected:
  void SetUp() override {
    plan = plan_runs({"c.ini", {"baseline", "cosine", "poly", "agents"}, 4, dir / "out", {}});
    for (const auto& run : plan) {
      const double reference = kReferenceTest[run.seed];
      SummarySections summary;
      if (run.arm == "cosine") summary = sections(0.80 + 0.01 * run.seed, reference);
      if (run.arm == "baseline") summary = sections(0.70, reference + kGains[run.seed]);
      if (run.arm == "agents") {
        summary = sections(0.79, reference - kGains[run.seed]);
        summary["agents"] = {{"fraction_of_run", 0.125}, {"seconds", 3}};
      }
      if (run.arm == "poly" && run.seed < 3) {
        const double offsets[] = {0.01, -0.01, 0};
        summary = sections(0.78, reference + offsets[run.seed]);
      }
      RunEvent end{RunStatus::kFailed, 1, 2.0, ""};
      if (!summary.empty()) {
        core::RunLogger(run.folder, 0).write_summary(summary);
        end = {RunStatus::kFinished, 0, 2.0, ""};
      }
      input.runs.push_back(read_run_result(run, end));
    }
    input.arms = {"baseline", "cosine", "poly", "agents"};
    input.seeds = 4;
    input.metric = "object_f1";
    input.trajectory_notes = {"- a note about trajectories"};
  }

  static SummarySections sections(double validation, double test) {
    return {{"best", {{"epoch", 3}, {"object_f1", validation}}},
            {"test", {{"object_f1", test}, {"dice", test + 0.2}, {"hd95", 12.5}}},
            {"timing", {{"total_seconds", 60}}}};
  }

  test::ScratchFolder dir;
  std::vector<PlannedRun> plan;
  ReportInput input;
};

TEST_F(CompareReport, ChoosesTheReferenceOnValidationAndJudgesOnTest) {
  const Comparison comparison = compare_arms(input.arms, input.runs, "object_f1");
  EXPECT_EQ(comparison.reference, "cosine");
  EXPECT_NEAR(comparison.reference_validation, 0.815, 1e-12);
  ASSERT_EQ(comparison.others.size(), 3u);
  const ArmComparison& baseline = comparison.others[0];
  EXPECT_EQ(baseline.arm, "baseline");
  EXPECT_EQ(baseline.wins, 4);
  EXPECT_EQ(baseline.losses, 0);
  EXPECT_NEAR(baseline.test.mean_difference, 0.05, 1e-12);
  EXPECT_EQ(verdict(baseline), "beats the best fixed arm (p=0.001172)");  // t = 12.25, 3 degrees of freedom
  const ArmComparison& poly = comparison.others[1];
  ASSERT_EQ(poly.differences.size(), 3u);
  EXPECT_EQ(poly.wins, 1);
  EXPECT_EQ(poly.ties, 1);
  EXPECT_EQ(poly.losses, 1);
  EXPECT_EQ(verdict(poly).rfind("no significant difference (p=", 0), 0u) << verdict(poly);
  const ArmComparison& agents = comparison.others[2];
  EXPECT_EQ(agents.losses, 4);
  EXPECT_EQ(verdict(agents), "worse (p=0.001172)");
}

TEST_F(CompareReport, WritesMarkdownWithTablesVerdictsAndFailures) {
  const std::string returned = write_report(dir / "out", input);
  const std::string md = test::read_text(dir / "out/compare.md");
  EXPECT_EQ(returned, md);
  const std::string p_agents = short_number(paired_t_test({-0.05, -0.04, -0.06, -0.05}).p);
  EXPECT_TRUE(has_line(md, "- cosine: the best fixed arm (the reference)")) << md;
  EXPECT_TRUE(has_line(md, "- agents: worse (p=" + p_agents + ")")) << md;
  EXPECT_NE(md.find("- baseline: beats the best fixed arm (p="), std::string::npos) << md;
  EXPECT_NE(md.find("- poly: no significant difference (p="), std::string::npos) << md;
  EXPECT_NE(md.find("| agents | 4 | seed 0: -0.05, seed 1: -0.04, seed 2: -0.06, seed 3: -0.05 | 0/0/4 | -0.05 | "),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| poly | 3/4 (incomplete) | 0.78 ± 0 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| baseline | 4 | seed 0: +0.05, seed 1: +0.04, seed 2: +0.06, seed 3: +0.05 | 4/0/0 | +0.05 | " +
                    short_number(paired_t_test({0.05, 0.04, 0.06, 0.05}).p) + " |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| cosine | 4/4 | 0.815 ± 0.013 | 0.6025 ± 0.017 | 0.8025 ± 0.017 | 12.5 ± 0 |"), std::string::npos)
      << md;
  EXPECT_TRUE(has_line(md, "- poly seed 3: exit status 1, log " + (dir / "out/runs/poly/seed_3.log").string())) << md;
  EXPECT_TRUE(has_line(md, "- a note about trajectories")) << md;
}

TEST_F(CompareReport, WritesOneCsvRowPerRun) {
  write_report(dir / "out", input);
  const std::string csv = test::read_text(dir / "out/compare.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "arm,seed,status,val_object_f1,test_dice,test_hd95,test_object_f1,total_seconds,agents_fraction");
  EXPECT_TRUE(has_line(csv, "cosine,0,ok,0.8,0.8,12.5,0.6,60,")) << csv;
  EXPECT_TRUE(has_line(csv, "agents,1,ok,0.79,0.78,12.5,0.58,60,0.125")) << csv;
  EXPECT_TRUE(has_line(csv, "poly,3,failed,,,,,,")) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 17);
  EXPECT_FALSE(std::filesystem::exists(dir / "out/compare.csv.tmp"));
}

TEST_F(CompareReport, WithoutAFixedArmThereIsNothingToCompareAgainst) {
  input.arms = {"agents"};
  const std::string md = compare_markdown(input);
  EXPECT_NE(md.find("No fixed arm"), std::string::npos) << md;
  EXPECT_EQ(md.find("Verdicts"), std::string::npos) << md;
}

TEST(CompareReportSingleSeed, SaysWhyThereIsNoTest) {
  test::ScratchFolder dir;
  const auto plan = plan_runs({"c.ini", {"poly", "onecycle"}, 1, dir / "out", {}});
  ReportInput input{{"poly", "onecycle"}, 1, "dice", {}, {}};
  for (const auto& run : plan) {
    core::RunLogger(run.folder, 0)
        .write_summary({{"best", {{"dice", run.arm == "poly" ? 0.9 : 0.8}}}, {"test", {{"dice", 0.5}}}});
    input.runs.push_back(read_run_result(run, {RunStatus::kReused, 0, 0, ""}));
  }
  const std::string md = compare_markdown(input);
  EXPECT_TRUE(has_line(md, "- onecycle: n/a: fewer than 2 paired seeds")) << md;
  EXPECT_NE(md.find("Best fixed arm: **poly**"), std::string::npos) << md;
}

}  // namespace
}  // namespace hypera::app
