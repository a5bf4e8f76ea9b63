#include "sac/replay/transition.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

namespace hypera::sac {
namespace {

Transition valid() { return Transition{{1.f, 2.f}, {0.5f}, 1.f, {3.f, 4.f}, 0.99f}; }

TEST(Transition, AcceptsDeclaredSizes) { EXPECT_NO_THROW(check_transition(valid(), 2, 1)); }

TEST(Transition, RejectsWrongSizesNonFiniteValuesAndBadDiscount) {
  EXPECT_THROW(check_transition(valid(), 3, 1), std::invalid_argument);
  EXPECT_THROW(check_transition(valid(), 2, 2), std::invalid_argument);
  Transition t = valid();
  t.next_state[1] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(check_transition(t, 2, 1), std::invalid_argument);
  t = valid();
  t.reward = std::numeric_limits<float>::infinity();
  EXPECT_THROW(check_transition(t, 2, 1), std::invalid_argument);
  t = valid();
  t.discount = 1.5f;
  EXPECT_THROW(check_transition(t, 2, 1), std::invalid_argument);
}

}  // namespace
}  // namespace hypera::sac
