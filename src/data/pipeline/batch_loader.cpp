#include "data/pipeline/batch_loader.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "data/pipeline/patch.h"
#include "data/pipeline/seeding.h"

namespace hypera::data {

struct BatchLoader::Epoch {
  std::vector<Item> items;
  int64_t batch_size = 1;
  std::array<int64_t, 3> patch_size{1, 1, 1};
  AugmentationParams params;
  uint64_t seed = 0;
};

BatchLoader::BatchLoader(std::shared_ptr<const SampleCache> cache, int num_workers, int prefetch_batches,
                         double foreground_p)
    : cache_(std::move(cache)),
      num_workers_(num_workers),
      prefetch_(prefetch_batches > 0 ? prefetch_batches : 2 * num_workers),
      foreground_p_(foreground_p) {
  if (!cache_) throw std::invalid_argument("BatchLoader: no sample cache");
  if (num_workers < 1) throw std::invalid_argument("BatchLoader: num_workers must be at least 1");
}

BatchLoader::~BatchLoader() { stop(); }

void BatchLoader::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = false;
  done_.clear();
  claimed_ = 0;
  returned_ = 0;
  batch_count_ = 0;
}

void BatchLoader::start_epoch(const std::vector<Item>& items, int64_t batch_size, std::array<int64_t, 3> patch_size,
                              const AugmentationParams& params, uint64_t seed, int64_t first_batch) {
  stop();
  if (batch_size < 1) throw std::invalid_argument("BatchLoader: batch_size must be at least 1");
  for (int64_t extent : patch_size) {
    if (extent < 1) throw std::invalid_argument("BatchLoader: every patch dimension must be at least 1");
  }
  for (const Item& item : items) {
    if (item.sample < 0 || item.sample >= cache_->size()) {
      throw std::invalid_argument("BatchLoader: item names sample " + std::to_string(item.sample) +
                                  " outside the cache");
    }
    const bool item_is_2d = item.axis != -1 || (*cache_)[item.sample].label.geometry.is_2d();
    if (patch_size[2] > 1 && item_is_2d) throw std::invalid_argument("BatchLoader: a 3D patch needs 3D items");
  }
  auto epoch = std::make_shared<Epoch>();
  epoch->items = items;
  epoch->batch_size = batch_size;
  epoch->patch_size = patch_size;
  epoch->params = params;
  epoch->seed = seed;
  epoch_ = std::move(epoch);
  const int64_t batch_count = (static_cast<int64_t>(items.size()) + batch_size - 1) / batch_size;
  if (first_batch < 0 || first_batch > batch_count) {
    throw std::invalid_argument("BatchLoader: first batch " + std::to_string(first_batch) + " outside the epoch's " +
                                std::to_string(batch_count));
  }
  batch_count_ = batch_count;
  claimed_ = returned_ = first_batch;
  wait_seconds_ = 0;
  for (int64_t i = 0; i < num_workers_ && i < batch_count_ - first_batch; ++i) {
    workers_.emplace_back(&BatchLoader::work, this);
  }
}

void BatchLoader::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    work_ready_.wait(lock, [this] {
      return stopping_ || claimed_ >= batch_count_ || claimed_ < returned_ + prefetch_;
    });
    if (stopping_ || claimed_ >= batch_count_) return;
    const int64_t index = claimed_++;
    lock.unlock();
    std::optional<Batch> batch;
    std::exception_ptr error;
    try {
      batch = build(index);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    done_[index] = {std::move(batch), error};
    batch_ready_.notify_all();
  }
}

std::optional<Batch> BatchLoader::next() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (returned_ >= batch_count_) return std::nullopt;
  const auto start = std::chrono::steady_clock::now();
  batch_ready_.wait(lock, [this] { return done_.count(returned_) > 0; });
  wait_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto found = done_.find(returned_);
  auto [batch, error] = std::move(found->second);
  done_.erase(found);
  ++returned_;
  lock.unlock();
  work_ready_.notify_all();
  if (error) std::rethrow_exception(error);
  return batch;
}

Batch BatchLoader::build(int64_t batch_index) const {
  const Epoch& epoch = *epoch_;
  const auto& size = epoch.patch_size;
  const int64_t first = batch_index * epoch.batch_size;
  const int64_t b = std::min<int64_t>(epoch.batch_size, static_cast<int64_t>(epoch.items.size()) - first);
  const bool three_d = size[2] > 1;
  Batch batch;
  const int64_t image_channels = cache_->image_channels();
  batch.image = three_d ? torch::empty({b, image_channels, size[2], size[1], size[0]}, torch::kFloat32)
                        : torch::empty({b, image_channels, size[1], size[0]}, torch::kFloat32);
  batch.label = three_d ? torch::empty({b, size[2], size[1], size[0]}, torch::kInt64)
                        : torch::empty({b, size[1], size[0]}, torch::kInt64);
  const int64_t channels = cache_->distance_channels();
  if (channels > 0) {
    batch.distance = three_d ? torch::empty({b, channels, size[2], size[1], size[0]}, torch::kFloat32)
                             : torch::empty({b, channels, size[1], size[0]}, torch::kFloat32);
  }
  float* image = batch.image.data_ptr<float>();
  int64_t* label = batch.label.data_ptr<int64_t>();
  float* distance = channels > 0 ? batch.distance.data_ptr<float>() : nullptr;
  const int64_t voxels = size[0] * size[1] * size[2];

  std::mt19937_64 rng(derive_seed(epoch.seed, static_cast<uint64_t>(batch_index)));
  for (int64_t i = 0; i < b; ++i) {
    const Item& item = epoch.items[static_cast<size_t>(first + i)];
    Patch patch = crop_patch(item_view(*cache_, item), size, foreground_p_, rng);
    augment(patch, epoch.params, rng);
    std::memcpy(image + i * image_channels * voxels, patch.image.data(), patch.image.size() * sizeof(float));
    std::copy(patch.label.begin(), patch.label.end(), label + i * voxels);
    if (distance) {
      std::memcpy(distance + i * channels * voxels, patch.distance.data(), patch.distance.size() * sizeof(float));
    }
  }
  return batch;
}

}  // namespace hypera::data
