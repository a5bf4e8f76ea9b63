#include "matmul_only.h"

#include <torch/torch.h>

#include "timing.h"

namespace hypera::sac_bench {
namespace {

struct Layer {
  torch::Tensor weight;  // [in, out]
  torch::Tensor bias;    // [out]
};
using Network = std::vector<Layer>;

Network random_network(int64_t inputs, const std::vector<int64_t>& hidden, int64_t outputs) {
  std::vector<int64_t> widths{inputs};
  widths.insert(widths.end(), hidden.begin(), hidden.end());
  widths.push_back(outputs);
  Network network;
  for (size_t i = 0; i + 1 < widths.size(); ++i)
    network.push_back({torch::randn({widths[i], widths[i + 1]}) * 0.05, torch::randn({widths[i + 1]}) * 0.05});
  return network;
}

// Layer outputs, last one last.
std::vector<torch::Tensor> forward(const Network& network, torch::Tensor x) {
  std::vector<torch::Tensor> outputs;
  for (const Layer& layer : network) {
    x = torch::addmm(layer.bias, x, layer.weight);
    outputs.push_back(x);
  }
  return outputs;
}

// Weight gradients of every layer (when `weights`) and input gradients of the top `input_layers` layers.
void backward(const Network& network, const torch::Tensor& input, const std::vector<torch::Tensor>& outputs,
              bool weights, size_t input_layers) {
  torch::Tensor grad = torch::ones_like(outputs.back());
  for (size_t layer = network.size(); layer-- > 0;) {
    if (weights) torch::mm((layer == 0 ? input : outputs[layer - 1]).t(), grad);
    if (layer + input_layers < network.size()) break;
    grad = torch::mm(grad, network[layer].weight.t());
  }
}

}  // namespace

CallTimes matmul_only_times(int64_t state_dim, int64_t action_dim, const std::vector<int64_t>& hidden, int64_t batch,
                            double seconds) {
  torch::NoGradGuard no_grad;
  const Network actor = random_network(state_dim, hidden, 2 * action_dim);
  const std::vector<Network> critics{random_network(state_dim + action_dim, hidden, 1),
                                     random_network(state_dim + action_dim, hidden, 1)};
  const std::vector<Network> targets{random_network(state_dim + action_dim, hidden, 1),
                                     random_network(state_dim + action_dim, hidden, 1)};
  const torch::Tensor s = torch::randn({batch, state_dim});
  const torch::Tensor sa = torch::randn({batch, state_dim + action_dim});
  const size_t depth = hidden.size() + 1;
  return time_calls(
      [&] {
        forward(actor, s);
        for (const Network& target : targets) forward(target, sa);
        for (const Network& critic : critics) backward(critic, sa, forward(critic, sa), true, depth - 1);
        const std::vector<torch::Tensor> actor_outputs = forward(actor, s);
        for (const Network& critic : critics) backward(critic, sa, forward(critic, sa), false, depth);
        backward(actor, s, actor_outputs, true, depth - 1);
      },
      seconds);
}

}  // namespace hypera::sac_bench
