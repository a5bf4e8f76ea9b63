#include <gtest/gtest.h>

#include <fstream>

#include "app/compare/comparison.h"
#include "app/compare/compute_counted.h"
#include "app/compare/report_files.h"
#include "core/train/run_logger.h"
#include "run_folder.h"
#include "support/durable_file.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"

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
//   poly      +0.01, -0.01, +0 on seeds 0..2; seed 3 failed: inconclusive, incomplete
// Every run has two epochs in metrics.csv: validation 0.1 below its best at step 20 after 5 s, then its best at
// step 40 after 10 s; the target is the median of cosine's best validation, 0.815.
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
        const double best = summary_value(summary, "best", "object_f1");
        test::write_run_folder(run.folder, "object_f1", {{20, 5, best - 0.1}, {40, 5, best}}, summary);
        end = {RunStatus::kFinished, 0, 2.0, ""};
      }
      input.runs.push_back(read_run_result(run, end));
    }
    input.arms = {"baseline", "cosine", "poly", "agents"};
    input.seeds = 4;
    input.metric = "object_f1";
    input.margin = 0.01;
    input.trajectory_notes = {"- a note about trajectories"};
  }

  static SummarySections sections(double validation, double test) {
    return {{"best", {{"epoch", 3}, {"object_f1", validation}}},
            {"test", {{"object_f1", test}, {"dice", test + 0.2}, {"hd95", 12.5}}},
            {"timing", {{"total_seconds", 60}}},
            {"training", {{"steps", 40}}}};
  }

  test::ScratchFolder dir;
  std::vector<PlannedRun> plan;
  ReportInput input;
};

TEST_F(CompareReport, ChoosesTheReferenceOnValidationAndJudgesOnTestByTheDecisionRule) {
  const Comparison comparison = compare_arms(input.arms, input.runs, "object_f1", 0.01);
  EXPECT_EQ(comparison.reference, "cosine");
  EXPECT_NEAR(comparison.reference_validation, 0.815, 1e-12);
  ASSERT_EQ(comparison.others.size(), 3u);
  const ArmComparison& baseline = comparison.others[0];
  EXPECT_EQ(baseline.arm, "baseline");
  EXPECT_EQ(baseline.wins, 4);
  EXPECT_NEAR(baseline.test.mean_difference, 0.05, 1e-12);
  EXPECT_NEAR(baseline.test.p, 0.001172, 1e-6);  // t = 12.25, 3 degrees of freedom
  // Holm over 3 tests: the two smallest p (baseline's and agents', equal) times 3, then max(that, 2 p).
  EXPECT_NEAR(baseline.holm_p, 3 * baseline.test.p, 1e-12);
  EXPECT_GE(baseline.interval.lower, 0.04);
  EXPECT_LE(baseline.interval.upper, 0.06);
  EXPECT_EQ(baseline.verdict, Verdict::kBetter);
  const ArmComparison& poly = comparison.others[1];
  ASSERT_EQ(poly.differences.size(), 3u);
  EXPECT_EQ(poly.ties, 1);
  // {+0.01, -0.01, 0}: mean 0, se 0.01/sqrt(3), df 2; TOST t = sqrt(3), p = (1 - sqrt(3)/sqrt(5)) / 2.
  EXPECT_NEAR(poly.tost_p, (1 - std::sqrt(3.0 / 5.0)) / 2, 1e-12);
  EXPECT_EQ(poly.verdict, Verdict::kInconclusive);
  EXPECT_EQ(compare_arms(input.arms, input.runs, "object_f1", 0.05).others[1].verdict, Verdict::kEquivalent);
  const ArmComparison& agents = comparison.others[2];
  EXPECT_EQ(agents.losses, 4);
  EXPECT_EQ(agents.verdict, Verdict::kWorse);
}

TEST(CompareVerdict, TwoNoisySeedsAreInconclusiveAndTinyDifferencesEquivalent) {
  test::ScratchFolder dir;
  const int seeds = 10;
  const auto plan = plan_runs({"c.ini", {"poly", "cosine", "onecycle"}, seeds, dir / "out", {}});
  std::vector<RunResult> runs;
  for (const auto& run : plan) {
    double test = 0.6 + 0.01 * (run.seed % 3);
    if (run.arm == "cosine") test += (run.seed % 2 ? 0.002 : -0.001);                   // tiny: equivalent
    if (run.arm == "onecycle") test += (run.seed % 2 ? 0.05 : -0.03) * (run.seed < 2);  // noisy on 2 seeds only
    if (run.arm == "onecycle" && run.seed >= 2) continue;
    core::RunLogger(run.folder, 0)
        .write_summary({{"best", {{"dice", run.arm == "poly" ? 0.9 : 0.8}}}, {"test", {{"dice", test}}}});
    runs.push_back(read_run_result(run, {RunStatus::kReused, 0, 0, ""}));
  }
  const Comparison comparison = compare_arms({"poly", "cosine", "onecycle"}, runs, "dice", 0.01);
  ASSERT_EQ(comparison.others.size(), 2u);
  EXPECT_EQ(comparison.others[0].verdict, Verdict::kEquivalent);
  EXPECT_EQ(comparison.others[1].differences.size(), 2u);
  EXPECT_EQ(comparison.others[1].verdict, Verdict::kInconclusive);
}

