#include "agents/coordination/conflict_resolution.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "support/input_error.h"

namespace hypera::agents {
namespace {

const std::vector<Proposal> kTwo{{"region", 10, 1, 0}, {"object_detection", 30, 3, 1}};

TEST(ConflictResolution, WeightedAverageWeighsProposals) {
  EXPECT_DOUBLE_EQ(resolve_conflict(kTwo, 24, ConflictStrategy::WeightedAverage, 0), (10 * 1 + 30 * 3) / 4.0);
  const std::vector<Proposal> zero_weights{{"a", 10, 0, 0}, {"b", 20, 0, 0}};
  EXPECT_DOUBLE_EQ(resolve_conflict(zero_weights, 0, ConflictStrategy::WeightedAverage, 0), 15);
}

TEST(ConflictResolution, PriorityBasedTakesTheHighestPriorityFirstOnTies) {
  EXPECT_DOUBLE_EQ(resolve_conflict(kTwo, 24, ConflictStrategy::PriorityBased, 0), 30);
  const std::vector<Proposal> tie{{"a", 5, 1, 2}, {"b", 7, 1, 2}, {"c", 9, 1, 1}};
  EXPECT_DOUBLE_EQ(resolve_conflict(tie, 0, ConflictStrategy::PriorityBased, 0), 5);
}

TEST(ConflictResolution, ConsensusAppliesOnlyAgreement) {
  EXPECT_DOUBLE_EQ(resolve_conflict(kTwo, 24, ConflictStrategy::Consensus, 19.9), 24);  // disagree: base
  EXPECT_DOUBLE_EQ(resolve_conflict(kTwo, 24, ConflictStrategy::Consensus, 20), 20);    // agree: mean
}

TEST(ConflictResolution, SingleAndNoProposal) {
  for (const auto s : {ConflictStrategy::WeightedAverage, ConflictStrategy::PriorityBased, ConflictStrategy::Consensus}) {
    EXPECT_DOUBLE_EQ(resolve_conflict({{"a", 3, 1, 0}}, 24, s, 0), 3);
    EXPECT_DOUBLE_EQ(resolve_conflict({}, 24, s, 0), 24);
  }
}

TEST(ConflictResolution, RejectsBadInput) {
  EXPECT_THROW(resolve_conflict({{"a", 1, -1, 0}, {"b", 2, 1, 0}}, 0, ConflictStrategy::WeightedAverage, 0),
               std::invalid_argument);
  EXPECT_THROW(resolve_conflict(kTwo, 0, ConflictStrategy::Consensus, -1), std::invalid_argument);
  EXPECT_THROW(parse_conflict_strategy("vote", "--agents.strategy"), InputError);
  for (const auto s : {ConflictStrategy::WeightedAverage, ConflictStrategy::PriorityBased, ConflictStrategy::Consensus}) {
    EXPECT_EQ(parse_conflict_strategy(to_string(s), "x"), s);
  }
}

}  // namespace
}  // namespace hypera::agents
