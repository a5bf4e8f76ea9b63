// The trainer's own step code (core::training_step) on n ranks with b samples each against one rank's
// step with all n*b samples. Every rank computes the one-rank reference itself (LocalGradientSync), so the
// comparison needs no communication. Run plainly the world has one rank and the two must agree exactly.
// Also with gradient accumulation (StepOptions::micro_batches): only the last micro-batch communicates.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/train/training_step.h"
#include "data/io/image_reader.h"
#include "dist/mpi_collective.h"
#include "parallel/gradient_reducer.h"
#include "parallel/module_sync.h"
#include "common/real_data.h"

namespace hypera::parallel {
namespace {

struct Patches {
  torch::Tensor image;  // float [count, 1, 32, 32], intensities scaled to [0, 1]
  torch::Tensor label;  // int64 [count, 32, 32], 1 inside the brain
};

// `count` 32x32 patches of axial slices of the real brain MRI (ch2) with the brain mask (ch2bet > 0), at
// positions that cross the brain's edge.
Patches brain_patches(int64_t count) {
  static const std::pair<torch::Tensor, torch::Tensor> volumes = [] {
    auto as_tensor = [](const data::ImageVolume& v) {
      return torch::tensor(v.voxels).view({v.geometry.nz(), v.geometry.ny(), v.geometry.nx()});
    };
    const auto head = as_tensor(data::read_image(test::mricron_template("ch2.nii.gz")));
    const auto brain = as_tensor(data::read_image(test::mricron_template("ch2bet.nii.gz")));
    return std::make_pair(head / head.max(), (brain > 0).to(torch::kInt64));
  }();
  std::vector<torch::Tensor> images, labels;
  for (int64_t k = 0; k < count; ++k) {
    const int64_t z = 70 + 3 * k, y = 20 + (29 * k) % 140, x = 15 + (41 * k) % 130;
    images.push_back(volumes.first[z].narrow(0, y, 32).narrow(1, x, 32).unsqueeze(0));
    labels.push_back(volumes.second[z].narrow(0, y, 32).narrow(1, x, 32));
  }
  return {torch::stack(images).to(torch::kFloat32), torch::stack(labels)};
}

core::UNet tiny_unet() {
  core::UNetOptions options;
  options.depth = 2;
  options.base_channels = 4;
  options.seed = 11;
  return core::UNet(options);
}

double max_parameter_difference(core::UNet& a, core::UNet& b) {
  double largest = 0;
  const auto pa = a->parameters();
  const auto pb = b->parameters();
  for (std::size_t i = 0; i < pa.size(); ++i) largest = std::max(largest, (pa[i] - pb[i]).abs().max().item<double>());
  return largest;
}

// The real MPI collective, counting the all-reduces that go through it.
class CountingCollective : public comm::Collective {
 public:
  explicit CountingCollective(comm::Collective& inner) : inner_(inner) {}
  int rank() const override { return inner_.rank(); }
  int size() const override { return inner_.size(); }
  torch::Device device() const override { return inner_.device(); }

  int allreduces = 0;

 protected:
  std::unique_ptr<comm::PendingCollective> start_allreduce(torch::Tensor tensor, comm::ReduceOp op,
                                                           const comm::CallSite& site) override {
    ++allreduces;
    return inner_.allreduce_async(std::move(tensor), op, site);
  }
  void run_allreduce(torch::Tensor tensor, comm::ReduceOp op, const comm::CallSite& site) override {
    ++allreduces;
    inner_.allreduce(std::move(tensor), op, site);
  }
  void run_broadcast(torch::Tensor tensor, int root, const comm::CallSite& site) override {
    inner_.broadcast(std::move(tensor), root, site);
  }
  std::vector<torch::Tensor> run_allgatherv(const torch::Tensor& local, const comm::CallSite& site) override {
    return inner_.allgatherv(local, site);
  }
  void run_barrier(const comm::CallSite& site) override { inner_.barrier(site); }
  std::unique_ptr<comm::Collective> run_split(int color, int key, const comm::CallSite& site) override {
    return inner_.split(color, key, site);
  }

 private:
  comm::Collective& inner_;
};

class DataParallelStepTest : public ::testing::Test {
 protected:
  DataParallelStepTest() : mpi(MPI_COMM_WORLD) {
    torch::set_num_threads(1);
    // Per-sample Dice and the voxel-mean cross-entropy: equal parts of a batch average to the whole batch.
    step_options.loss.dice_batch = false;
  }
  torch::Tensor my_part(const torch::Tensor& global, int64_t b) const { return global.narrow(0, mpi.rank() * b, b); }

