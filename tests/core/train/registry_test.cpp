#include <gtest/gtest.h>

#include "core/train/hyperparameter_registry.h"
#include "core/train/tunables.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

HyperparameterSpec spec(const std::string& name, double initial, double lower, double upper, bool integral = false) {
  return {name, initial, lower, upper, HyperparameterScope::Global, integral, ""};
}

TEST(Registry, ClampsRoundsAndNotifiesOnlyOnChange) {
  HyperparameterRegistry registry;
  registry.declare(spec("lr", 0.1, 1e-4, 1.0));
  registry.declare(spec("batch_size", 8, 1, 64, true));
  std::vector<HyperparameterWrite> writes;
  registry.add_observer([&](const HyperparameterWrite& w) { writes.push_back(w); });

  EXPECT_DOUBLE_EQ(registry.set("lr", 5.0, "agent"), 1.0);
  EXPECT_DOUBLE_EQ(registry.set("lr", 1.0, "agent"), 1.0);  // unchanged: no notification
  EXPECT_EQ(registry.set("batch_size", 12.6, "agent"), 13);
  EXPECT_EQ(registry.get_int("batch_size"), 13);
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[0].name, "lr");
  EXPECT_EQ(writes[0].writer, "agent");
  EXPECT_DOUBLE_EQ(writes[0].old_value, 0.1);
  EXPECT_DOUBLE_EQ(writes[0].new_value, 1.0);
  EXPECT_DOUBLE_EQ(writes[1].new_value, 13);
}

TEST(Registry, RejectsBadDeclarations) {
  HyperparameterRegistry registry;
  registry.declare(spec("lr", 0.1, 0, 1));
  EXPECT_THROW(registry.declare(spec("lr", 0.1, 0, 1)), InputError);
  EXPECT_THROW(registry.declare(spec("momentum", 2, 0, 1)), InputError);
  EXPECT_THROW(registry.declare(spec("wd", 0, 1, 0)), InputError);
  EXPECT_THROW(registry.get("unknown"), std::out_of_range);
}

TEST(Registry, SnapshotRestoresValuesAndRefusesUnknownNames) {
  HyperparameterRegistry registry;
  declare_tunables({{"lr", 0.02}}, registry);
  EXPECT_DOUBLE_EQ(registry.get("lr"), 0.02);
  auto saved = registry.snapshot();
  registry.set("lr", 0.5, "agent");
  registry.set("aug.flip_p", 0.0, "agent");
  registry.restore(saved, "resume");
  EXPECT_DOUBLE_EQ(registry.get("lr"), 0.02);
  EXPECT_DOUBLE_EQ(registry.get("aug.flip_p"), 0.5);
  EXPECT_THROW(registry.restore({{"no_such", 1.0}}, "resume"), InputError);
}

TEST(Registry, TunableTableDeclaresScopesOfDesign) {
  HyperparameterRegistry registry;
  declare_tunables({}, registry);
  EXPECT_EQ(registry.spec("lr").scope, HyperparameterScope::Global);
  EXPECT_EQ(registry.spec("batch_size").scope, HyperparameterScope::Global);
  EXPECT_TRUE(registry.spec("batch_size").integral);
  EXPECT_EQ(registry.spec("loss.dice").scope, HyperparameterScope::RankLocal);
  EXPECT_EQ(registry.spec("aug.elastic_p").scope, HyperparameterScope::RankLocal);
}

}  // namespace
}  // namespace hypera::core
