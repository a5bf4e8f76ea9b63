#include "core/seg/losses.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <functional>

#include "support/torch_compat.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

// Logits [1, 2, 4] all zero (p = 0.5 everywhere) against target [0, 0, 0, 1].
torch::Tensor flat_logits() { return torch::zeros({1, 2, 4}, torch::kDouble); }
torch::Tensor three_and_one() { return torch::tensor({0, 0, 0, 1}, torch::kLong).view({1, 4}); }

class LossTest : public ::testing::Test {
 protected:
  void SetUp() override { torch::set_num_threads(1); }
};

TEST_F(LossTest, PerfectPredictionGivesNearZeroLosses) {
  const torch::Tensor target = torch::randint(0, 3, {2, 5, 6}, torch::kLong);
  const torch::Tensor logits = 30.0 * torch::one_hot(target, 3).permute({0, 3, 1, 2}).to(torch::kFloat);
  EXPECT_LT(soft_dice_loss(logits, target, true).item<double>(), 1e-6);
  EXPECT_LT(soft_dice_loss(logits, target, false).item<double>(), 1e-6);
  EXPECT_LT(core::cross_entropy_loss(logits, target).item<double>(), 1e-6);
  EXPECT_LT(focal_loss(logits, target).item<double>(), 1e-12);
}

TEST_F(LossTest, WrongPredictionGivesDiceLossNearOne) {
  const torch::Tensor target = torch::zeros({1, 4, 4}, torch::kLong);
  const torch::Tensor logits = torch::stack({torch::full({4, 4}, -30.0), torch::full({4, 4}, 30.0)}).unsqueeze(0);
  // Class 0 fully missed (dice 0), class 1 predicted but absent (dice 0).
  EXPECT_NEAR(soft_dice_loss(logits, target, true, 0.0).item<double>(), 1.0, 1e-9);
}

TEST_F(LossTest, HandComputedDiceValues) {
  // p = 0.5: class 0 has 3 voxels: dice = 2*1.5 / (2 + 3) = 0.6; class 1 has 1: dice = 2*0.5 / (2 + 1) = 1/3.
  EXPECT_NEAR(soft_dice_loss(flat_logits(), three_and_one(), true, 0.0).item<double>(), 1 - (0.6 + 1.0 / 3) / 2, 1e-12);
  EXPECT_NEAR(soft_dice_loss(flat_logits(), three_and_one(), false, 0.0).item<double>(), 1 - 1.0 / 3, 1e-12);
  // smooth enters numerator and denominator.
  EXPECT_NEAR(soft_dice_loss(flat_logits(), three_and_one(), false, 1.0).item<double>(), 1 - 2.0 / 4, 1e-12);
}

TEST_F(LossTest, DiceIsBatchDice) {
  // Sample 0: class 1 at all 2 voxels, predicted perfectly; sample 1: class 1 absent, predicted nowhere.
  // Batch dice pools the sums: class 1 dice = 1 exactly (per-sample averaging would give (1 + 0) / 2 with
  // smooth 0, or NaN).
  const torch::Tensor target = torch::tensor({1, 1, 0, 0}, torch::kLong).view({2, 2});
  torch::Tensor logits = torch::zeros({2, 2, 2}, torch::kDouble);
  logits.index_put_({0, 1}, 40.0);
  logits.index_put_({1, 0}, 40.0);
  EXPECT_NEAR(soft_dice_loss(logits, target, false, 0.0).item<double>(), 0.0, 1e-12);
}

