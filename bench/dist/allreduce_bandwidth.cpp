// Gradient all-reduce bandwidth: the GradientReducer against a plain MPI_Allreduce of the same bytes.
//
// Run under mpiexec (run.sh). Prints, on rank 0:
//  1. plain MPI_Allreduce (in place, float32, sum) of 1, 2, 4, ..., 64 MB: time per call, algorithm
//     bandwidth (bytes / time) and bus bandwidth (algbw * 2 (n-1) / n, the bytes each rank moves);
//  2. a U-Net's gradients (core/seg/unet.h, 2D, base channels and depth from the command line) reduced
//     by GradientReducer::finish() (the grads live in the buckets; the default: every bucket all-reduced,
//     blocking, in finish()), by a plain MPI_Allreduce of the reducer's own bucket memory, by a reducer with
//     overlap_with_backward (small first bucket, non-blocking all-reduces, the last bucket blocking), and by
//     one plain MPI_Allreduce and one MPI_Iallreduce + MPI_Wait of the same number of bytes in a buffer of
//     their own, alternating, `reps` times each, each call's input written just before it (as backward
//     writes the gradients); bandwidths and the ratios
//     reducer / plain. No average is taken in finish(): the loss carries it (gradient_sync.h);
//  3. one training step (forward, backward, finish) of that U-Net with each reducer against the same step
//     on an identical model without one, `reps` times each: the difference is the communication backward
//     did not hide; and finish() alone after a backward (the hooks have marked the gradients, as in
//     training) against a plain MPI_Allreduce of the same memory after the same backward, with its ratio.
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