TEST_F(CompareReport, WritesMarkdownWithTheDecisionRuleFirstThenTheArms) {
  const std::string returned = write_report(dir / "out", input);
  const std::string md = test::read_text(dir / "out/compare.md");
  EXPECT_EQ(returned, md);
  const auto rule = md.find("## Decision rule\n\n" + decision_rule("0.01"));
  ASSERT_NE(rule, std::string::npos) << md;
  EXPECT_LT(rule, md.find("## Arms"));
  EXPECT_LT(md.find("**Warning: fewer than 10 paired seeds** (the fewest of any arm: 3, of 4 seeds)"), rule) << md;
  EXPECT_TRUE(has_line(md, "- cosine: the best fixed arm (the reference)")) << md;
  EXPECT_TRUE(has_line(md, "- agents: worse")) << md;
  EXPECT_TRUE(has_line(md, "- baseline: better")) << md;
  EXPECT_TRUE(has_line(md, "- poly: inconclusive")) << md;
  // cosine reaches 0.815 on seeds 2 and 3 (best 0.82, 0.83) at step 40 after 10 s; 4 runs of 60 s.
  EXPECT_NE(md.find("| cosine | 4/4 | 0.815 | 0.6025 ± 0.017 | reference | | | reference | 2/4 | 40 | 10 | 240 |"),
            std::string::npos)
      << md;
  const Comparison comparison = compare_arms(input.arms, input.runs, "object_f1", 0.01);
  const ArmComparison& baseline = comparison.others[0];
  EXPECT_NE(
      md.find("| baseline | 4/4 | 0.7 | 0.6525 ± 0.0096 | +0.05 [" + short_number(baseline.interval.lower, "%+.4g") +
              ", " + short_number(baseline.interval.upper, "%+.4g") + "] | " + short_number(baseline.holm_p) + " | " +
              short_number(baseline.tost_p) + " | better | 0/4 | n/a | n/a | 240 |"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("| poly | 3/4 (incomplete) | 0.78 | "), std::string::npos) << md;
  EXPECT_NE(md.find("| 0/3 | n/a | n/a | 180 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| agents | 4 | seed 0: -0.05, seed 1: -0.04, seed 2: -0.06, seed 3: -0.05 | 0/0/4 | "),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| cosine | 0.8025 ± 0.017 | 12.5 ± 0 |"), std::string::npos) << md;
  EXPECT_TRUE(has_line(md, "- poly seed 3: exit status 1, log " + (dir / "out/runs/poly/seed_3.log").string())) << md;
  EXPECT_TRUE(has_line(md, "- a note about trajectories")) << md;
}

TEST_F(CompareReport, WritesOneCsvRowPerRun) {
  write_report(dir / "out", input);
  const std::string csv = test::read_text(dir / "out/compare.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "arm,group,seed,status,val_object_f1,test_dice,test_hd95,test_object_f1,total_seconds,steps,"
            "agents_fraction");
  EXPECT_TRUE(has_line(csv, "cosine,cosine,0,ok,0.8,0.8,12.5,0.6,60,40,")) << csv;
  EXPECT_TRUE(has_line(csv, "agents,agents,1,ok,0.79,0.78,12.5,0.58,60,40,0.125")) << csv;
  EXPECT_TRUE(has_line(csv, "poly,poly,3,failed,,,,,,,")) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 17);
  EXPECT_FALSE(std::filesystem::exists(dir / "out/compare.csv.tmp"));
}

TEST_F(CompareReport, WithoutAFixedArmThereIsNothingToCompareAgainst) {
  input.arms = {"agents"};
  const std::string md = compare_markdown(input);
  EXPECT_NE(md.find("No fixed arm"), std::string::npos) << md;
  EXPECT_EQ(md.find("Verdicts"), std::string::npos) << md;
  EXPECT_NE(md.find("## Decision rule"), std::string::npos) << md;
}

TEST(CompareReportSingleSeed, SaysWhyThereIsNoTest) {
  test::ScratchFolder dir;
  const auto plan = plan_runs({"c.ini", {"poly", "onecycle"}, 1, dir / "out", {}});
  ReportInput input{{"poly", "onecycle"}, 1, "dice", 0.01, {}, {}, {}};
  for (const auto& run : plan) {
    core::RunLogger(run.folder, 0)
        .write_summary({{"best", {{"dice", run.arm == "poly" ? 0.9 : 0.8}}}, {"test", {{"dice", 0.5}}}});
    input.runs.push_back(read_run_result(run, {RunStatus::kReused, 0, 0, ""}));
  }
  const std::string md = compare_markdown(input);
  EXPECT_TRUE(has_line(md, "- onecycle: inconclusive")) << md;
  EXPECT_NE(md.find("| n/a: fewer than 2 paired seeds |"), std::string::npos) << md;
  EXPECT_NE(md.find("Best fixed arm: **poly**"), std::string::npos) << md;
}

TEST(CompareTuned, TheBestSweepGroupStandsForTheArmAndEverySweepRunCountsInItsCompute) {
  test::ScratchFolder dir;
  const auto plan = plan_runs({"c.ini", {"constant-tuned", "poly"}, 2, dir / "out", {}, 0.01});
  ReportInput input{{"constant-tuned", "poly"}, 2, "dice", 0.01, {}, {}, {}};
  for (const auto& run : plan) {
    const double validation = run.group == "constant-lr2" ? 0.9 : run.group == "poly" ? 0.85 : 0.5;
    const double test = run.group == "constant-lr2" ? 0.7 + 0.01 * run.seed : 0.6;
    core::RunLogger(run.folder, 0)
        .write_summary(
            {{"best", {{"dice", validation}}}, {"test", {{"dice", test}}}, {"timing", {{"total_seconds", 10}}}});
    input.runs.push_back(read_run_result(run, {RunStatus::kReused, 0, 0, ""}));
  }
  EXPECT_EQ(best_tuned_group(input.runs, "dice"), "constant-lr2");
  EXPECT_EQ(judged_runs(input.runs, "dice").size(), 4u);
  const Comparison comparison = compare_arms(input.arms, input.runs, "dice", 0.01);
  EXPECT_EQ(comparison.reference, "constant-tuned");
  EXPECT_EQ(comparison.tuned_group, "constant-lr2");
  EXPECT_NEAR(comparison.reference_validation, 0.9, 1e-12);
  ASSERT_EQ(comparison.others.size(), 1u);
  EXPECT_NEAR(comparison.others[0].test.mean_difference, -0.105, 1e-12);
  EXPECT_EQ(compute_counted(input.runs, "constant-tuned", "").seconds, 100.0);  // 5 groups x 2 seeds x 10 s
  const std::string md = compare_markdown(input);
  EXPECT_NE(md.find("stands for constant-tuned: **constant-lr2**"), std::string::npos) << md;
  EXPECT_NE(md.find("| constant-lr0.25 | 2/2 | 0.5 ± 0 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| constant-tuned | 2/2 | 0.9 | 0.705 ± 0.0071 | reference | | | reference | 0/2 | "),
            std::string::npos)
      << md;
  EXPECT_NE(md.find(" | 100 |\n"), std::string::npos) << md;
}

TEST(CompareCompute, APopulationCountsEveryRanksSeconds) {
  std::vector<RunResult> runs;
  runs.push_back({"pbt", "pbt", 0, "r", true, "", {{"timing", {{"total_seconds", 7}}}, {"population", {{"compute_seconds", 29}}}}});
  runs.push_back({"pbt", "pbt", 1, "r", true, "", {{"timing", {{"total_seconds", 8}}}, {"population", {{"compute_seconds", 31}}}}});
  EXPECT_EQ(compute_counted(runs, "pbt", "").seconds, 60.0);
}

TEST(CompareCompute, MetaAgentsCountTheMetaTrainingSeconds) {
  test::ScratchFolder dir;
  std::vector<RunResult> runs;
  for (int seed = 0; seed < 2; ++seed) {
    RunResult run{"agents-meta", "agents-meta", seed, dir / "r", true, "", {{"timing", {{"total_seconds", 7}}}}};
    runs.push_back(run);
  }
  runs.push_back({"agents-meta", "agents-meta", 2, dir / "r", false, "failed", {}});  // not counted
  std::filesystem::create_directories(dir / "meta");
  support::write_file_atomically(dir / "meta/meta.json",
                              "{\"meta_train\": {\"seconds\": 500, \"runs\": 4, \"episodes\": 12}}");
  EXPECT_EQ(compute_counted(runs, "agents", dir / "meta").seconds, 0.0);
  const ComputeCounted meta = compute_counted(runs, "agents-meta", dir / "meta");
  EXPECT_EQ(meta.seconds, 514.0);
  EXPECT_TRUE(meta.problem.empty());
  runs.push_back({"pbt-agents-meta", "pbt-agents-meta", 0, dir / "p", true, "",
                  {{"timing", {{"total_seconds", 9}}}, {"population", {{"compute_seconds", 40}}}}});
  EXPECT_EQ(compute_counted(runs, "pbt-agents-meta", dir / "meta").seconds, 540.0);  // all ranks + meta-training
  const ComputeCounted missing = compute_counted(runs, "agents-meta", dir / "nowhere");
  EXPECT_TRUE(std::isnan(missing.seconds));
  EXPECT_NE(missing.problem.find((dir / "nowhere/meta.json").string()), std::string::npos) << missing.problem;
}

}  // namespace
}  // namespace hypera::app
