// Gradient all-reduce bandwidth: the GradientReducer against a plain MPI_Allreduce of the same bytes.
//
// Run under mpiexec (run.sh). Prints, on rank 0:
//  1. plain MPI_Allreduce (in place, float32, sum) of 1, 2, 4, ..., 64 MB: time per call, algorithm
//     bandwidth (bytes / time) and bus bandwidth (algbw * 2 (n-1) / n, the bytes each rank moves);
//  2. a U-Net's gradients (core/seg/unet.h, 2D, base channels and depth from the command line) reduced
//     by GradientReducer::finish() (the grads live in the buckets: all-reduce each bucket, wait, average in place)
//     by one plain MPI_Allreduce and by one MPI_Iallreduce + MPI_Wait of the same number of bytes,
//     alternating, `reps` times each;
//     bandwidths and the ratio reducer / plain;
//  3. one training step (forward, backward, finish) of that U-Net with the reducer against the same step
//     on an identical model without it: the difference is the communication backward did not hide.
// Usage: bench_dist_allreduce [base_channels=32] [depth=4] [reps=20]
#include <mpi.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/seg/unet.h"
#include "parallel/gradient_reducer.h"
#include "dist/mpi_collective.h"
#include "dist/mpi_session.h"

namespace {

using hypera::dist::MpiCollective;

// Median over `reps` of the slowest rank's time for one call of `work` (seconds).
template <class Work>
double median_seconds(int reps, Work&& work) {
  std::vector<double> times;
  for (int r = 0; r < reps; ++r) {
    MPI_Barrier(MPI_COMM_WORLD);
    const double start = MPI_Wtime();
    work();
    double elapsed = MPI_Wtime() - start;
    MPI_Allreduce(MPI_IN_PLACE, &elapsed, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    times.push_back(elapsed);
  }
  std::nth_element(times.begin(), times.begin() + reps / 2, times.end());
  return times[reps / 2];
}

void plain_allreduce(torch::Tensor& buffer) {
  MPI_Allreduce(MPI_IN_PLACE, buffer.data_ptr(), static_cast<int>(buffer.numel()), MPI_FLOAT, MPI_SUM,
                MPI_COMM_WORLD);
}

// The non-blocking collective the reducer uses (Open MPI: libnbc), started and waited for at once.
void plain_iallreduce(torch::Tensor& buffer) {
  MPI_Request request;
  MPI_Iallreduce(MPI_IN_PLACE, buffer.data_ptr(), static_cast<int>(buffer.numel()), MPI_FLOAT, MPI_SUM,
                 MPI_COMM_WORLD, &request);
  MPI_Wait(&request, MPI_STATUS_IGNORE);
}

}  // namespace

int main(int argc, char** argv) {
  hypera::dist::MpiSession session(&argc, &argv);
  torch::set_num_threads(1);
  const int base = argc > 1 ? std::atoi(argv[1]) : 32;
  const int depth = argc > 2 ? std::atoi(argv[2]) : 4;
  const int reps = argc > 3 ? std::atoi(argv[3]) : 20;
  MpiCollective comm(MPI_COMM_WORLD);
  const int n = comm.size();
  const bool lead = comm.rank() == 0;
  const double bus = n > 1 ? 2.0 * (n - 1) / n : 1.0;
  if (lead) std::printf("ranks %d, torch threads 1, median of %d calls, slowest rank\n\n", n, reps);

  if (lead) std::printf("%10s %12s %14s %14s\n", "MB", "ms/call", "algbw GB/s", "busbw GB/s");
  for (int64_t mb = 1; mb <= 64; mb *= 2) {
    auto buffer = torch::ones({mb * (1 << 20) / 4});
    plain_allreduce(buffer);  // warm-up
    const double t = median_seconds(reps, [&] { plain_allreduce(buffer); });
    if (lead) std::printf("%10lld %12.3f %14.2f %14.2f\n", (long long)mb, t * 1e3, mb * 1048576.0 / t / 1e9,
                          bus * mb * 1048576.0 / t / 1e9);
  }

  hypera::core::UNetOptions options;
  options.base_channels = base;
  options.depth = depth;
  hypera::core::UNet net(options);
  hypera::parallel::GradientReducer reducer(comm, *net);
  int64_t elements = 0;
  for (auto& p : net->parameters()) {
    p.mutable_grad() = torch::randn_like(p);
    elements += p.numel();
  }
  const double bytes = elements * 4.0;
  auto same_bytes = torch::ones({elements});
  reducer.finish();
  plain_allreduce(same_bytes);
  std::vector<double> reducer_times, plain_times, nonblocking_times;
  for (int r = 0; r < reps; ++r) {  // alternate, so all three see the same machine load
    reducer_times.push_back(median_seconds(1, [&] { reducer.finish(); }));
    plain_times.push_back(median_seconds(1, [&] { plain_allreduce(same_bytes); }));
    nonblocking_times.push_back(median_seconds(1, [&] { plain_iallreduce(same_bytes); }));
  }
  for (auto* times : {&reducer_times, &plain_times, &nonblocking_times}) std::sort(times->begin(), times->end());
  const double t_reducer = reducer_times[reps / 2];
  const double t_plain = plain_times[reps / 2];
  const double t_nonblocking = nonblocking_times[reps / 2];
  if (lead) {
    std::printf("\nU-Net 2D base %d depth %d: %lld parameters, %.1f MB of gradients in %zu buckets\n", base, depth,
                (long long)elements, bytes / 1048576.0, reducer.buckets().size());
    std::printf("%-34s %10s %14s %14s\n", "", "ms", "algbw GB/s", "busbw GB/s");
    std::printf("%-34s %10.3f %14.2f %14.2f\n", "plain MPI_Allreduce (same bytes)", t_plain * 1e3,
                bytes / t_plain / 1e9, bus * bytes / t_plain / 1e9);
    std::printf("%-34s %10.3f %14.2f %14.2f\n", "MPI_Iallreduce + MPI_Wait (same)", t_nonblocking * 1e3,
                bytes / t_nonblocking / 1e9, bus * bytes / t_nonblocking / 1e9);
    std::printf("%-34s %10.3f %14.2f %14.2f\n", "GradientReducer::finish()", t_reducer * 1e3,
                bytes / t_reducer / 1e9, bus * bytes / t_reducer / 1e9);
    std::printf("ratio reducer / plain bandwidth: %.3f\n", t_plain / t_reducer);
  }

  // A training step with and without the reducer (identical model, identical input).
  hypera::core::UNet local(options);
  const auto x = torch::rand({2, 1, 64, 64});
  const auto target = torch::randint(0, options.num_classes, {2, 64, 64});
  auto step = [&](hypera::core::UNet& model, bool reduce) {
    model->zero_grad();
    torch::nn::functional::cross_entropy(model->forward(x), target).backward();
    if (reduce) reducer.finish();
  };
  step(net, true);
  step(local, false);
  const int step_reps = std::max(3, reps / 4);
  std::vector<double> with, without;
  for (int r = 0; r < step_reps; ++r) {
    with.push_back(median_seconds(1, [&] { step(net, true); }));
    without.push_back(median_seconds(1, [&] { step(local, false); }));
  }
  std::sort(with.begin(), with.end());
  std::sort(without.begin(), without.end());
  if (lead) {
    const double w = with[step_reps / 2], wo = without[step_reps / 2];
    std::printf("\ntraining step, batch 2x1x64x64, median of %d: %.1f ms with reducer, %.1f ms without; "
                "exposed communication %.1f ms (plain all-reduce of the same bytes: %.1f ms)\n",
                step_reps, w * 1e3, wo * 1e3, (w - wo) * 1e3, t_plain * 1e3);
  }
  return 0;
}
