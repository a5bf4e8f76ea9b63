#include "sac/replay/uniform_replay.h"

#include "sac/replay/sample_checks.h"

namespace hypera::sac {

UniformReplay::UniformReplay(int64_t capacity, int64_t state_dim, int64_t action_dim)
    : store_(capacity, state_dim, action_dim) {}

void UniformReplay::add(const Transition& transition) { store_.add(transition); }

Batch UniformReplay::sample(int64_t batch_size, std::mt19937_64& rng) {
  check_sample_request(batch_size, size());
  std::uniform_int_distribution<int64_t> slot(0, size() - 1);
  indices_.resize(static_cast<size_t>(batch_size));
  for (int64_t& index : indices_) index = slot(rng);
  return store_.gather(indices_);
}

void UniformReplay::update_priorities(const std::vector<int64_t>&, const std::vector<float>&) {}

void UniformReplay::save(torch::serialize::OutputArchive& archive) const { store_.save(archive); }

void UniformReplay::load(torch::serialize::InputArchive& archive) { store_.load(archive); }

}  // namespace hypera::sac
