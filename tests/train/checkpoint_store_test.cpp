#include "core/train/checkpoint_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/seg/unet.h"
#include "data/io/input_error.h"
#include "support/scratch_folder.h"

namespace hypera::core {
namespace {
namespace fs = std::filesystem;

UNet small_model(uint64_t seed) {
  UNetOptions o;
  o.depth = 2;
  o.base_channels = 4;
  o.seed = seed;
  return UNet(o);
}

bool same_parameters(UNet& a, UNet& b) {
  auto pa = a->parameters(), pb = b->parameters();
  for (size_t i = 0; i < pa.size(); ++i) {
    if (!torch::equal(pa[i], pb[i])) return false;
  }
  return pa.size() == pb.size();
}

// One SGD step with momentum so that the optimizer has state worth saving.
void take_step(UNet& model, torch::optim::SGD& optimizer) {
  optimizer.zero_grad();
  model->forward(torch::ones({1, 1, 8, 8})).pow(2).mean().backward();
  optimizer.step();
}

TEST(CheckpointStore, RoundTripRestoresModelOptimizerAndProgress) {
  torch::set_num_threads(1);
  test::ScratchFolder scratch;
  CheckpointStore store(scratch.path() / "checkpoints");
  UNet model = small_model(1);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  take_step(model, optimizer);
  TrainingProgress progress;
  progress.next_epoch = 3;
  progress.step = 42;
  progress.best_metric = 0.875;
  progress.best_epoch = 2;
  progress.registry = {{"lr", 0.0123456789012345}};
  progress.schedule_state = {0.5, 0.9, 1};
  store.save("last", *model, optimizer, progress);

  UNet restored = small_model(2);
  torch::optim::SGD restored_optimizer(restored->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  const TrainingProgress loaded = store.load("last", *restored, &restored_optimizer);
  EXPECT_TRUE(same_parameters(model, restored));
  EXPECT_EQ(loaded.next_epoch, 3);
  EXPECT_EQ(loaded.step, 42);
  EXPECT_EQ(loaded.best_epoch, 2);
  EXPECT_DOUBLE_EQ(loaded.best_metric, 0.875);
  EXPECT_DOUBLE_EQ(loaded.registry.at("lr"), 0.0123456789012345);
  EXPECT_EQ(loaded.schedule_state, progress.schedule_state);

  // The momentum buffers came back: the next step is identical.
  take_step(model, optimizer);
  take_step(restored, restored_optimizer);
  EXPECT_TRUE(same_parameters(model, restored));
}

TEST(CheckpointStore, DamagedCheckpointFallsBackToThePreviousOne) {
  test::ScratchFolder scratch;
  CheckpointStore store(scratch.path());
  UNet model = small_model(1);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.1));
  TrainingProgress first;
  first.next_epoch = 1;
  store.save("last", *model, optimizer, first);
  fs::copy(scratch.path() / "last", scratch.path() / "epoch1", fs::copy_options::recursive);
  TrainingProgress second;
  second.next_epoch = 2;
  store.save("last", *model, optimizer, second);
  // A crash during the next save: epoch 2 already moved to last.previous, the new last damaged.
  fs::rename(scratch.path() / "last", scratch.path() / "last.previous");
  fs::rename(scratch.path() / "epoch1", scratch.path() / "last");
  {
    std::fstream file(scratch.path() / "last" / "model.pt", std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(100);
    const char byte = static_cast<char>(file.get());
    file.seekp(100);
    file.put(static_cast<char>(~byte));
  }
  EXPECT_FALSE(checkpoint_is_complete(scratch.path() / "last"));
  ASSERT_TRUE(store.find("last"));
  EXPECT_EQ(*store.find("last"), scratch.path() / "last.previous");
  EXPECT_EQ(store.load("last", *model, nullptr).next_epoch, 2);
}

TEST(CheckpointStore, MissingOrIncompleteCheckpointIsInputError) {
  test::ScratchFolder scratch;
  CheckpointStore store(scratch.path());
  UNet model = small_model(1);
  EXPECT_THROW(store.load("best", *model, nullptr), InputError);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.1));
  store.save("best", *model, optimizer, TrainingProgress{});
  fs::remove(scratch.path() / "best" / "MANIFEST");  // written last: its absence means incomplete
  EXPECT_FALSE(store.find("best"));
  EXPECT_THROW(store.load("best", *model, nullptr), InputError);
}

TEST(CheckpointStore, SavingAgainReplacesAndLeavesNoTemporaryFolders) {
  test::ScratchFolder scratch;
  CheckpointStore store(scratch.path());
  UNet model = small_model(1);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.1));
  for (int epoch = 1; epoch <= 3; ++epoch) {
    TrainingProgress progress;
    progress.next_epoch = epoch;
    store.save("last", *model, optimizer, progress);
  }
  EXPECT_EQ(store.load("last", *model, nullptr).next_epoch, 3);
  EXPECT_FALSE(fs::exists(scratch.path() / "last.tmp"));
  EXPECT_FALSE(fs::exists(scratch.path() / "last.previous"));
}

}  // namespace
}  // namespace hypera::core
