#include "core/train/checkpoint_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/seg/unet.h"
#include "support/input_error.h"
#include "common/expect_input_error.h"
#include "common/scratch_folder.h"

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
  // Extra files (the agents' agents.h5) are covered by the manifest's checksums like the model.
  const auto extra = [](const fs::path& folder) {
    std::ofstream(folder / "extra.bin") << "listener state";
    return std::vector<std::string>{"extra.bin"};
  };
  for (int epoch = 1; epoch <= 2; ++epoch) {
    TrainingProgress progress;
    progress.next_epoch = epoch;
    store.save("last", *model, optimizer, progress, extra);
  }
  EXPECT_EQ(*store.find("last"), scratch.path() / "last");
  {
    std::fstream file(scratch.path() / "last" / "extra.bin", std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(3);
    file.put('X');
  }
  EXPECT_FALSE(checkpoint_is_complete(scratch.path() / "last"));
  ASSERT_TRUE(store.find("last"));
  EXPECT_EQ(*store.find("last"), scratch.path() / "last.previous");
  EXPECT_EQ(store.load("last", *model, nullptr).next_epoch, 1);
  // The next save replaces the damaged one and keeps the complete previous one behind it.
  TrainingProgress third;
  third.next_epoch = 3;
  store.save("last", *model, optimizer, third, extra);
  EXPECT_EQ(store.load("last", *model, nullptr).next_epoch, 3);
  fs::remove(scratch.path() / "last" / "MANIFEST");
  EXPECT_EQ(store.load("last", *model, nullptr).next_epoch, 1);
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

// Found by fuzzing (fuzz_checkpoint, tests/fuzz/crashers/checkpoint): a count beyond int64 was cast from double,
// which is undefined behaviour; a fraction was truncated without a word.
TEST(CheckpointStore, ACountInStateIniThatIsNotAWholeNumberIsInputErrorNamingIt) {
  test::ScratchFolder scratch;
  for (const std::string line : {"step = 4.04e20", "next_epoch = 2.5", "partial.images = 1e300", "best_epoch = -1e19"}) {
    std::ofstream(scratch.path() / "state.ini") << line << "\n";
    const std::string message = test::input_error_message([&] { CheckpointStore::read_progress(scratch.path()); });
    EXPECT_NE(message.find("'" + line.substr(0, line.find(' ')) + "' is not a whole number"), std::string::npos)
        << line << ": " << message;
    EXPECT_NE(message.find("state.ini"), std::string::npos) << message;
  }
  std::ofstream(scratch.path() / "state.ini") << "step = 9007199254740992\nnext_epoch = -1\n";
  EXPECT_THROW(CheckpointStore::read_progress(scratch.path()), InputError);  // negative: refused as before
  std::ofstream(scratch.path() / "state.ini") << "step = 9007199254740992\nbest_epoch = -1\n";
  EXPECT_EQ(CheckpointStore::read_progress(scratch.path()).step, int64_t{1} << 53);
}

TEST(CheckpointStore, SavingAgainReplacesKeepsThePreviousAndLeavesNoTemporaryFolder) {
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
  // One complete checkpoint stays behind the newest.
  ASSERT_TRUE(checkpoint_is_complete(scratch.path() / "last.previous"));
  fs::remove_all(scratch.path() / "last");
  EXPECT_EQ(store.load("last", *model, nullptr).next_epoch, 2);
}

}  // namespace
}  // namespace hypera::core
