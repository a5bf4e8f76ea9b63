// hypera_sac_bench: SAC on the C++ classic-control environments (training runs) and the update's speed.
// Prints ONE JSON line on stdout. Bad options: one line on stderr, exit 2. See bench_options.h.
// Runs on one thread: LibTorch's intra-op threads and OpenBLAS's (OPENBLAS_NUM_THREADS is read when the
// library loads, so the program re-executes itself once with it set).
#include <unistd.h>

#include <torch/torch.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bench_modes.h"
#include "support/input_error.h"

int main(int argc, char** argv) {
  const char* blas_threads = std::getenv("OPENBLAS_NUM_THREADS");
  if (blas_threads == nullptr || std::strcmp(blas_threads, "1") != 0) {
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
    setenv("OMP_NUM_THREADS", "1", 1);
    execv("/proc/self/exe", argv);  // returns only on failure: then continue with the threads as they are
  }
  using namespace hypera::sac_bench;
  BenchOptions options;
  try {
    options = parse_bench_options(argc, argv);
  } catch (const hypera::InputError& error) {
    std::fprintf(stderr, "hypera_sac_bench: %s\n", error.what());
    return 2;
  }
  torch::set_num_threads(1);
  const std::string line = options.mode == "train" ? run_training(options) : run_update_speed(options);
  std::printf("%s\n", line.c_str());
  return 0;
}