TEST_F(LossTest, PerSampleDiceAveragesOverSamplesAndClasses) {
  // The same batch as DiceIsBatchDice with batch = false (MONAI's default): sample 0 class 1 dice = 1,
  // sample 1 class 1 dice = smooth / smooth = 1 (absent and not predicted); with smooth 0 it is 0 / 0.
  const torch::Tensor target = torch::tensor({1, 1, 0, 0}, torch::kLong).view({2, 2});
  torch::Tensor logits = torch::zeros({2, 2, 2}, torch::kDouble);
  logits.index_put_({0, 1}, 40.0);
  logits.index_put_({1, 0}, 40.0);
  EXPECT_NEAR(soft_dice_loss(logits, target, false, 1e-5, false).item<double>(), 0.0, 1e-9);
  // p = 0.5 everywhere, target rows [0, 0, 0, 1] and [1, 1, 1, 1], background included, smooth 0:
  // sample 0: class 0 dice 2*1.5/(2+3) = 0.6, class 1 dice 2*0.5/(2+1) = 1/3;
  // sample 1: class 0 dice 0/(2+0) = 0, class 1 dice 2*2/(2+4) = 2/3.
  const torch::Tensor rows = torch::tensor({0, 0, 0, 1, 1, 1, 1, 1}, torch::kLong).view({2, 4});
  const double per_sample = 1 - (0.6 + 1.0 / 3 + 0.0 + 2.0 / 3) / 4;
  EXPECT_NEAR(soft_dice_loss(torch::zeros({2, 2, 4}, torch::kDouble), rows, true, 0.0, false).item<double>(),
              per_sample, 1e-12);
  // Batch dice pools them: class 0 2*1.5/(4+3) = 3/7, class 1 2*2.5/(4+5) = 5/9.
  EXPECT_NEAR(soft_dice_loss(torch::zeros({2, 2, 4}, torch::kDouble), rows, true, 0.0, true).item<double>(),
              1 - (3.0 / 7 + 5.0 / 9) / 2, 1e-12);
}

TEST_F(LossTest, HandComputedBoundaryLoss) {
  // Two classes, p = 0.5 everywhere, phi of class 1 = (2, 1, 0, -1): 0.5 * (2 + 1 + 0 - 1) / 4.
  const torch::Tensor phi = torch::tensor({2.0, 1.0, 0.0, -1.0}, torch::kDouble).view({1, 1, 4});
  EXPECT_NEAR(boundary_loss(flat_logits(), phi).item<double>(), 0.25, 1e-12);
  // Logits (0, log 3) give p_1 = 3/4 at voxel 0, p_1 = 1/2 elsewhere: (0.75 * 2 + 0.5 * (1 + 0 - 1)) / 4.
  torch::Tensor logits = flat_logits();
  logits.index_put_({0, 1, 0}, std::log(3.0));
  EXPECT_NEAR(boundary_loss(logits, phi).item<double>(), 1.5 / 4, 1e-12);
  // Three classes, p = 1/3, phi_1 = (3, -3), phi_2 = (6, 0): summed over classes, averaged over 2 voxels.
  const torch::Tensor phi3 = torch::tensor({3.0, -3.0, 6.0, 0.0}, torch::kDouble).view({1, 2, 2});
  EXPECT_NEAR(boundary_loss(torch::zeros({1, 3, 2}, torch::kDouble), phi3).item<double>(), (6.0 / 3) / 2, 1e-12);
  // The composite reports it, weighted into the total.
  const LossTerms terms = composite_loss(flat_logits(), three_and_one(), LossWeights{0, 1, 0, 2.0}, {}, phi);
  ASSERT_TRUE(terms.boundary.has_value());
  EXPECT_NEAR(*terms.boundary, 0.25, 1e-12);
  EXPECT_NEAR(terms.total.item<double>(), std::log(2.0) + 2.0 * 0.25, 1e-12);
  EXPECT_FALSE(composite_loss(flat_logits(), three_and_one(), LossWeights{0, 1, 0, 0}).boundary.has_value());
}

TEST_F(LossTest, HandComputedCrossEntropy) {
  EXPECT_NEAR(core::cross_entropy_loss(flat_logits(), three_and_one()).item<double>(), std::log(2.0), 1e-12);
  // Class weights: a weighted mean of -log p_t; with logits (0, log 3) at voxel 0 (target 1), p_t = 3/4.
  torch::Tensor logits = torch::zeros({1, 2, 2}, torch::kDouble);
  logits.index_put_({0, 1, 0}, std::log(3.0));
  const torch::Tensor target = torch::tensor({1, 0}, torch::kLong).view({1, 2});
  const torch::Tensor weights = torch::tensor({1.0, 3.0});
  const double expected = (3.0 * -std::log(0.75) + 1.0 * -std::log(0.5)) / 4.0;
  EXPECT_NEAR(core::cross_entropy_loss(logits, target, weights).item<double>(), expected, 1e-12);
}

