#include "core/seg/unet.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/seg/losses.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

UNetOptions small_2d(int depth = 3) {
  UNetOptions o;
  o.spatial_dims = 2;
  o.in_channels = 1;
  o.num_classes = 3;
  o.depth = depth;
  o.base_channels = 4;
  o.groups = 2;
  return o;
}

bool same_weights(UNet& a, UNet& b) {
  const auto pa = a->parameters();
  const auto pb = b->parameters();
  if (pa.size() != pb.size()) return false;
  for (size_t i = 0; i < pa.size(); ++i) {
    if (!torch::equal(pa[i], pb[i])) return false;
  }
  return true;
}

class UNetTest : public ::testing::Test {
 protected:
  void SetUp() override { torch::set_num_threads(1); }
};

TEST_F(UNetTest, Forward2dShapeForEveryNorm) {
  for (const char* norm : {"batch", "instance", "group"}) {
    UNetOptions o = small_2d();
    o.norm = norm;
    UNet net(o);
    const torch::Tensor y = net->forward(torch::randn({2, 1, 16, 24}));
    EXPECT_EQ(y.sizes(), (std::vector<int64_t>{2, 3, 16, 24})) << norm;
  }
}

TEST_F(UNetTest, CopyStateMakesAnotherModelPredictTheSame) {
  UNetOptions options = small_2d();
  options.norm = "batch";  // running statistics: buffers that must be copied too
  options.seed = 1;
  UNet source(options);
  source->train();
  source->forward(torch::randn({2, 1, 16, 16}));  // moves the running statistics away from their start
  options.seed = 2;
  UNet copy(options);
  to_channels_last(*copy);  // the copy keeps its own memory format
  ASSERT_FALSE(same_weights(source, copy));
  copy_state(*source, *copy);
  EXPECT_TRUE(same_weights(source, copy));
  source->eval();
  copy->eval();
  const torch::Tensor x = torch::randn({1, 1, 16, 16});
  EXPECT_TRUE(torch::allclose(source->forward(x), copy->forward(x.contiguous(at::MemoryFormat::ChannelsLast)), 1e-5,
                              1e-6));
  UNet deeper(small_2d(4));
  EXPECT_THROW(copy_state(*source, *deeper), std::invalid_argument);
}

TEST_F(UNetTest, Forward3dShape) {
  UNetOptions o = small_2d(2);
  o.spatial_dims = 3;
  o.in_channels = 2;
  o.num_classes = 4;
  UNet net(o);
  const torch::Tensor y = net->forward(torch::randn({1, 2, 4, 6, 8}));
  EXPECT_EQ(y.sizes(), (std::vector<int64_t>{1, 4, 4, 6, 8}));
}

TEST_F(UNetTest, ChannelsDoublePerLevelAndCapAt320) {
  UNetOptions o = small_2d(4);
  o.base_channels = 100;
  UNet net(o);
  EXPECT_EQ(net->level_channels(0), 100);
  EXPECT_EQ(net->level_channels(1), 200);
  EXPECT_EQ(net->level_channels(2), 320);
  EXPECT_EQ(net->level_channels(3), 320);
  EXPECT_EQ(net->input_multiple(), 8);
}

TEST_F(UNetTest, DepthOneIsASingleBlock) {
  UNet net(small_2d(1));
  EXPECT_EQ(net->input_multiple(), 1);
  EXPECT_EQ(net->forward(torch::randn({1, 1, 5, 7})).sizes(), (std::vector<int64_t>{1, 3, 5, 7}));
}

TEST_F(UNetTest, ForwardRejectsWrongShapes) {
  UNet net(small_2d(3));
  EXPECT_THROW(net->forward(torch::randn({1, 1, 15, 16})), InputError);  // 15 not a multiple of 4
  EXPECT_THROW(net->forward(torch::randn({1, 2, 16, 16})), InputError);  // channels
  EXPECT_THROW(net->forward(torch::randn({1, 16, 16})), InputError);     // rank
}

TEST_F(UNetTest, BadOptionsAreInputErrors) {
  const auto fails = [](auto change) {
    UNetOptions o = small_2d();
    change(o);
    EXPECT_THROW(UNet{o}, InputError);
  };
  fails([](UNetOptions& o) { o.depth = 0; });
  fails([](UNetOptions& o) { o.base_channels = 0; });
  fails([](UNetOptions& o) { o.norm = "layer"; });
  fails([](UNetOptions& o) { o.spatial_dims = 4; });
  fails([](UNetOptions& o) { o.dropout = 1.0; });
  fails([](UNetOptions& o) {
    o.norm = "group";
    o.groups = 3;  // does not divide 4
  });
  try {
    UNetOptions o = small_2d();
    o.norm = "layer";
    UNet net(o);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unet.norm"), std::string::npos) << e.what();
  }
}

TEST_F(UNetTest, PredictLogitsHandlesOddSizes2dAnd3d) {
  UNet net2(small_2d(3));
  net2->train();
  const torch::Tensor y2 = predict_logits(net2, torch::randn({1, 13, 21}));
  EXPECT_EQ(y2.sizes(), (std::vector<int64_t>{3, 13, 21}));
  EXPECT_TRUE(net2->is_training());  // mode restored
  const torch::Tensor yz = predict_logits(net2, torch::randn({2, 1, 9, 10}), PadMode::Zero);
  EXPECT_EQ(yz.sizes(), (std::vector<int64_t>{2, 3, 9, 10}));

  UNetOptions o3 = small_2d(2);
  o3.spatial_dims = 3;
  UNet net3(o3);
  const torch::Tensor y3 = predict_logits(net3, torch::randn({1, 5, 7, 9}));
  EXPECT_EQ(y3.sizes(), (std::vector<int64_t>{3, 5, 7, 9}));
}

