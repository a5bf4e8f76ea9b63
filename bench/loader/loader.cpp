// Loader throughput on BBBC039: 256x256 augmented batches of 8 per second, for 1 and 2 workers, with
// elastic deformation off (elastic_p 0) and on for every patch (elastic_p 1). The consumer does no
// work, so the figures are the loader's ceiling. Also times preparing the full data set.
//   bench_loader [bbbc039_root] [seconds_per_configuration]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "data/pipeline/batch_loader.h"
#include "data/pipeline/prepare.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  using namespace hypera::data;
  const fs::path root = argc > 1 ? fs::path(argv[1]) : fs::path(HYPERA_BBBC039_DEFAULT);
  const double budget = argc > 2 ? std::stod(argv[2]) : 10.0;
  torch::set_num_threads(1);

  const fs::path scratch = fs::temp_directory_path() / ("hypera_bench_loader_" + std::to_string(Clock::now().time_since_epoch().count()));
  fs::create_directories(scratch);
  const fs::path prepared = scratch / "bbbc039.h5";
  auto start = Clock::now();
  const PrepareSummary summary = prepare_bbbc039(root, TargetKind::ThreeClass, prepared);
  std::printf("prepare_bbbc039: %lld samples in %.1f s, file %.1f MB\n", static_cast<long long>(summary.samples),
              seconds_since(start), fs::file_size(prepared) / 1e6);

  start = Clock::now();
  const auto cache = SampleCache::of_split(PreparedDataset::open(prepared), "training");
  std::printf("SampleCache training: %lld samples, %.0f MB, loaded in %.2f s\n", static_cast<long long>(cache->size()),
              cache->bytes() / 1e6, seconds_since(start));
  const std::vector<Item> items = make_items(*cache, 2);

  std::printf("workers  elastic_p  batches/s  (batch 8, patch 256x256, flips+rot90+intensity, %.0f s each)\n", budget);
  for (const double elastic_p : {0.0, 1.0}) {
    for (const int workers : {1, 2}) {
      AugmentationParams params;
      params.elastic_p = elastic_p;
      BatchLoader loader(cache, workers);
      int64_t batches = 0;
      start = Clock::now();
      for (uint64_t epoch = 0; seconds_since(start) < budget; ++epoch) {
        loader.start_epoch(items, 8, {256, 256, 1}, params, epoch);
        while (loader.next() && seconds_since(start) < budget) ++batches;
      }
      std::printf("%7d  %9.1f  %9.2f\n", workers, elastic_p, batches / seconds_since(start));
    }
  }
  fs::remove_all(scratch);
  return 0;
}
