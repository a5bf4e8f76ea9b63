// Validation split over the ranks (core::evaluate over a comm::Collective): every rank predicts its own
// samples, the sums are combined, and every rank must hold the metrics of a one-rank evaluation of all
// samples (computed on every rank with comm::SingleRank). Real data: the brain MRI prepared into 5
// slabs; the first 2 training slabs are the evaluated set, so under -n 4 two ranks have no sample of
// their own.
#include <gtest/gtest.h>

#include <cmath>

#include "comm/single_rank.h"
#include "core/train/evaluator.h"
#include "data/pipeline/prepare.h"
#include "data/pipeline/prepared_dataset.h"
#include "data/pipeline/sample_cache.h"
#include "dist/mpi_collective.h"
#include "common/real_data.h"
#include "common/scratch_folder.h"

namespace hypera::dist {
namespace {

TEST(DistributedEvaluationTest, EveryRankHoldsTheOneRankMetrics) {
  torch::set_num_threads(1);
  const test::ScratchFolder folder;
  const auto file = folder / "mri.h5";
  data::prepare_volume_pair(test::mricron_template("ch2.nii.gz"), test::mricron_template("ch2bet.nii.gz"), 0.0,
                            data::TargetKind::Foreground, 2, 5, file);
  const auto dataset = data::PreparedDataset::open(file);
  const auto samples = data::SampleCache::of_split(dataset, "training");
  ASSERT_EQ(samples->size(), 3);
  core::UNetOptions unet;
  unet.depth = 2;
  unet.base_channels = 4;
  unet.seed = 5;
  core::UNet model(unet);
  model->eval();
  const core::PredictionOptions prediction;

  MpiCollective mpi(MPI_COMM_WORLD);
  comm::SingleRank alone;
  const auto shared = core::evaluate(model, *samples, data::TargetKind::Foreground, prediction, 2, mpi);
  const auto whole = core::evaluate(model, *samples, data::TargetKind::Foreground, prediction, 2, alone);
  ASSERT_EQ(shared.size(), whole.size());
  ASSERT_TRUE(whole.count("dice"));
  for (const auto& [name, value] : whole) {
    ASSERT_TRUE(shared.count(name)) << name;
    if (std::isnan(value) || std::isinf(value)) {
      EXPECT_EQ(std::isnan(value), std::isnan(shared.at(name))) << name;
      EXPECT_EQ(std::isinf(value), std::isinf(shared.at(name))) << name;
    } else {
      EXPECT_NEAR(shared.at(name), value, 1e-9 * std::max(1.0, std::abs(value))) << name;
    }
  }
  // Every rank holds bitwise the same metrics: rank 0's dice, broadcast, equals this rank's.
  auto dice = torch::tensor({shared.at("dice")}, torch::kFloat64);
  const double mine = dice.item<double>();
  mpi.broadcast(dice, 0);
  EXPECT_EQ(dice.item<double>(), mine);
}

}  // namespace
}  // namespace hypera::dist
