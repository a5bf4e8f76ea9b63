#include "sac/agent/rng_state.h"

#include <sstream>
#include <stdexcept>

namespace hypera::sac {

void save_rng(torch::serialize::OutputArchive& archive, const std::string& key, const std::mt19937_64& rng) {
  std::ostringstream text;
  text << rng;
  const std::string state = text.str();
  torch::Tensor bytes = torch::empty({static_cast<int64_t>(state.size())}, torch::kUInt8);
  std::copy(state.begin(), state.end(), bytes.data_ptr<uint8_t>());
  archive.write(key, bytes);
}

void load_rng(torch::serialize::InputArchive& archive, const std::string& key, std::mt19937_64& rng) {
  torch::Tensor bytes;
  archive.read(key, bytes);
  bytes = bytes.to(torch::kUInt8).contiguous();
  const auto* data = bytes.data_ptr<uint8_t>();
  std::istringstream text(std::string(data, data + bytes.numel()));
  std::mt19937_64 restored;
  text >> restored;
  if (!text) throw std::runtime_error(key + ": not a mt19937_64 state");
  rng = restored;
}

void save_rng(torch::serialize::OutputArchive& archive, const std::string& key, const at::Generator& generator) {
  archive.write(key, generator.get_state());
}

void load_rng(torch::serialize::InputArchive& archive, const std::string& key, at::Generator& generator) {
  torch::Tensor state;
  archive.read(key, state);
  generator.set_state(state);
}

}  // namespace hypera::sac
