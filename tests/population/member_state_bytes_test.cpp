// An exploit's payload: a member's model, optimizer state (SGD momentum), schedule state and registry, packed and
// loaded into another member, which then trains exactly as the source would.
#include "population/member_state_bytes.h"

#include <gtest/gtest.h>

#include "common/tiny_member.h"
#include "core/train/tunables.h"

namespace hypera::population {
namespace {

TEST(MemberStateBytes, TheCopyTrainsExactlyAsTheSource) {
  torch::manual_seed(0);
  test::TinyMember source(0.5f, "plateau"), target(-1.0f, "plateau");
  source.step();  // momentum buffers exist
  source.registry.set(core::tunable::kLrScale, 1.7, "test");
  source.registry.set(core::tunable::kLr, 0.3, "test");
  source.schedule->observe_validation(0.4);
  target.step();
  auto source_state = source.state();
  auto target_state = target.state();
  unpack_member_state(pack_member_state(source_state), target_state);
  for (size_t i = 0; i < source.model->parameters().size(); ++i) {
    EXPECT_TRUE(torch::equal(source.model->parameters()[i], target.model->parameters()[i]));
  }
  EXPECT_EQ(target.registry.get(core::tunable::kLrScale), 1.7);
  EXPECT_NE(target.registry.get(core::tunable::kLr), 0.3) << "lr is the schedule's, not copied";
  EXPECT_EQ(target.schedule->state(), source.schedule->state());
  // Equal momentum buffers: the next step moves both alike.
  EXPECT_EQ(source.step(), target.step());
  EXPECT_EQ(source.step(), target.step());
  for (size_t i = 0; i < source.model->parameters().size(); ++i) {
    EXPECT_TRUE(torch::equal(source.model->parameters()[i], target.model->parameters()[i]));
  }
}

TEST(MemberStateBytes, RefusesTheStateOfAnotherModel) {
  test::TinyMember member(0.0f);
  torch::nn::Linear other(5, 3);
  torch::optim::SGD optimizer(other->parameters(), torch::optim::SGDOptions(0.1));
  core::MemberState foreign{*other, optimizer, member.registry, *member.schedule};
  auto state = member.state();
  EXPECT_THROW(unpack_member_state(pack_member_state(foreign), state), std::runtime_error);
  EXPECT_THROW(unpack_member_state("not an archive", state), std::runtime_error);
}

}  // namespace
}  // namespace hypera::population
