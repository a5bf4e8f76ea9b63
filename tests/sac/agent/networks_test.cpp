#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <string>
#include <vector>

#include "sac/agent/categorical_policy.h"
#include "sac/agent/flat_adam.h"
#include "sac/agent/stacked_mlp.h"
#include "sac/agent/twin_q_network.h"

namespace hypera::sac {
namespace {

at::Generator seeded(uint64_t seed) { return at::make_generator<at::CPUGeneratorImpl>(seed); }

TEST(StackedMlp, SameSeedSameParametersAndDefaultInitBounds) {
  torch::set_num_threads(1);
  at::Generator a = seeded(3), b = seeded(3), c = seeded(4);
  StackedMlp first(2, 5, {8, 6}, 1, "tanh", a), second(2, 5, {8, 6}, 1, "tanh", b), other(2, 5, {8, 6}, 1, "tanh", c);
  EXPECT_TRUE(torch::equal(first.values(), second.values()));
  EXPECT_FALSE(torch::equal(first.values(), other.values()));
  EXPECT_EQ(first.values().numel(), 2 * ((5 + 1) * 8 + (8 + 1) * 6 + (6 + 1) * 1));
  // First layer (fan-in 5) comes first in the buffer: |w| <= 1/sqrt(5); the whole buffer is within 1/sqrt(5).
  EXPECT_LE(first.values().abs().max().item<double>(), 1.0 / std::sqrt(5.0) + 1e-6);
  EXPECT_THROW(StackedMlp(1, 5, {8}, 1, "gelu", a), std::invalid_argument);
}

TEST(StackedMlp, MembersAreIndependentNetworks) {
  at::Generator generator = seeded(1);
  StackedMlp twin(2, 4, {16}, 3, "relu", generator);
  torch::Tensor x = torch::randn({7, 4}, generator);
  torch::Tensor shared = twin.forward(x);
  ASSERT_EQ(shared.sizes(), (std::vector<int64_t>{2, 7, 3}));
  EXPECT_TRUE(torch::allclose(shared, twin.forward(x.unsqueeze(0).expand({2, 7, 4}).contiguous())));
  EXPECT_FALSE(torch::allclose(shared[0], shared[1]));
  // Each member is the plain MLP relu(x W1 + b1) W2 + b2 with its slice of the flat buffer.
  torch::Tensor v = twin.values();
  const int64_t w1 = 2 * 4 * 16, b1 = 2 * 16, w2 = 2 * 16 * 3;
  torch::Tensor W1 = v.narrow(0, 0, w1).view({2, 4, 16}), B1 = v.narrow(0, w1, b1).view({2, 16});
  torch::Tensor W2 = v.narrow(0, w1 + b1, w2).view({2, 16, 3}), B2 = v.narrow(0, w1 + b1 + w2, 2 * 3).view({2, 3});
  for (int e = 0; e < 2; ++e) {
    torch::Tensor expected = torch::relu(x.matmul(W1[e]) + B1[e]).matmul(W2[e]) + B2[e];
    EXPECT_TRUE(torch::allclose(shared[e], expected, 1e-5, 1e-6)) << "member " << e;
  }
}

TEST(StackedMlp, GradientsAccumulateIntoTheFlatBuffer) {
  at::Generator generator = seeded(2);
  StackedMlp net(1, 3, {8}, 2, "elu", generator);
  torch::Tensor x = torch::randn({5, 3}, generator);
  net.forward(x).sum().backward();
  const double norm = net.grads().norm().item<double>();
  EXPECT_GT(norm, 0.0);
  net.forward(x).sum().backward();  // accumulates
  EXPECT_NEAR(net.grads().norm().item<double>(), 2 * norm, 1e-4 * norm);
  net.zero_grad();
  net.set_requires_grad(false);
  torch::Tensor input = x.clone().requires_grad_(true);
  net.forward(input).sum().backward();
  EXPECT_EQ(net.grads().abs().sum().item<double>(), 0.0);
  EXPECT_GT(input.grad().abs().sum().item<double>(), 0.0);
}

// The plain per-layer graph of `net` (E members, one hidden activation) built from a copy of its flat buffer.
torch::Tensor reference_forward(const StackedMlp& net, const torch::Tensor& flat, const torch::Tensor& x,
                                const std::vector<int64_t>& widths, const std::string& activation) {
  torch::Tensor h = x.dim() == 2 ? x.unsqueeze(0).expand({net.members(), x.size(0), x.size(1)}) : x;
  int64_t offset = 0;
  for (size_t layer = 0; layer + 1 < widths.size(); ++layer) {
    const int64_t w = net.members() * widths[layer] * widths[layer + 1], b = net.members() * widths[layer + 1];
    torch::Tensor weight = flat.narrow(0, offset, w).view({net.members(), widths[layer], widths[layer + 1]});
    torch::Tensor bias = flat.narrow(0, offset + w, b).view({net.members(), 1, widths[layer + 1]});
    offset += w + b;
    h = torch::matmul(h, weight) + bias;
    if (layer + 2 < widths.size()) {
      h = activation == "relu" ? torch::relu(h) : activation == "tanh" ? torch::tanh(h) : torch::elu(h);
    }
  }
  return h;
}

TEST(StackedMlp, GradientsEqualThoseOfThePlainPerLayerGraph) {
  for (const std::string activation : {"relu", "tanh", "elu"}) {
    for (const bool shared_input : {true, false}) {
      at::Generator generator = seeded(7);
      const std::vector<int64_t> widths{3, 9, 6, 2};
      StackedMlp net(2, 3, {9, 6}, 2, activation, generator);
      torch::Tensor x =
          (shared_input ? torch::randn({5, 3}, generator) : torch::randn({2, 5, 3}, generator)).requires_grad_(true);
      torch::Tensor weights = torch::randn({2, 5, 2}, generator);  // a loss that weighs every output differently
      (net.forward(x) * weights).sum().backward();

      torch::Tensor flat = net.values().clone().requires_grad_(true);
      torch::Tensor x_ref = x.detach().clone().requires_grad_(true);
      (reference_forward(net, flat, x_ref, widths, activation) * weights).sum().backward();
      EXPECT_TRUE(torch::allclose(net.grads(), flat.grad(), 1e-5, 1e-6)) << activation << " " << shared_input;
      EXPECT_TRUE(torch::allclose(x.grad(), x_ref.grad(), 1e-5, 1e-6)) << activation << " " << shared_input;
    }
  }
}

TEST(StackedMlp, PolyakUpdateArithmetic) {
  at::Generator generator = seeded(5);
  StackedMlp online(2, 3, {4}, 1, "relu", generator);
  StackedMlp target = online.frozen_copy();
  EXPECT_TRUE(torch::equal(target.values(), online.values()));
  EXPECT_NE(target.values().data_ptr(), online.values().data_ptr());
  EXPECT_FALSE(target.grads().defined());
  {
    torch::NoGradGuard no_grad;
    online.values().add_(torch::randn(online.values().sizes(), generator));
  }
  const torch::Tensor before = target.values().to(torch::kFloat64);
  const double tau = 0.005;
  target.polyak_from(online, tau);
  torch::Tensor expected = tau * online.values().to(torch::kFloat64) + (1 - tau) * before;
  EXPECT_TRUE(torch::allclose(target.values().to(torch::kFloat64), expected, 1e-6, 1e-7));
  EXPECT_FALSE(torch::allclose(target.values(), before.to(torch::kFloat32)));
}

TEST(TwinQNetwork, TargetIsTheMinimumOfTheTwins) {
  torch::Tensor twin = torch::tensor({{1.0F, -2.0F, 3.0F}, {0.5F, -1.0F, 4.0F}});
  EXPECT_TRUE(torch::equal(TwinQNetwork::twin_min(twin), torch::tensor({0.5F, -2.0F, 3.0F})));
  at::Generator generator = seeded(9);
  TwinQNetwork critics(3, 2, 1, {8}, "relu", generator);
  torch::Tensor s = torch::randn({4, 3}, generator), a = torch::rand({4, 2}, generator);
  EXPECT_EQ(critics.q(s, a).sizes(), (std::vector<int64_t>{2, 4}));
  EXPECT_TRUE(torch::equal(critics.q(s, a), critics.target_q(s, a)));  // targets start as exact copies
  TwinQNetwork discrete(3, 0, 5, {8}, "relu", generator);
  EXPECT_EQ(discrete.q_all(s).sizes(), (std::vector<int64_t>{2, 4, 5}));
}

TEST(CategoricalPolicy, ProbabilitiesAndLogProbabilitiesAgree) {
  at::Generator generator = seeded(11);
  CategoricalPolicy policy(4, 3, {8}, "relu", generator);
  torch::Tensor s = torch::randn({6, 4}, generator);
  CategoricalPolicy::Distribution pi = policy.distribution(s);
  EXPECT_TRUE(torch::allclose(pi.probs.sum(1), torch::ones({6})));
  EXPECT_TRUE(torch::allclose(pi.log_probs.exp(), pi.probs));
  EXPECT_TRUE(torch::equal(policy.greedy(s), pi.probs.argmax(1)));
  torch::Tensor drawn = policy.sample(s, generator);
  EXPECT_TRUE((drawn >= 0).all().item<bool>() && (drawn < 3).all().item<bool>());
}

// FlatAdam against LibTorch's own Adam (same defaults), with and without global-norm clipping.
TEST(FlatAdam, MatchesTorchAdamWithClipping) {
  for (double clip : {0.0, 0.5}) {
    torch::Tensor reference = torch::tensor({1.0F, -2.0F, 3.0F, 0.5F}).requires_grad_(true);
    torch::optim::Adam torch_adam({reference}, torch::optim::AdamOptions(0.1));
    torch::Tensor values = reference.detach().clone(), grads = torch::zeros_like(values);
    FlatAdam flat(values, grads, 0.1, clip);
    const torch::Tensor weights = torch::tensor({1.0F, 3.0F, 0.5F, 2.0F});
    for (int step = 0; step < 20; ++step) {
      torch_adam.zero_grad();
      (weights * reference.square()).sum().backward();
      if (clip > 0) torch::nn::utils::clip_grad_norm_({reference}, clip);
      torch_adam.step();
      grads.copy_(2 * weights * values);
      flat.step();
    }
    EXPECT_TRUE(torch::allclose(values, reference.detach(), 1e-5, 1e-6)) << "clip " << clip;
    EXPECT_EQ(flat.steps(), 20);
  }
}

}  // namespace
}  // namespace hypera::sac