  dist::MpiCollective mpi;
  core::StepOptions step_options;
  core::LossWeights weights;  // dice 1, ce 1
};

TEST_F(DataParallelStepTest, RanksWithBatchBMatchOneRankWithBatchNB) {
  constexpr int64_t b = 2;
  core::UNet distributed = tiny_unet(), reference = tiny_unet();
  torch::optim::SGD distributed_sgd(distributed->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  torch::optim::SGD reference_sgd(reference->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  const auto sync = std::make_unique<GradientReducer>(mpi, *distributed);
  LocalGradientSync local;
  const double initial = max_parameter_difference(distributed, reference);
  ASSERT_EQ(initial, 0.0);
  for (int64_t step = 0; step < 3; ++step) {
    const Patches global = brain_patches(b * mpi.size() * (step + 1));
    const auto image = global.image.narrow(0, b * mpi.size() * step, b * mpi.size());
    const auto label = global.label.narrow(0, b * mpi.size() * step, b * mpi.size());
    const auto mine = core::training_step(distributed, distributed_sgd, *sync, my_part(image, b), my_part(label, b),
                                          weights, step_options);
    const auto whole = core::training_step(reference, reference_sgd, local, image, label, weights, step_options);
    ASSERT_TRUE(mine.applied);
    ASSERT_TRUE(whole.applied);
    // The norm is that of the averaged gradient, so every rank reports the one-rank value.
    EXPECT_NEAR(mine.gradient_norm, whole.gradient_norm, 1e-5 * whole.gradient_norm) << "step " << step;
  }
  core::UNet untrained = tiny_unet();
  EXPECT_GT(max_parameter_difference(reference, untrained), 1e-3);  // the steps did move the weights
  EXPECT_LT(max_parameter_difference(distributed, reference), 1e-5);
  EXPECT_EQ(replica_divergence(mpi, *distributed), 0.0);  // and every replica holds bitwise the same weights
}

// Two micro-batches of b per rank and step, against one rank's step with all n*2b samples: the same weights,
// and one all-reduce per gradient bucket per step (as many as a step without accumulation makes), so the
// first micro-batch's backward did not communicate.
TEST_F(DataParallelStepTest, AccumulatedMicroBatchesCommunicateOnceAndMatchOneRankWithTheWholeBatch) {
  constexpr int64_t b = 2, k = 2, steps = 2;
  const int64_t per_rank = k * b, per_step = per_rank * mpi.size();
  core::UNet distributed = tiny_unet(), reference = tiny_unet();
  torch::optim::SGD distributed_sgd(distributed->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  torch::optim::SGD reference_sgd(reference->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  CountingCollective counting(mpi);
  GradientReducer reducer(counting, *distributed);
  LocalGradientSync local;
  core::StepOptions accumulating = step_options;
  accumulating.micro_batches = k;
  const Patches global = brain_patches(per_step * steps);
  for (int64_t step = 0; step < steps; ++step) {
    const auto image = global.image.narrow(0, per_step * step, per_step);
    const auto label = global.label.narrow(0, per_step * step, per_step);
    counting.allreduces = 0;
    const auto mine = core::training_step(distributed, distributed_sgd, reducer, my_part(image, per_rank),
                                          my_part(label, per_rank), weights, accumulating);
    EXPECT_EQ(counting.allreduces, static_cast<int>(reducer.buckets().size())) << "step " << step;
    const auto whole = core::training_step(reference, reference_sgd, local, image, label, weights, step_options);
    ASSERT_TRUE(mine.applied);
    ASSERT_TRUE(whole.applied);
    EXPECT_NEAR(mine.gradient_norm, whole.gradient_norm, 1e-5 * whole.gradient_norm) << "step " << step;
  }
  core::UNet untrained = tiny_unet();
  EXPECT_GT(max_parameter_difference(reference, untrained), 1e-3);
  EXPECT_LT(max_parameter_difference(distributed, reference), 1e-5);
  EXPECT_EQ(replica_divergence(mpi, *distributed), 0.0);
}

TEST_F(DataParallelStepTest, ANonFiniteLossOnOneRankSkipsTheStepOnEveryRank) {
  constexpr int64_t b = 2;
  // With two micro-batches the NaN sample is in the first one, whose gradient stays local until the last
  // micro-batch's backward averages it.
  for (const int64_t micro_batches : {1, 2}) {
    SCOPED_TRACE("micro_batches " + std::to_string(micro_batches));
    step_options.micro_batches = micro_batches;
    core::UNet model = tiny_unet(), before = tiny_unet();
    torch::optim::SGD sgd(model->parameters(), torch::optim::SGDOptions(0.1));
    const auto sync = std::make_unique<GradientReducer>(mpi, *model);
    const Patches global = brain_patches(b * mpi.size());
    torch::Tensor image = my_part(global.image, b).clone();
    if (mpi.rank() == mpi.size() - 1) image[0][0][5][5] = std::numeric_limits<float>::quiet_NaN();
    const auto result = core::training_step(model, sgd, *sync, image, my_part(global.label, b), weights, step_options);
    EXPECT_FALSE(result.applied);
    EXPECT_EQ(max_parameter_difference(model, before), 0.0);
    // The next finite step goes through on every rank: no collective was left behind.
    const auto next = core::training_step(model, sgd, *sync, my_part(global.image, b), my_part(global.label, b),
                                          weights, step_options);
    EXPECT_TRUE(next.applied);
    EXPECT_GT(max_parameter_difference(model, before), 0.0);
    EXPECT_EQ(replica_divergence(mpi, *model), 0.0);
  }
}

}  // namespace
}  // namespace hypera::parallel
