#include "sac/replay/transition_store.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace hypera::sac {
namespace {

void require_positive(int64_t value, const char* name) {
  if (value <= 0) {
    throw std::invalid_argument(std::string("replay buffer ") + name + ": " + std::to_string(value) +
                                ", must be positive");
  }
}

void copy_row(const std::vector<float>& values, torch::Tensor& field, int64_t slot) {
  std::copy(values.begin(), values.end(), field.data_ptr<float>() + slot * static_cast<int64_t>(values.size()));
}

torch::Tensor read_tensor(torch::serialize::InputArchive& archive, const std::string& key) {
  torch::Tensor tensor;
  if (!archive.try_read(key, tensor)) throw std::invalid_argument("replay archive: missing '" + key + "'");
  return tensor;
}

// Throws unless `source` is float32 with the shape of `field` except for `rows` rows.
void check_shape(const torch::Tensor& source, const torch::Tensor& field, int64_t rows, const std::string& key) {
  std::vector<int64_t> expected = field.sizes().vec();
  expected[0] = rows;
  if (source.sizes().vec() != expected || source.scalar_type() != torch::kFloat32) {
    throw std::invalid_argument("replay archive: '" + key + "' has shape " + c10::str(source.sizes()) + " " +
                                std::string(c10::toString(source.scalar_type())) + ", expected " +
                                c10::str(c10::IntArrayRef(expected)) + " Float");
  }
}

}  // namespace

TransitionStore::TransitionStore(int64_t capacity, int64_t state_dim, int64_t action_dim)
    : capacity_(capacity), state_dim_(state_dim), action_dim_(action_dim) {
  require_positive(capacity, "capacity");
  require_positive(state_dim, "state_dim");
  require_positive(action_dim, "action_dim");
  const auto options = torch::TensorOptions().dtype(torch::kFloat32);
  states_ = torch::empty({capacity, state_dim}, options);
  actions_ = torch::empty({capacity, action_dim}, options);
  rewards_ = torch::empty({capacity}, options);
  next_states_ = torch::empty({capacity, state_dim}, options);
  discounts_ = torch::empty({capacity}, options);
}

int64_t TransitionStore::add(const Transition& transition) {
  check_transition(transition, state_dim_, action_dim_);
  const int64_t slot = next_;
  copy_row(transition.state, states_, slot);
  copy_row(transition.action, actions_, slot);
  copy_row(transition.next_state, next_states_, slot);
  rewards_.data_ptr<float>()[slot] = transition.reward;
  discounts_.data_ptr<float>()[slot] = transition.discount;
  next_ = (next_ + 1) % capacity_;
  size_ = std::min(size_ + 1, capacity_);
  return slot;
}

Batch TransitionStore::gather(const std::vector<int64_t>& indices) const {
  const auto count = static_cast<int64_t>(indices.size());
  torch::Tensor index = torch::empty({count}, torch::kInt64);
  std::copy(indices.begin(), indices.end(), index.data_ptr<int64_t>());
  Batch batch;
  batch.states = states_.index_select(0, index);
  batch.actions = actions_.index_select(0, index);
  batch.rewards = rewards_.index_select(0, index);
  batch.next_states = next_states_.index_select(0, index);
  batch.discounts = discounts_.index_select(0, index);
  batch.weights = torch::ones({count}, torch::kFloat32);
  batch.indices = indices;
  return batch;
}

void TransitionStore::save(torch::serialize::OutputArchive& archive) const {
  // clone(): a narrowed view would serialize its whole storage, i.e. the full capacity.
  archive.write("states", states_.narrow(0, 0, size_).clone());
  archive.write("actions", actions_.narrow(0, 0, size_).clone());
  archive.write("rewards", rewards_.narrow(0, 0, size_).clone());
  archive.write("next_states", next_states_.narrow(0, 0, size_).clone());
  archive.write("discounts", discounts_.narrow(0, 0, size_).clone());
  archive.write("next_slot", c10::IValue(next_));
}

void TransitionStore::load(torch::serialize::InputArchive& archive) {
  const torch::Tensor rewards = read_tensor(archive, "rewards");
  c10::IValue next_slot;
  if (!archive.try_read("next_slot", next_slot) || !next_slot.isInt()) {
    throw std::invalid_argument("replay archive: missing integer 'next_slot'");
  }
  const int64_t rows = rewards.dim() == 1 ? rewards.size(0) : -1;
  const int64_t next = next_slot.toInt();
  if (rows < 0 || rows > capacity_) {
    throw std::invalid_argument("replay archive: 'rewards' has shape " + c10::str(rewards.sizes()) +
                                ", expected at most " + std::to_string(capacity_) + " rows");
  }
  const bool consistent = rows == capacity_ ? (next >= 0 && next < capacity_) : next == rows;
  if (!consistent) {
    throw std::invalid_argument("replay archive: next_slot " + std::to_string(next) + " inconsistent with " +
                                std::to_string(rows) + " stored transitions and capacity " +
                                std::to_string(capacity_));
  }
  // Everything is checked before anything is copied, so a rejected archive leaves the store unchanged.
  const std::vector<std::pair<std::string, torch::Tensor*>> fields = {
      {"states", &states_}, {"actions", &actions_}, {"rewards", &rewards_},
      {"next_states", &next_states_}, {"discounts", &discounts_}};
  std::vector<torch::Tensor> sources;
  for (const auto& [key, field] : fields) {
    sources.push_back(key == "rewards" ? rewards : read_tensor(archive, key));
    check_shape(sources.back(), *field, rows, key);
  }
  for (size_t i = 0; i < fields.size(); ++i) fields[i].second->narrow(0, 0, rows).copy_(sources[i]);
  size_ = rows;
  next_ = next;
}

}  // namespace hypera::sac
