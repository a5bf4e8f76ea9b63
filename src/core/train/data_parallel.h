#pragma once
// The trainer's view of data parallelism: who this rank is and the few collectives training needs.
// core declares it; dist implements it over MPI (dist::MpiDataParallel); SingleProcess below is the
// world of one rank. The trainer runs the same code for both (docs/ARCHITECTURE.md: one rank is a world of size 1).
//
// Contract for an implementation with size() ranks:
//  - Every method except rank() and size() is a collective: every rank calls it, in the same order,
//    from the thread that runs training (for MPI: the thread that initialised MPI).
//  - attach(model) makes every rank's `model` equal to rank 0's (parameters and buffers copied in place,
//    so optimizers built on it stay valid) and returns the GradientSync that averages this model's
//    gradients over the ranks during backward (gradient_sync.h). The model must outlive the returned
//    object and keep its parameters. The trainer attaches once, after building the model and loading a
//    resumed checkpoint, so that a resumed run also starts from rank 0's state.
//  - sum(values) returns the element-wise sum of every rank's `values` (same length on every rank),
//    identical on every rank.
//  - divergence(model) is the largest absolute difference between any rank's parameters and buffers and
//    rank 0's: the same value on every rank, 0 when the replicas are bitwise equal (NaN counts as +inf).
//  - divergence(tensors) is the same for any list of tensors with the same shapes on every rank (any device).
//  - average(values) replaces a contiguous float32 CPU tensor (same size on every rank) by its element-wise
//    mean over the ranks, bitwise equal on every rank.
//  - allgather(bytes) returns every rank's `bytes` (any length, 0 allowed) in rank order.
//  - barrier() returns when every rank has entered it.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "core/train/gradient_sync.h"

namespace hypera::core {

class DataParallel {
 public:
  virtual ~DataParallel() = default;

  virtual int rank() const = 0;  // 0 .. size() - 1
  virtual int size() const = 0;  // >= 1

  virtual std::unique_ptr<GradientSync> attach(torch::nn::Module& model) = 0;
  virtual std::vector<double> sum(const std::vector<double>& values) = 0;
  virtual double divergence(const torch::nn::Module& model) = 0;
  virtual double divergence(const std::vector<torch::Tensor>& tensors) = 0;
  virtual void average(torch::Tensor& values) = 0;
  virtual std::vector<std::string> allgather(const std::string& bytes) = 0;
  virtual void barrier() = 0;
};

// A world of one rank: attach() returns a LocalGradientSync, sum() and average() leave their input,
// divergence() is 0, allgather() returns {bytes}, barrier() returns at once. Stateless and cheap.
class SingleProcess : public DataParallel {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::unique_ptr<GradientSync> attach(torch::nn::Module& model) override;
  std::vector<double> sum(const std::vector<double>& values) override { return values; }
  double divergence(const torch::nn::Module&) override { return 0.0; }
  double divergence(const std::vector<torch::Tensor>&) override { return 0.0; }
  void average(torch::Tensor&) override {}
  std::vector<std::string> allgather(const std::string& bytes) override { return {bytes}; }
  void barrier() override {}
};

}  // namespace hypera::core
