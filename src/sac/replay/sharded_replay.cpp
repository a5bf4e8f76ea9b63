#include "sac/replay/sharded_replay.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace hypera::sac {

ShardedReplay::ShardedReplay(std::unique_ptr<ReplayBuffer> local, int shard, int shards)
    : local_(std::move(local)), shard_(shard), shards_(shards) {
  if (shards < 1 || shard < 0 || shard >= shards) {
    throw std::invalid_argument("ShardedReplay: shard " + std::to_string(shard) + " of " + std::to_string(shards));
  }
  if (local_->size() != 0) throw std::invalid_argument("ShardedReplay: the local buffer must be empty");
}

void ShardedReplay::add(const Transition& transition) {
  const int64_t id = offered_;
  if (id % shards_ == shard_) {
    local_->add(transition);
    const auto slot = static_cast<size_t>(kept_ % local_->capacity());
    if (slot == slot_ids_.size()) {
      slot_ids_.push_back(id);
    } else {
      slot_ids_[slot] = id;
    }
    ++kept_;
  }
  ++offered_;
}

int64_t ShardedReplay::union_size() const {
  int64_t total = 0;
  for (int s = 0; s < shards_; ++s) {
    const int64_t offered_to_shard = offered_ / shards_ + (s < offered_ % shards_ ? 1 : 0);
    total += std::min(offered_to_shard, local_->capacity());
  }
  return total;
}

SequencedTransitions ShardedReplay::contents() const {
  std::vector<int64_t> slots(slot_ids_.size());
  std::iota(slots.begin(), slots.end(), int64_t{0});
  std::sort(slots.begin(), slots.end(), [&](int64_t a, int64_t b) { return slot_ids_[a] < slot_ids_[b]; });
  SequencedTransitions result;
  for (int64_t slot : slots) result.ids.push_back(slot_ids_[slot]);
  result.batch = local_->gather(slots);
  return result;
}

void ShardedReplay::restore(const SequencedTransitions& all, int64_t offered) {
  if (size() != 0) throw std::logic_error("ShardedReplay::restore: the shard is not empty");
  std::vector<size_t> mine;
  for (size_t i = 0; i < all.ids.size(); ++i) {
    if (all.ids[i] < 0 || all.ids[i] >= offered) {
      throw std::invalid_argument("ShardedReplay::restore: sequence id " + std::to_string(all.ids[i]) +
                                  " is outside [0, " + std::to_string(offered) + ")");
    }
    if (all.ids[i] % shards_ == shard_) mine.push_back(i);
  }
  std::sort(mine.begin(), mine.end(), [&](size_t a, size_t b) { return all.ids[a] < all.ids[b]; });
  for (size_t i : mine) {
    offered_ = all.ids[i];
    add(transition_at(all.batch, static_cast<int64_t>(i)));
  }
  offered_ = offered;
}

void ShardedReplay::save(torch::serialize::OutputArchive& archive) const {
  local_->save(archive);
  archive.write("sequence_ids", torch::tensor(slot_ids_, torch::kInt64));
  archive.write("offered", torch::tensor({offered_, kept_}, torch::kInt64));
}

void ShardedReplay::load(torch::serialize::InputArchive& archive) {
  torch::Tensor ids, counters;
  archive.read("sequence_ids", ids);
  archive.read("offered", counters);
  if (counters.numel() != 2) throw std::invalid_argument("replay archive: 'offered' has the wrong size");
  local_->load(archive);
  ids = ids.to(torch::kInt64).contiguous();
  if (ids.numel() != local_->size()) throw std::invalid_argument("replay archive: 'sequence_ids' has the wrong size");
  slot_ids_.assign(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + ids.numel());
  counters = counters.to(torch::kInt64);
  offered_ = counters[0].item<int64_t>();
  kept_ = counters[1].item<int64_t>();
}

}  // namespace hypera::sac
