// Writes a small TensorBoard run with TensorBoardWriter for check_events.py, and measures the cost per scalar.
// Usage: bench_write_events FOLDER   (prints the event file's path on the last line)
#include <chrono>
#include <cmath>
#include <iostream>

#include "core/logging/tensorboard_writer.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_write_events FOLDER\n";
    return 2;
  }
  constexpr int kSteps = 200;
  hypera::core::TensorBoardWriter writer(argv[1]);
  for (int step = 1; step <= kSteps; ++step) {
    writer.add_scalar("loss/train", 2.0 * std::exp(-step / 50.0), step);
    if (step % 20 == 0) {
      writer.add_scalar("dice/val", 1.0 - std::exp(-step / 60.0), step);
      writer.add_scalar("hparams/lr", 1e-3 * std::pow(0.5, step / 100), step);
    }
  }
  writer.flush();

  // Cost per scalar, measured in a second folder so the checked run stays small.
  constexpr int kTimed = 1000000;
  hypera::core::TensorBoardWriter timed(std::string(argv[1]) + "_timing");
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kTimed; ++i) timed.add_scalar("loss/train", 1.0 / (i + 1), i);
  timed.flush();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "timing: " << kTimed << " scalars in " << seconds << " s = " << seconds / kTimed * 1e9
            << " ns per scalar (encode, frame, buffered write), file " << std::filesystem::file_size(timed.path())
            << " bytes\n";
  std::cout << writer.path().string() << "\n";
  return 0;
}