TEST_F(LossTest, HandComputedFocal) {
  // p_t = 0.5 everywhere: loss = mean(a_t) * 0.5^gamma * log 2 with a_t = 0.75 (background), 0.25 (class 1).
  const double mean_alpha = (3 * 0.75 + 0.25) / 4;
  EXPECT_NEAR(focal_loss(flat_logits(), three_and_one(), 2.0, 0.25).item<double>(),
              mean_alpha * 0.25 * std::log(2.0), 1e-12);
  // gamma 0 and alpha 0.5 is half the cross-entropy.
  const torch::Tensor logits = torch::randn({2, 3, 4, 5}, torch::kDouble);
  const torch::Tensor target = torch::randint(0, 3, {2, 4, 5}, torch::kLong);
  EXPECT_NEAR(focal_loss(logits, target, 0.0, 0.5).item<double>(), 0.5 * core::cross_entropy_loss(logits, target).item<double>(),
              1e-12);
}

// Central finite differences of loss(logits) against autograd, in double precision.
void expect_gradient_matches(const std::function<torch::Tensor(const torch::Tensor&)>& loss, torch::Tensor logits) {
  logits = logits.clone().requires_grad_(true);
  const torch::Tensor analytic = torch::autograd::grad({loss(logits)}, {logits})[0];
  torch::NoGradGuard no_grad;
  const double eps = 1e-6;
  torch::Tensor flat = logits.detach().clone().view(-1);
  const torch::Tensor analytic_flat = analytic.reshape(-1);
  for (int64_t i = 0; i < flat.numel(); ++i) {
    const double v = flat[i].item<double>();
    flat[i] = v + eps;
    const double up = loss(flat.view(logits.sizes())).item<double>();
    flat[i] = v - eps;
    const double down = loss(flat.view(logits.sizes())).item<double>();
    flat[i] = v;
    const double numeric = (up - down) / (2 * eps);
    EXPECT_NEAR(analytic_flat[i].item<double>(), numeric, 1e-7 + 1e-5 * std::abs(numeric)) << "element " << i;
  }
}

TEST_F(LossTest, GradientsMatchFiniteDifferences) {
  torch::manual_seed(11);
  const torch::Tensor logits = torch::randn({2, 3, 3, 2}, torch::kDouble);
  const torch::Tensor target = torch::randint(0, 3, {2, 3, 2}, torch::kLong);
  expect_gradient_matches([&](const torch::Tensor& x) { return soft_dice_loss(x, target, false, 1e-5); }, logits);
  expect_gradient_matches([&](const torch::Tensor& x) { return soft_dice_loss(x, target, true, 1.0); }, logits);
  expect_gradient_matches([&](const torch::Tensor& x) { return soft_dice_loss(x, target, true, 1e-5, false); }, logits);
  const torch::Tensor weights = torch::tensor({0.2, 1.0, 2.5});
  expect_gradient_matches([&](const torch::Tensor& x) { return core::cross_entropy_loss(x, target, weights); }, logits);
  expect_gradient_matches([&](const torch::Tensor& x) { return focal_loss(x, target, 2.0, 0.25); }, logits);
  expect_gradient_matches([&](const torch::Tensor& x) { return focal_loss(x, target, 1.5, 0.6); }, logits);
  const torch::Tensor phi = 3.0 * torch::randn({2, 2, 3, 2}, torch::kDouble);
  expect_gradient_matches([&](const torch::Tensor& x) { return boundary_loss(x, phi); }, logits);
  CompositeLossOptions options;
  options.dice_include_background = true;
  options.ce_class_weights = weights;
  expect_gradient_matches(
      [&](const torch::Tensor& x) { return composite_loss(x, target, LossWeights{0.7, 1.3, 2.0, 0.4}, options, phi).total; },
      logits);
}

