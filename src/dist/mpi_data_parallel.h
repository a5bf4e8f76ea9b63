#pragma once
// core::DataParallel over a Communicator (MPI on CPU tensors, or NCCL): attach() builds a GradientReducer
// (whose construction broadcasts rank 0's parameters and buffers), sum() and average() are metric_sums'
// all-reduces, allgather() its byte gather, divergence() module_sync's replica_divergence. Contract and collectives: core/train/data_parallel.h.
// The communicator must outlive this object and every GradientSync it returned. Not thread-safe.
#include "core/train/data_parallel.h"
#include "dist/bucket_plan.h"
#include "dist/communicator.h"
#include "dist/metric_sums.h"

namespace hypera::dist {

class MpiDataParallel : public core::DataParallel {
 public:
  explicit MpiDataParallel(Communicator& communicator, BucketOptions buckets = {})
      : communicator_(communicator), buckets_(buckets) {}

  int rank() const override { return communicator_.rank(); }
  int size() const override { return communicator_.size(); }
  std::unique_ptr<core::GradientSync> attach(torch::nn::Module& model) override;
  std::vector<double> sum(const std::vector<double>& values) override;
  double divergence(const torch::nn::Module& model) override;
  double divergence(const std::vector<torch::Tensor>& tensors) override;
  void average(torch::Tensor& values) override { average_over_ranks(communicator_, values); }
  std::vector<std::string> allgather(const std::string& bytes) override { return gather_bytes(communicator_, bytes); }
  void barrier() override { communicator_.barrier(); }

 private:
  Communicator& communicator_;
  BucketOptions buckets_;
};

}  // namespace hypera::dist
