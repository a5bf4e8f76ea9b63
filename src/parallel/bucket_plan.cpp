#include "parallel/bucket_plan.h"

#include <stdexcept>

namespace hypera::parallel {

std::vector<BucketLayout> plan_buckets(const std::vector<torch::Tensor>& parameters, const BucketOptions& options) {
  if (options.first_bucket_bytes <= 0 || options.bucket_bytes <= 0) {
    throw std::invalid_argument("plan_buckets: bucket limits must be positive");
  }
  std::vector<BucketLayout> buckets;
  int64_t bytes = 0;
  for (std::size_t i = parameters.size(); i-- > 0;) {
    const auto& parameter = parameters[i];
    const int64_t parameter_bytes = parameter.numel() * static_cast<int64_t>(parameter.element_size());
    const bool first = buckets.size() == 1 && options.overlap_with_backward;
    const int64_t limit = first ? options.first_bucket_bytes : options.bucket_bytes;
    const bool fits = !buckets.empty() && bytes + parameter_bytes <= limit &&
                      buckets.back().dtype == parameter.scalar_type() && buckets.back().device == parameter.device();
    if (!fits) {
      BucketLayout bucket;
      bucket.dtype = parameter.scalar_type();
      bucket.device = parameter.device();
      buckets.push_back(bucket);
      bytes = 0;
    }
    auto& bucket = buckets.back();
    bucket.slots.push_back({i, bucket.numel, parameter.numel()});
    bucket.numel += parameter.numel();
    bytes += parameter_bytes;
  }
  return buckets;
}

}  // namespace hypera::parallel