TEST_F(LossTest, CompositeReportsEveryTermAndSumsOnlyWeightedOnes) {
  const torch::Tensor logits = torch::randn({2, 3, 4, 4}, torch::kDouble).requires_grad_(true);
  const torch::Tensor target = torch::randint(0, 3, {2, 4, 4}, torch::kLong);
  const LossTerms terms = composite_loss(logits, target, LossWeights{2.0, 0.5, 0.0});
  const double dice = soft_dice_loss(logits, target).item<double>();
  const double ce = core::cross_entropy_loss(logits, target).item<double>();
  const double focal = focal_loss(logits, target).item<double>();
  EXPECT_NEAR(terms.dice, dice, 1e-12);
  EXPECT_NEAR(terms.ce, ce, 1e-12);
  EXPECT_NEAR(terms.focal, focal, 1e-12);  // reported although its weight is zero
  EXPECT_GT(terms.focal, 0.0);
  EXPECT_NEAR(terms.total.item<double>(), 2.0 * dice + 0.5 * ce, 1e-12);
  const torch::Tensor grad_total = torch::autograd::grad({terms.total}, {logits})[0];
  const torch::Tensor expected_total = 2.0 * soft_dice_loss(logits, target) + 0.5 * core::cross_entropy_loss(logits, target);
  const torch::Tensor grad_expected = torch::autograd::grad({expected_total}, {logits})[0];
  EXPECT_TRUE(torch::allclose(grad_total, grad_expected, 1e-10, 1e-12));
}

TEST_F(LossTest, LowPrecisionLogitsAreLossedInFloat32) {
  const torch::Tensor target = torch::randint(0, 2, {1, 8, 8}, torch::kLong);
  const torch::Tensor logits = torch::randn({1, 2, 8, 8}).to(torch::kBFloat16);
  AutocastGuard autocast(torch::kCPU, torch::kBFloat16);
  const LossTerms terms = composite_loss(logits, target, LossWeights{1, 1, 1});
  EXPECT_EQ(terms.total.scalar_type(), torch::kFloat);
  EXPECT_TRUE(std::isfinite(terms.total.item<double>()));
}

TEST_F(LossTest, BadInputsAreInputErrors) {
  const torch::Tensor logits = torch::randn({1, 2, 4, 4});
  EXPECT_THROW(soft_dice_loss(logits, torch::full({1, 4, 4}, 2, torch::kLong)), InputError);   // label 2 of 2 classes
  EXPECT_THROW(core::cross_entropy_loss(logits, torch::full({1, 4, 4}, -1, torch::kLong)), InputError);
  EXPECT_THROW(focal_loss(logits, torch::zeros({1, 4, 5}, torch::kLong)), InputError);        // shape
  EXPECT_THROW(focal_loss(logits, torch::zeros({1, 4, 4}, torch::kInt)), InputError);         // dtype
  EXPECT_THROW(focal_loss(logits, torch::zeros({1, 4, 4}, torch::kLong), -1.0), InputError);  // gamma
  EXPECT_THROW(core::cross_entropy_loss(logits, torch::zeros({1, 4, 4}, torch::kLong), torch::ones({3})), InputError);
  EXPECT_THROW(composite_loss(logits, torch::zeros({1, 4, 4}, torch::kLong), LossWeights{-1, 1, 0}), InputError);
  EXPECT_THROW(composite_loss(logits, torch::zeros({1, 4, 4}, torch::kLong), LossWeights{0, 0, 0}), InputError);
  EXPECT_THROW(composite_loss(logits, torch::zeros({1, 4, 4}, torch::kLong), LossWeights{0, 0, 0, 1}), InputError);
  EXPECT_THROW(boundary_loss(logits, torch::zeros({1, 2, 4, 4})), InputError);  // C maps instead of C - 1
  EXPECT_THROW(boundary_loss(logits, torch::zeros({1, 1, 4, 3})), InputError);
}

}  // namespace
}  // namespace hypera::core
