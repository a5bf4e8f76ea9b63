#include "core/train/lr_schedule.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/input_error.h"

namespace hypera::core {
namespace {

ScheduleOptions options(const std::string& kind) {
  ScheduleOptions o;
  o.kind = kind;
  o.base_lr = 0.01;
  o.epochs = 10;
  o.plateau_patience = 2;
  o.plateau_factor = 0.5;
  return o;
}

TEST(Schedule, PolyIsNnUNetsPerEpochFormula) {
  auto poly = make_schedule(options("poly"));
  EXPECT_DOUBLE_EQ(poly->lr(0, 5, 10), 0.01);
  EXPECT_DOUBLE_EQ(poly->lr(4, 0, 10), 0.01 * std::pow(0.6, 0.9));
  EXPECT_DOUBLE_EQ(poly->lr(4, 9, 10), poly->lr(4, 0, 10));  // constant within an epoch
}

TEST(Schedule, CosineAndOneCycleShapes) {
  auto cosine = make_schedule(options("cosine"));
  EXPECT_DOUBLE_EQ(cosine->lr(0, 0, 10), 0.01);
  EXPECT_NEAR(cosine->lr(5, 0, 10), 0.005, 1e-12);
  EXPECT_LT(cosine->lr(9, 9, 10), 1e-4);
  auto one_cycle = make_schedule(options("onecycle"));
  EXPECT_NEAR(one_cycle->lr(0, 0, 10), 0.01 / 25, 1e-12);
  EXPECT_NEAR(one_cycle->lr(3, 0, 10), 0.01, 1e-12);  // peak at 30%
  EXPECT_LT(one_cycle->lr(9, 9, 10), one_cycle->lr(0, 0, 10));
  EXPECT_DOUBLE_EQ(make_schedule(options("constant"))->lr(7, 3, 10), 0.01);
}

TEST(Schedule, PlateauReducesAfterPatienceAndRestoresState) {
  auto plateau = make_schedule(options("plateau"));
  plateau->observe_validation(0.5);
  plateau->observe_validation(0.4);
  EXPECT_DOUBLE_EQ(plateau->lr(0, 0, 1), 0.01);
  plateau->observe_validation(0.45);  // second validation without improvement
  EXPECT_DOUBLE_EQ(plateau->lr(0, 0, 1), 0.005);
  auto restored = make_schedule(options("plateau"));
  restored->restore_state(plateau->state());
  plateau->observe_validation(0.1);
  plateau->observe_validation(0.1);
  restored->observe_validation(0.1);
  restored->observe_validation(0.1);
  EXPECT_DOUBLE_EQ(restored->lr(0, 0, 1), plateau->lr(0, 0, 1));
  EXPECT_DOUBLE_EQ(restored->lr(0, 0, 1), 0.0025);
}

TEST(Schedule, UnknownKindIsInputError) { EXPECT_THROW(make_schedule(options("step")), InputError); }

}  // namespace
}  // namespace hypera::core
