#pragma once
// Saving and restoring the exact state of the agent's two random generators in a torch archive, so that a
// loaded agent draws the same numbers as one that never stopped.
#include <torch/torch.h>

#include <random>
#include <string>

namespace hypera::sac {

void save_rng(torch::serialize::OutputArchive& archive, const std::string& key, const std::mt19937_64& rng);
// Throws std::runtime_error when the stored text is not an mt19937_64 state.
void load_rng(torch::serialize::InputArchive& archive, const std::string& key, std::mt19937_64& rng);

void save_rng(torch::serialize::OutputArchive& archive, const std::string& key, const at::Generator& generator);
void load_rng(torch::serialize::InputArchive& archive, const std::string& key, at::Generator& generator);

}  // namespace hypera::sac
