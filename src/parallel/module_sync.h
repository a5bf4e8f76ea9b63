#pragma once
// Whole-model collectives: making replicas equal and checking that they are.
#include <torch/torch.h>

#include "comm/collective.h"

namespace hypera::parallel {

// Copies root's parameters and buffers into every rank's `model` (in place, parameter objects kept, so
// optimizers built earlier stay valid). Collective; every rank's model must have the same structure.
// Cost: one broadcast per tensor of the model's state, all tensors on the collective's device.
void broadcast_module_state(comm::Collective& collective, torch::nn::Module& model, int root);

// Largest absolute difference between this rank's parameters and buffers and rank 0's, maximised over
// ranks: the same value on every rank, 0 when all replicas are bitwise equal (NaNs count as +inf).
// Collective. Cost: one broadcast of the whole state and one all-reduce (max) of one value.
double replica_divergence(comm::Collective& collective, const torch::nn::Module& model);
// The same over a list of tensors with the same shapes on every rank (any device; copied to the
// collective's).
double replica_divergence(comm::Collective& collective, const std::vector<torch::Tensor>& tensors);

}  // namespace hypera::parallel
