#include "comm/host_values.h"

#include <cstring>

namespace hypera::comm {
namespace {

torch::Tensor on_device(Collective& collective, const std::vector<double>& values) {
  return torch::tensor(values, torch::TensorOptions().dtype(torch::kDouble)).to(collective.device());
}

std::vector<double> to_values(const torch::Tensor& tensor) {
  const torch::Tensor host = tensor.cpu().contiguous();
  const double* first = host.data_ptr<double>();
  return std::vector<double>(first, first + host.numel());
}

// Every rank's `count` elements of `dtype`, each rank's part copied into a Container (a string or a vector).
template <typename Container, typename Element>
std::vector<Container> allgather_elements(Collective& collective, const Element* first, std::size_t count,
                                          torch::Dtype dtype, const CallSite& site) {
  torch::Tensor local = torch::empty({static_cast<int64_t>(count)}, dtype);
  if (count > 0) std::memcpy(local.data_ptr(), first, count * sizeof(Element));
  std::vector<Container> all;
  for (const torch::Tensor& part : collective.allgatherv(local.to(collective.device()), site)) {
    const torch::Tensor host = part.cpu().contiguous();
    const auto* values = static_cast<const typename Container::value_type*>(host.data_ptr());
    all.emplace_back(values, values + host.numel());
  }
  return all;
}

}  // namespace

std::vector<double> allreduce_values(Collective& collective, const std::vector<double>& values, ReduceOp op,
                                     CallSite site) {
  torch::Tensor tensor = on_device(collective, values);
  collective.allreduce(tensor, op, site);
  return to_values(tensor);
}

bool same_on_every_rank(Collective& collective, const std::vector<double>& values, CallSite site) {
  std::vector<double> both = values;  // the largest of v and of -v: equal everywhere when max(v) == min(v)
  for (double v : values) both.push_back(-v);
  const std::vector<double> largest = allreduce_values(collective, both, ReduceOp::kMax, site);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!(largest[i] == -largest[values.size() + i])) return false;
  }
  return true;
}

std::vector<double> broadcast_values(Collective& collective, const std::vector<double>& values, int root,
                                     CallSite site) {
  torch::Tensor tensor = on_device(collective, values);
  collective.broadcast(tensor, root, site);
  return to_values(tensor);
}

void average_in_place(Collective& collective, torch::Tensor& values, CallSite site) {
  torch::Tensor staged = values.to(collective.device());
  collective.allreduce(staged, ReduceOp::kSum, site);
  staged.div_(collective.size());
  if (staged.data_ptr() != values.data_ptr()) values.copy_(staged);
}

std::vector<std::string> allgather_bytes(Collective& collective, const std::string& bytes, CallSite site) {
  return allgather_elements<std::string>(collective, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                                         torch::kUInt8, site);
}

std::string broadcast_bytes(Collective& collective, const std::string& bytes, int root, CallSite site) {
  const bool is_root = collective.rank() == root;
  const auto length = static_cast<int64_t>(broadcast_values(collective, {double(is_root ? bytes.size() : 0)}, root, site)[0]);
  torch::Tensor staged = torch::empty({length}, torch::kUInt8);
  if (is_root && length > 0) std::memcpy(staged.data_ptr(), bytes.data(), bytes.size());
  staged = staged.to(collective.device());
  collective.broadcast(staged, root, site);
  const torch::Tensor host = staged.cpu().contiguous();
  const auto* first = static_cast<const char*>(host.data_ptr());
  return std::string(first, first + length);
}

std::vector<std::vector<float>> allgather_floats(Collective& collective, const std::vector<float>& values,
                                                 CallSite site) {
  return allgather_elements<std::vector<float>>(collective, values.data(), values.size(), torch::kFloat, site);
}

}  // namespace hypera::comm
