#pragma once
// Preallocated circular storage of transitions, shared by the replay-buffer implementations (they differ only
// in how they choose indices). One contiguous float32 tensor per field, allocated once in the constructor:
// states [C, S], actions [C, A], rewards [C], next_states [C, S], discounts [C]; memory 4 * C * (2S + A + 2)
// bytes. add() copies one transition into the next slot (no allocation); gather() builds a Batch with one
// index_select per field. Not thread-safe. Move-only: a copy would share the tensors.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "sac/replay/transition.h"

namespace hypera::sac {

class TransitionStore {
 public:
  // Throws std::invalid_argument when capacity, state_dim or action_dim is not positive.
  TransitionStore(int64_t capacity, int64_t state_dim, int64_t action_dim);
  TransitionStore(const TransitionStore&) = delete;
  TransitionStore& operator=(const TransitionStore&) = delete;
  TransitionStore(TransitionStore&&) = default;
  TransitionStore& operator=(TransitionStore&&) = default;

  // Validates with check_transition (std::invalid_argument), writes the slot next_slot() and returns it;
  // once full, that slot held the oldest transition.
  int64_t add(const Transition& transition);

  // Batch of the given slots (each in [0, size())), in their order; weights are all 1 and indices are
  // copied. Cost: B index copies plus five index_selects of B rows.
  Batch gather(const std::vector<int64_t>& indices) const;

  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }
  int64_t next_slot() const { return next_; }

  // Writes the first size() rows of every field and the write position under the keys "states",
  // "actions", "rewards", "next_states", "discounts", "next_slot". load() reads them back into this store
  // and throws std::invalid_argument (one line, "replay archive: ...") when a key is missing or a shape
  // disagrees with this store's capacity and dimensions; a rejected archive leaves the store unchanged.
  void save(torch::serialize::OutputArchive& archive) const;
  void load(torch::serialize::InputArchive& archive);

 private:
  int64_t capacity_;
  int64_t state_dim_;
  int64_t action_dim_;
  int64_t size_ = 0;
  int64_t next_ = 0;
  torch::Tensor states_;
  torch::Tensor actions_;
  torch::Tensor rewards_;
  torch::Tensor next_states_;
  torch::Tensor discounts_;
};

}  // namespace hypera::sac
