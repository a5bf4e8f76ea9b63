#pragma once
// Prefetching batch loader: N worker threads crop and augment patches from a SampleCache into a bounded
// queue of finished batches, while the training thread takes them with next().
//
// Determinism: batch k of an epoch is built by one worker from items [k*B, (k+1)*B) with an
// std::mt19937_64 seeded from derive_seed(seed, k), so the batches and their order are identical for
// any number of workers and any thread timing. Pass a different seed per epoch (and per rank).
// The last batch holds the remainder, so an epoch uses every item: ceil(items.size() / batch_size) batches,
// all of batch_size items except possibly the last.
// Threads: workers use no torch intra-op threads (tensors are made with torch::empty and filled by
// plain loops). start_epoch, next and wait_seconds are called from one thread (the trainer's).
// Stopping mid-epoch (a new start_epoch, or destruction) wakes and joins every worker: no hang, no
// leaked thread. Memory: at most prefetch_batches finished batches wait in the queue.
#include <torch/torch.h>

#include <array>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "data/pipeline/augmentation.h"
#include "data/pipeline/items.h"
#include "data/pipeline/sample_cache.h"

namespace hypera::data {

struct Batch {
  torch::Tensor image;     // [B, C, H, W] (patch z == 1) or [B, C, D, H, W], float32; C = the image channels
  torch::Tensor label;     // [B, H, W] or [B, D, H, W], int64
  torch::Tensor distance;  // [B, K, H, W] or [B, K, D, H, W], float32: the cache's K distance maps, cropped
                           // and augmented with the label; undefined when the cache has none
};

class BatchLoader {
 public:
  // num_workers >= 1; prefetch_batches: finished batches allowed to wait (0 means 2 * num_workers);
  // foreground_p: probability that a crop is centred on foreground (crop_patch).
  BatchLoader(std::shared_ptr<const SampleCache> cache, int num_workers, int prefetch_batches = 0,
              double foreground_p = 0.33);
  ~BatchLoader();
  BatchLoader(const BatchLoader&) = delete;
  BatchLoader& operator=(const BatchLoader&) = delete;

  // Stops any running epoch, then starts building the batches of this one, from batch `first_batch` on (the
  // batches before it are skipped, not built: a run resumed inside an epoch). patch_size is (x, y, z);
  // z == 1 gives 2D batches. std::invalid_argument for batch_size < 1, a patch dimension < 1, an item
  // outside the cache, patch z > 1 with items that are 2D, or first_batch outside 0..batches.
  void start_epoch(const std::vector<Item>& items, int64_t batch_size, std::array<int64_t, 3> patch_size,
                   const AugmentationParams& params, uint64_t seed, int64_t first_batch = 0);
  // The next batch in order, waiting for it if needed; std::nullopt when the epoch is over (or none was
  // started). An exception thrown while building the batch is rethrown here.
  std::optional<Batch> next();
  // Batches in the current epoch.
  int64_t batches_in_epoch() const { return batch_count_; }
  // Seconds next() spent waiting for workers since the last start_epoch.
  double wait_seconds() const { return wait_seconds_; }

 private:
  struct Epoch;
  void stop();
  void work();
  Batch build(int64_t batch_index) const;

  std::shared_ptr<const SampleCache> cache_;
  int num_workers_;
  int prefetch_;
  double foreground_p_;

  std::shared_ptr<const Epoch> epoch_;
  int64_t batch_count_ = 0;
  double wait_seconds_ = 0;

  std::mutex mutex_;
  std::condition_variable work_ready_;   // workers wait here for room in the queue
  std::condition_variable batch_ready_;  // next() waits here for its batch
  bool stopping_ = false;
  int64_t claimed_ = 0;                  // batches handed to workers
  int64_t returned_ = 0;                 // batches handed out by next()
  std::map<int64_t, std::pair<std::optional<Batch>, std::exception_ptr>> done_;
  std::vector<std::thread> workers_;
};

}  // namespace hypera::data
