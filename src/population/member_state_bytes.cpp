#include "population/member_state_bytes.h"

#include <sstream>
#include <stdexcept>

#include "core/train/tunables.h"

namespace hypera::population {
namespace {

torch::Tensor as_tensor(const std::vector<double>& values) {
  return torch::tensor(values, torch::TensorOptions().dtype(torch::kDouble));
}

std::vector<double> as_values(const torch::Tensor& tensor) {
  const torch::Tensor host = tensor.to(torch::kDouble).contiguous();
  return std::vector<double>(host.data_ptr<double>(), host.data_ptr<double>() + host.numel());
}

// Every parameter's and buffer's shape, in order, with -1 between them: LibTorch's Module::load replaces a tensor
// of another shape without complaint, so the shapes are compared before anything is loaded.
torch::Tensor shape_signature(const torch::nn::Module& model) {
  std::vector<double> signature;
  for (const auto& tensor : model.parameters()) {
    for (int64_t size : tensor.sizes()) signature.push_back(double(size));
    signature.push_back(-1);
  }
  for (const auto& tensor : model.buffers()) {
    for (int64_t size : tensor.sizes()) signature.push_back(double(size));
    signature.push_back(-1);
  }
  return as_tensor(signature);
}

}  // namespace

std::string pack_member_state(const core::MemberState& member) {
  torch::serialize::OutputArchive archive, model, optimizer;
  member.model.save(model);
  member.optimizer.save(optimizer);
  archive.write("shapes", shape_signature(member.model));
  archive.write("model", model);
  archive.write("optimizer", optimizer);
  archive.write("schedule", as_tensor(member.schedule.state()));
  std::vector<double> registry;
  for (const std::string& name : member.registry.names()) registry.push_back(member.registry.get(name));
  archive.write("registry", as_tensor(registry));
  std::ostringstream bytes;
  archive.save_to(bytes);
  return bytes.str();
}

void unpack_member_state(const std::string& bytes, core::MemberState& member) {
  torch::serialize::InputArchive archive, model, optimizer;
  torch::Tensor shapes, schedule, registry;
  try {
    std::istringstream in(bytes);
    archive.load_from(in);
    archive.read("shapes", shapes);
    if (!torch::equal(shapes, shape_signature(member.model))) {
      throw std::runtime_error("exploit: the member state holds a model of other shapes");
    }
    archive.read("model", model);
    archive.read("optimizer", optimizer);
    archive.read("schedule", schedule);
    archive.read("registry", registry);
    member.model.load(model);
    member.optimizer.load(optimizer);
  } catch (const c10::Error& error) {
    throw std::runtime_error(std::string("exploit: the member state does not match this member's model (") +
                             error.what_without_backtrace() + ")");
  }
  member.schedule.restore_state(as_values(schedule));
  const std::vector<double> values = as_values(registry);
  const auto& names = member.registry.names();
  if (values.size() != names.size()) throw std::runtime_error("exploit: the member state holds another registry");
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] != core::tunable::kLr.name) member.registry.set(names[i], values[i], "exploit");
  }
}

}  // namespace hypera::population
