#pragma once
// How a model's gradients are packed into all-reduce buckets, in the manner of PyTorch DDP.
// A pure function of the parameter list: every rank that builds the same model gets the same plan, so
// buckets are all-reduced in the same order everywhere.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace hypera::parallel {

struct BucketOptions {
  // The first bucket's limit with overlap_with_backward: small, so communication starts early in backward.
  // Without overlap the first bucket has the limit of the others.
  int64_t first_bucket_bytes = int64_t{1} << 20;
  int64_t bucket_bytes = int64_t{25} << 20;  // every later bucket
  // false (default): every bucket is all-reduced, blocking, in GradientReducer::finish(). true: a bucket's
  // non-blocking all-reduce starts during backward as soon as the bucket is complete (gradient_reducer.h).
  // Measured on one node with Open MPI (docs/RESULTS.md, "Distributed training"): overlap gains nothing
  // where the CPU that computes backward also moves the bytes, and the non-blocking all-reduce moves half
  // the bandwidth of the blocking one; it is for networks whose cards move the bytes on their own.
  bool overlap_with_backward = false;
};

struct BucketSlot {
  std::size_t parameter = 0;  // index into the parameter list
  int64_t offset = 0;         // first element inside the bucket's flat buffer
  int64_t numel = 0;
};

struct BucketLayout {
  std::vector<BucketSlot> slots;  // in reverse parameter order
  int64_t numel = 0;              // elements of the flat buffer
  torch::ScalarType dtype = torch::kFloat;
  torch::Device device = torch::Device(torch::kCPU);
};

// Walks `parameters` from last to first (the order in which backward produces their gradients) and
// closes a bucket when the next parameter would push it past its byte limit (bucket_bytes; the first
// bucket's is first_bucket_bytes when overlap_with_backward) or has another dtype or device. A parameter
// larger than the limit gets a bucket of its own. Every parameter lands in exactly one slot. Cost: O(#params).
// Throws std::invalid_argument for a non-positive limit.
std::vector<BucketLayout> plan_buckets(const std::vector<torch::Tensor>& parameters, const BucketOptions& options);

}  // namespace hypera::parallel