double median_of(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
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
  hypera::core::UNet net(options), overlapped_net(options);
  hypera::parallel::GradientReducer reducer(comm, *net);
  hypera::parallel::BucketOptions overlap;
  overlap.overlap_with_backward = true;
  hypera::parallel::GradientReducer overlapped(comm, *overlapped_net, overlap);
  int64_t elements = 0;
  for (auto* model : {&net, &overlapped_net}) {
    elements = 0;
    for (auto& p : (*model)->parameters()) {
      p.mutable_grad() = torch::randn_like(p);
      elements += p.numel();
    }
  }
  const double bytes = elements * 4.0;
  auto same_bytes = torch::ones({elements});
  reducer.finish();
  overlapped.finish();
  plain_allreduce(same_bytes);
  // The reducer's own buckets as plain tensors (a bucket's memory starts at its first slot), so that a plain
  // MPI_Allreduce can move exactly the bytes finish() moves, from the same memory.
  std::vector<torch::Tensor> bucket_memory;
  const auto parameters = net->parameters();
  for (const auto& layout : reducer.buckets()) {
    bucket_memory.push_back(torch::from_blob(parameters[layout.slots[0].parameter].grad().data_ptr(), {layout.numel}));
  }
  auto plain_over_buckets = [&] {
    for (auto& memory : bucket_memory) plain_allreduce(memory);
  };
  // Before each call its input is written afresh (untimed), as backward writes the gradients just before a
  // reduction: every contender starts from bytes equally recent in the cache.
  auto refresh = [](hypera::core::UNet& model) {
    for (auto& p : model->parameters()) p.mutable_grad().fill_(1.0);
  };
  std::vector<double> reducer_times, overlapped_times, same_memory_times, plain_times, nonblocking_times;
  for (int r = 0; r < reps; ++r) {  // alternate, so all five see the same machine load
    refresh(net);
    reducer_times.push_back(median_seconds(1, [&] { reducer.finish(); }));
    refresh(net);
    same_memory_times.push_back(median_seconds(1, plain_over_buckets));
    refresh(overlapped_net);
    overlapped_times.push_back(median_seconds(1, [&] { overlapped.finish(); }));
    same_bytes.fill_(1.0);
    plain_times.push_back(median_seconds(1, [&] { plain_allreduce(same_bytes); }));
    same_bytes.fill_(1.0);
    nonblocking_times.push_back(median_seconds(1, [&] { plain_iallreduce(same_bytes); }));
  }
  const double t_reducer = median_of(reducer_times);
  const double t_same_memory = median_of(same_memory_times);
  const double t_plain = median_of(plain_times);
  if (lead) {
    std::printf("\nU-Net 2D base %d depth %d: %lld parameters, %.1f MB of gradients in %zu buckets (%zu with "
                "overlap)\n", base, depth, (long long)elements, bytes / 1048576.0, reducer.buckets().size(),
                overlapped.buckets().size());
    std::printf("%-46s %10s %14s %14s\n", "", "ms", "algbw GB/s", "busbw GB/s");
    auto row = [&](const char* name, double t) {
      std::printf("%-46s %10.3f %14.2f %14.2f\n", name, t * 1e3, bytes / t / 1e9, bus * bytes / t / 1e9);
    };
    row("plain MPI_Allreduce (same bytes, own buffer)", t_plain);
    row("plain MPI_Allreduce of the reducer's buckets", t_same_memory);
    row("MPI_Iallreduce + MPI_Wait (same bytes)", median_of(nonblocking_times));
    row("GradientReducer::finish()", t_reducer);
    row("GradientReducer::finish(), overlap", median_of(overlapped_times));
    std::printf("ratio reducer / plain bandwidth: %.3f against the same memory, %.3f against its own buffer\n",
                t_same_memory / t_reducer, t_plain / t_reducer);
  }

  // A training step with each reducer and without one (identical models, identical input).
  hypera::core::UNet local(options);
  const auto x = torch::rand({2, 1, 64, 64});
  const auto target = torch::randint(0, options.num_classes, {2, 64, 64});
  auto backward = [&](hypera::core::UNet& model, hypera::parallel::GradientReducer* sync) {
    model->zero_grad(/*set_to_none=*/false);  // in place on every LibTorch: the grads stay in the buckets
    const double share = sync ? sync->loss_share() : 1.0;
    (torch::nn::functional::cross_entropy(model->forward(x), target) * share).backward();
  };
  auto step = [&](hypera::core::UNet& model, hypera::parallel::GradientReducer* sync) {
    backward(model, sync);
    if (sync) sync->finish();
  };
  step(net, &reducer);
  step(overlapped_net, &overlapped);
  step(local, nullptr);
  std::vector<double> with, with_overlap, without, finish_after_backward, plain_after_backward;
  for (int r = 0; r < reps; ++r) {
    with.push_back(median_seconds(1, [&] { step(net, &reducer); }));
    with_overlap.push_back(median_seconds(1, [&] { step(overlapped_net, &overlapped); }));
    without.push_back(median_seconds(1, [&] { step(local, nullptr); }));
    // finish() alone after a real backward, whose hooks have marked every gradient, against a plain
    // all-reduce of the same memory after the same backward; the barrier in median_seconds removes the
    // ranks' skew.
    backward(net, &reducer);
    finish_after_backward.push_back(median_seconds(1, [&] { reducer.finish(); }));
    {
      hypera::parallel::NoSync local_only(reducer);  // the hooks mark nothing: the next finish() stays valid
      backward(net, &reducer);
    }
    plain_after_backward.push_back(median_seconds(1, plain_over_buckets));
  }
  if (lead) {
    const double w = median_of(with), wo = median_of(without), wl = median_of(with_overlap);
    std::printf("\ntraining step, batch 2x1x64x64, median of %d: %.1f ms without a reducer; exposed communication "
                "%.1f ms with the reducer, %.1f ms with overlap (plain all-reduce of the same bytes: %.1f ms)\n",
                reps, wo * 1e3, (w - wo) * 1e3, (wl - wo) * 1e3, t_plain * 1e3);
    const double f = median_of(finish_after_backward), p = median_of(plain_after_backward);
    std::printf("after a backward: finish() %.3f ms, plain MPI_Allreduce of the same memory %.3f ms; "
                "ratio reducer / plain bandwidth after backward: %.3f\n", f * 1e3, p * 1e3, p / f);
  }
  return 0;
}
