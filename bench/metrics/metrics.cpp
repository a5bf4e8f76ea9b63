// Surface-metric speed on real masks: HD95 + ASSD (one surface_distances call, then the two reductions)
// per call, median of repeats, for
//   2D: the binary nucleus mask of the first BBBC039 training image (520 x 696) against itself translated
//       by (4, 3) pixels (zeros shifted in);
//   3D: the brain mask ch2bet.nii.gz > 0 (181 x 217 x 181, 1 mm) against itself translated by (2, 1, 1).
// Also times the whole score_labels (every metric) and one distance transform of the full grid.
// With --dump DIR, writes each pair (raw uint8, x fastest) and our values to DIR for
// monai_agreement.py; a third, untimed pair is the 2D pair with spacing (0.5, 0.8).
//   bench_metrics [--bbbc039 ROOT] [--mri FILE] [--dump DIR]
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "core/measure/distance_transform.h"
#include "core/measure/scores.h"
#include "core/measure/surface_metrics.h"
#include "data/io/nifti_io.h"
#include "data/io/png_io.h"

namespace {

namespace fs = std::filesystem;
using hypera::data::LabelVolume;

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

// Median wall-clock and median thread CPU milliseconds per call (CPU time is robust to other processes on a
// shared machine; wall time is what a user waits).
struct Timing {
  double wall_ms;
  double cpu_ms;
  double min_cpu_ms;  // the least disturbed call
};

Timing median_ms(int repeats, const std::function<void()>& work) {
  std::vector<double> wall;
  std::vector<double> cpu;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_ms();
    work();
    cpu.push_back(thread_cpu_ms() - cpu_start);
    wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2], cpu.front()};
}

LabelVolume translated(const LabelVolume& m, int64_t dx, int64_t dy, int64_t dz) {
  const auto& g = m.geometry;
  LabelVolume out(g);
  for (int64_t z = std::max<int64_t>(0, dz); z < g.nz(); ++z) {
    for (int64_t y = std::max<int64_t>(0, dy); y < g.ny(); ++y) {
      for (int64_t x = std::max<int64_t>(0, dx); x < g.nx(); ++x) out.at(x, y, z) = m.at(x - dx, y - dy, z - dz);
    }
  }
  return out;
}

void dump(const fs::path& dir, const std::string& name, const LabelVolume& pred, const LabelVolume& gt) {
  const auto& g = gt.geometry;
  std::ofstream(dir / (name + ".pred.raw"), std::ios::binary)
      .write(reinterpret_cast<const char*>(pred.voxels.data()), static_cast<std::streamsize>(pred.voxels.size()));
  std::ofstream(dir / (name + ".gt.raw"), std::ios::binary)
      .write(reinterpret_cast<const char*>(gt.voxels.data()), static_cast<std::streamsize>(gt.voxels.size()));
  std::ofstream values(dir / (name + ".values.txt"));
  values.precision(17);
  values << "size " << g.nx() << ' ' << g.ny() << ' ' << g.nz() << '\n';
  values << "spacing " << g.spacing[0] << ' ' << g.spacing[1] << ' ' << g.spacing[2] << '\n';
  for (const auto& v : hypera::core::named_values(hypera::core::score_labels(pred, gt))) {
    values << v.name << ' ' << v.value << '\n';
  }
}

void measure(const char* label, const LabelVolume& pred, const LabelVolume& gt, int repeats) {
  using namespace hypera::core;
  double hd95 = 0;
  double assd = 0;
  const Timing ms = median_ms(repeats, [&] {
    const SurfaceDistances d = surface_distances(pred, gt, 1, gt.geometry.spacing);
    hd95 = hausdorff(d, 95);
    assd = average_symmetric_surface_distance(d);
  });
  const Timing all_ms = median_ms(repeats, [&] { score_labels(pred, gt); });
  const Timing dt_ms = median_ms(repeats, [&] { squared_distance_to_set(gt); });
  const auto& g = gt.geometry;
  std::printf("%s %lldx%lldx%lld: HD95 %.4f ASSD %.4f \n"
              "  ms per call, %d calls: median wall / median thread CPU / min thread CPU\n"
              "  HD95+ASSD %.2f / %.2f / %.2f | score_labels (all metrics) %.2f / %.2f / %.2f\n"
              "  one full-grid distance transform %.2f / %.2f / %.2f\n",
              label, static_cast<long long>(g.nx()), static_cast<long long>(g.ny()), static_cast<long long>(g.nz()),
              hd95, assd, repeats, ms.wall_ms, ms.cpu_ms, ms.min_cpu_ms, all_ms.wall_ms, all_ms.cpu_ms,
              all_ms.min_cpu_ms, dt_ms.wall_ms, dt_ms.cpu_ms, dt_ms.min_cpu_ms);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path bbbc039 = HYPERA_BBBC039_DEFAULT;
  fs::path mri = HYPERA_MRI_DEFAULT;
  fs::path dump_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--bbbc039") bbbc039 = argv[i + 1];
    else if (flag == "--mri") mri = argv[i + 1];
    else if (flag == "--dump") dump_dir = argv[i + 1];
    else {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  std::string first;
  std::ifstream(bbbc039 / "training.txt") >> first;
  const auto red = hypera::data::read_png_channel(bbbc039 / "masks" / first, 0);
  LabelVolume nuclei(red.geometry);
  for (size_t i = 0; i < red.voxels.size(); ++i) nuclei.voxels[i] = red.voxels[i] != 0;
  const LabelVolume nuclei_moved = translated(nuclei, 4, 3, 0);

  const hypera::data::ImageVolume brain_image = hypera::data::read_nifti(mri);
  LabelVolume brain(brain_image.geometry);
  for (size_t i = 0; i < brain.voxels.size(); ++i) brain.voxels[i] = brain_image.voxels[i] > 0;
  const LabelVolume brain_moved = translated(brain, 2, 1, 1);

  std::printf("BBBC039 mask: %s\n", first.c_str());
  measure("BBBC039 nuclei vs translated (4,3)", nuclei_moved, nuclei, 41);
  measure("MRI brain mask vs translated (2,1,1)", brain_moved, brain, 7);

  if (!dump_dir.empty()) {
    fs::create_directories(dump_dir);
    dump(dump_dir, "bbbc039", nuclei_moved, nuclei);
    dump(dump_dir, "mri", brain_moved, brain);
    LabelVolume a = nuclei_moved;
    LabelVolume b = nuclei;
    a.geometry.spacing = b.geometry.spacing = {0.5, 0.8, 1.0};
    dump(dump_dir, "bbbc039_anisotropic", a, b);
  }
  return 0;
}
