// The population's memory in its text form (population.txt in every member's checkpoint) and its records:
// population.csv and the lineage read from the copies.
#include <gtest/gtest.h>

#include <cmath>

#include "population/population_records.h"
#include "population/population_state.h"
#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"

namespace hypera::population {
namespace {

// Three members over two generations: at generation 1 member 2 copies member 0, at generation 2 member 0
// copies member 1.
PopulationState three_members() {
  PopulationState s;
  s.started = true;
  s.validations = 4;
  s.generations = 2;
  s.previous_metric = {0.5, 0.75, NAN};
  for (int m = 0; m < 3; ++m) s.rows.push_back({0, 0, 0, m, NAN, NAN, -1, {1.0 + m, 3e-5}});
  s.rows.push_back({1, 2, 20, 0, 0.4, 0.4, -1, {1.0, 3e-5}});
  s.rows.push_back({1, 2, 20, 1, 0.3, 0.3, -1, {2.0, 3e-5}});
  s.rows.push_back({1, 2, 20, 2, 0.1, 0.1, 0, {1.2, 3e-5}});
  s.rows.push_back({2, 4, 40, 0, 0.5, 0.1, 1, {1.6, 3e-5}});
  s.rows.push_back({2, 4, 40, 1, 0.75, 0.45, -1, {2.0, 3e-5}});
  s.rows.push_back({2, 4, 40, 2, 0.6, 0.5, -1, {1.2, 3e-5}});
  s.schedules = {{{0, "lr_scale", 2.0}, {40, "lr_scale", 1.6}}, {{0, "lr_scale", 2.0}}, {{0, "lr_scale", 1.0}, {20, "lr_scale", 1.2}}};
  return s;
}

TEST(PopulationState, ReadsBackWhatItWrites) {
  const PopulationState s = three_members();
  const std::string text = population_state_text(s);
  const PopulationState back = population_state_from_text(text, 3, "population.txt");
  EXPECT_EQ(population_state_text(back), text);
  EXPECT_TRUE(std::isnan(back.previous_metric[2]));
  EXPECT_EQ(back.rows[5].copied_from, 0);
  EXPECT_EQ(back.rows[6].copied_from, 1);
  EXPECT_EQ(back.rows[7].copied_from, -1);
  EXPECT_EQ(back.rows[6].values[0], 1.6);
  EXPECT_EQ(back.schedules[0][1].step, 40);
  EXPECT_EQ(back.exploits(), 2) << "member 2 at generation 1, member 0 at generation 2";
}

TEST(PopulationState, RefusesDamagedTextAndAnotherPopulationSize) {
  const std::string text = population_state_text(three_members());
  test::expect_input_error([&] { population_state_from_text(text, 4, "ck/population.txt"); }, "ck/population.txt");
  test::expect_input_error([&] { population_state_from_text(text.substr(0, text.size() / 2), 3, "half.txt"); }, "half.txt");
  test::expect_input_error([&] { population_state_from_text("hypera-population 9\n", 3, "new.txt"); }, "new.txt");
  test::expect_input_error([&] { population_state_from_text(text + "extra", 3, "long.txt"); }, "long.txt");
}

TEST(PopulationRecords, TheLineageFollowsTheCopiesBackwards) {
  const auto slots = ancestor_slots(three_members().rows, 3);
  EXPECT_EQ(slots[0], (std::vector<int>{1, 1, 0})) << "member 0 descends from member 1 since generation 2";
  EXPECT_EQ(slots[1], (std::vector<int>{1, 1, 1}));
  EXPECT_EQ(slots[2], (std::vector<int>{0, 2, 2})) << "member 2 descends from member 0 since generation 1";
}

TEST(PopulationRecords, WritesTheCsvAndThePlots) {
  test::ScratchFolder dir;
  write_population_csv(dir.path(), {"optim.lr_scale", "optim.weight_decay"}, three_members());
  plot_population(dir.path(), three_members(), 3);
  const std::string csv = test::read_text(dir / "population.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "generation,epoch,step,member,metric,fitness,copied_from,optim.lr_scale,optim.weight_decay");
  EXPECT_NE(csv.find("\n0,0,0,2,nan,nan,,3,3e-05\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n2,4,40,0,0.5,0.1,1,1.6,3e-05\n"), std::string::npos) << csv;
  EXPECT_GT(std::filesystem::file_size(dir / "lineage.png"), 1000u);
  EXPECT_GT(std::filesystem::file_size(dir / "population_metric.png"), 1000u);
}

TEST(PopulationRecords, ThePopulationsMetricsAreTheBestMembersRowOfEachEpoch) {
  const std::string header = "epoch,step,val_dice\n";
  const std::vector<std::string> members{header + "0,2,0.5\n1,4,\n2,6,0.7\n", header + "0,2,0.6\n1,4,\n2,6,0.65\n"};
  EXPECT_EQ(best_member_metrics_csv(members, "val_dice", "run"), header + "0,2,0.6\n1,4,\n2,6,0.7\n");
  test::expect_input_error([&] { best_member_metrics_csv(members, "val_object_f1", "run/m"); }, "run/m");
  test::expect_input_error([&] { best_member_metrics_csv({members[0], header + "0,2,0.6\n"}, "val_dice", "run/x"); },
                           "run/x");
}

}  // namespace
}  // namespace hypera::population