TEST_F(UNetTest, PredictLogitsEqualsEvalForwardWhenNoPaddingIsNeeded) {
  UNet net(small_2d(3));
  const torch::Tensor x = torch::randn({1, 1, 16, 12});
  const torch::Tensor predicted = predict_logits(net, x);
  net->eval();
  torch::NoGradGuard no_grad;
  EXPECT_TRUE(torch::allclose(predicted, net->forward(x)));
}

TEST_F(UNetTest, PaddingModeMatters) {
  UNet net(small_2d(3));
  const torch::Tensor x = torch::rand({1, 1, 13, 13}) + 5.0;  // far from zero: zero padding shows at the border
  const torch::Tensor replicate = predict_logits(net, x, PadMode::Replicate);
  const torch::Tensor zero = predict_logits(net, x, PadMode::Zero);
  EXPECT_FALSE(torch::allclose(replicate, zero));
}

TEST_F(UNetTest, SameSeedSameWeightsDifferentSeedDifferent) {
  UNetOptions o = small_2d();
  o.seed = 42;
  torch::manual_seed(7);
  const torch::Tensor before = torch::rand({4});
  torch::manual_seed(7);
  UNet a(o);
  const torch::Tensor after = torch::rand({4});
  EXPECT_TRUE(torch::equal(before, after)) << "building a model must not consume the global RNG";
  UNet b(o);
  EXPECT_TRUE(same_weights(a, b));
  o.seed = 43;
  UNet c(o);
  EXPECT_FALSE(same_weights(a, c));
}

TEST_F(UNetTest, KaimingScaleOfFirstConv) {
  UNetOptions o = small_2d();
  o.base_channels = 32;
  o.in_channels = 8;
  UNet net(o);
  const torch::Tensor w = net->parameters().front();  // encoder.0.0.weight [32, 8, 3, 3]
  ASSERT_EQ(w.sizes(), (std::vector<int64_t>{32, 8, 3, 3}));
  const double expected = std::sqrt(2.0 / (1.0 + 0.01 * 0.01)) / std::sqrt(8.0 * 9.0);
  EXPECT_NEAR(w.std().item<double>(), expected, 0.05 * expected);
}

TEST_F(UNetTest, SetDropoutChangesTrainModeOutputOnly) {
  UNet net(small_2d());
  const torch::Tensor x = torch::randn({2, 1, 16, 16});
  net->train();
  EXPECT_TRUE(torch::equal(net->forward(x), net->forward(x)));  // p = 0: deterministic
  net->set_dropout(0.5);
  EXPECT_DOUBLE_EQ(net->dropout(), 0.5);
  EXPECT_FALSE(torch::equal(net->forward(x), net->forward(x)));
  net->eval();
  EXPECT_TRUE(torch::equal(net->forward(x), net->forward(x)));
  EXPECT_THROW(net->set_dropout(-0.1), InputError);
  EXPECT_THROW(net->set_dropout(1.0), InputError);
}

TEST_F(UNetTest, ChannelsLastTakesEffectAndGivesTheSameLogits) {
  for (const char* norm : {"batch", "group", "instance"}) {
    UNetOptions o = small_2d();
    o.norm = norm;
    UNet net(o);
    const torch::Tensor x = torch::randn({2, 1, 16, 16});
    torch::NoGradGuard no_grad;
    const torch::Tensor reference = net->forward(x);
    EXPECT_FALSE(reference.is_contiguous(at::MemoryFormat::ChannelsLast)) << norm;
    to_channels_last(*net);
    for (const auto& p : net->parameters()) {
      if (p.dim() == 4) {
        EXPECT_TRUE(p.is_contiguous(at::MemoryFormat::ChannelsLast)) << norm;
      }
    }
    const torch::Tensor y = net->forward(x.contiguous(at::MemoryFormat::ChannelsLast));
    // Batch and group norm keep channels-last through the whole net; LibTorch 1.13's instance norm returns
    // NCHW (see to_channels_last), so only the values are compared there.
    if (std::string(norm) != "instance") {
      EXPECT_TRUE(y.is_contiguous(at::MemoryFormat::ChannelsLast)) << norm;
    }
    EXPECT_TRUE(torch::allclose(y, reference, 1e-4, 1e-5)) << norm;
  }
}

TEST_F(UNetTest, OverfitsOneTinyBatch) {
  UNetOptions o = small_2d(2);
  o.num_classes = 2;
  o.base_channels = 8;
  o.seed = 1;
  UNet net(o);
  torch::manual_seed(3);
  const torch::Tensor image = torch::randn({2, 1, 16, 16});
  // Target: a disc whose position the image encodes as a bright region.
  const torch::Tensor yy = torch::arange(16).view({16, 1}).expand({16, 16});
  const torch::Tensor xx = torch::arange(16).view({1, 16}).expand({16, 16});
  torch::Tensor target = torch::stack({((yy - 5).pow(2) + (xx - 6).pow(2) < 16), ((yy - 10).pow(2) + (xx - 9).pow(2) < 20)})
                             .to(torch::kLong);
  const torch::Tensor input = image + 2.0 * target.unsqueeze(1).to(torch::kFloat);
  torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(1e-2));
  net->train();
  double first = 0;
  double last = 0;
  for (int step = 0; step < 40; ++step) {
    optimizer.zero_grad();
    const LossTerms terms = composite_loss(net->forward(input), target, LossWeights{});
    terms.total.backward();
    optimizer.step();
    if (step == 0) first = terms.total.item<double>();
    last = terms.total.item<double>();
  }
  EXPECT_LT(last, first / 5) << "first " << first << " last " << last;
}

}  // namespace
}  // namespace hypera::core
