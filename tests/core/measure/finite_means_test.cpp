// Means over images that stay readable (finite_means.h): finite values only, NaN and +-inf counted, on
// rows of real scores where one prediction is empty (its hd95 +inf).
#include "core/measure/finite_means.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "support/input_error.h"
#include "common/grid.h"

namespace hypera::core {
namespace {

using test::fill_box;
using test::grid;

double value_of(const std::vector<NamedValue>& values, const std::string& name) {
  for (const NamedValue& v : values) {
    if (v.name == name) return v.value;
  }
  ADD_FAILURE() << "no value named " << name;
  return 0;
}

bool has(const std::vector<NamedValue>& values, const std::string& name) {
  for (const NamedValue& v : values) {
    if (v.name == name) return true;
  }
  return false;
}

// The scores of a 6x6 truth box against a prediction box shifted by `shift` pixels along x.
std::vector<NamedValue> shifted_scores(int shift) {
  data::LabelVolume gt(grid(20, 20));
  data::LabelVolume pred(grid(20, 20));
  fill_box(gt, 4, 4, 6, 6);
  fill_box(pred, 4 + shift, 4, 6, 6);
  return named_values(score_labels(pred, gt));
}

std::vector<NamedValue> empty_prediction_scores() {
  data::LabelVolume gt(grid(20, 20));
  fill_box(gt, 4, 4, 6, 6);
  return named_values(score_labels(data::LabelVolume(grid(20, 20)), gt));
}

FiniteMeans tally_of(const std::vector<std::vector<NamedValue>>& rows) {
  FiniteMeans tally(names_of(rows.front()));
  for (const auto& row : rows) tally.add(row);
  return tally;
}

TEST(FiniteMeans, OneEmptyPredictionIsCountedNotAveraged) {
  const auto one = shifted_scores(1), two = shifted_scores(2), empty = empty_prediction_scores();
  ASSERT_TRUE(std::isinf(value_of(empty, "hd95")));
  const FiniteMeans tally = tally_of({one, empty, two});
  const auto means = tally.means();
  EXPECT_EQ(tally.rows(), 3);
  EXPECT_DOUBLE_EQ(value_of(means, "hd95"), (value_of(one, "hd95") + value_of(two, "hd95")) / 2);
  EXPECT_DOUBLE_EQ(value_of(means, "hausdorff"), 1.5);
  EXPECT_TRUE(std::isfinite(value_of(means, "assd")));
  // dice is 0 for the empty prediction: finite, so in the mean.
  EXPECT_DOUBLE_EQ(value_of(means, "dice"), (value_of(one, "dice") + 0 + value_of(two, "dice")) / 3);
  const auto counts = tally.nonfinite_counts();
  EXPECT_EQ(value_of(counts, "hd95_nonfinite"), 1);
  EXPECT_EQ(value_of(counts, "hausdorff_nonfinite"), 1);
  EXPECT_EQ(value_of(counts, "assd_nonfinite"), 1);
  EXPECT_EQ(value_of(counts, "precision_nonfinite"), 1);  // NaN is counted too
  EXPECT_FALSE(has(counts, "dice_nonfinite"));
  const auto both = tally.means_and_counts();
  ASSERT_EQ(both.size(), means.size() + counts.size());
  EXPECT_EQ(both[means.size()].name, counts[0].name);
}

TEST(FiniteMeans, AllFiniteHasNoCounts) {
  const FiniteMeans tally = tally_of({shifted_scores(0), shifted_scores(3)});
  EXPECT_TRUE(tally.nonfinite_counts().empty());
  EXPECT_DOUBLE_EQ(value_of(tally.means(), "hausdorff"), 1.5);
}

TEST(FiniteMeans, NoFiniteValueGivesNanAndTheCount) {
  const FiniteMeans tally = tally_of({empty_prediction_scores(), empty_prediction_scores()});
  EXPECT_TRUE(std::isnan(value_of(tally.means(), "hd95")));
  EXPECT_EQ(value_of(tally.nonfinite_counts(), "hd95_nonfinite"), 2);
  EXPECT_DOUBLE_EQ(value_of(tally.means(), "dice"), 0);
}

TEST(FiniteMeans, MinusInfinityIsCountedToo) {
  const double inf = std::numeric_limits<double>::infinity();
  const FiniteMeans tally = tally_of({{{"x", -inf}}, {{"x", 4}}, {{"x", inf}}});
  EXPECT_EQ(value_of(tally.means(), "x"), 4);
  EXPECT_EQ(value_of(tally.nonfinite_counts(), "x_nonfinite"), 2);
}

TEST(FiniteMeans, SummedTotalsAreOneTallyOfAllRows) {
  const auto one = shifted_scores(1), two = shifted_scores(2), empty = empty_prediction_scores();
  FiniteMeans first = tally_of({one, empty});
  const FiniteMeans second = tally_of({two});
  std::vector<double> sum = first.totals();
  for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += second.totals()[i];
  first.set_totals(sum);
  const FiniteMeans whole = tally_of({one, empty, two});
  EXPECT_EQ(first.rows(), 3);
  EXPECT_EQ(value_of(first.means(), "hd95"), value_of(whole.means(), "hd95"));
  EXPECT_EQ(value_of(first.nonfinite_counts(), "hd95_nonfinite"), 1);
  EXPECT_THROW(first.set_totals({1.0}), std::invalid_argument);
}

TEST(FiniteMeans, RowsWithOtherNamesAreRejected) {
  const auto row = shifted_scores(0);
  FiniteMeans tally(names_of(row));
  auto renamed = row;
  renamed[3].name = "other";
  EXPECT_THROW(tally.add(renamed), InputError);
  EXPECT_THROW(tally.add({row.begin(), row.begin() + 2}), InputError);
  EXPECT_EQ(tally.rows(), 0);
  EXPECT_EQ(FiniteMeans({}).rows(), 0);
}

}  // namespace
}  // namespace hypera::core
