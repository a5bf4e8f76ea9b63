// The SampleProgress callback of prepare_volume_pair (prepare.h): (0, n) before the first sample, then (k, n)
// after each written sample, in order; none for input refused before anything is written.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "common/scratch_folder.h"
#include "data/io/nifti_io.h"
#include "data/pipeline/prepare.h"
#include "support/input_error.h"

namespace hypera::data {
namespace {

TEST(PrepareProgress, ReportsZeroThenEverySlabWritten) {
  test::ScratchFolder dir;
  Geometry geometry;
  geometry.size = {12, 10, 10};
  ImageVolume image(geometry);
  for (std::size_t i = 0; i < image.voxels.size(); ++i) image.voxels[i] = float(i % 13);
  write_nifti(dir / "image.nii.gz", image);
  write_nifti(dir / "mask.nii.gz", image);
  std::vector<std::pair<int64_t, int64_t>> calls;
  const auto record = [&calls](int64_t written, int64_t total) { calls.emplace_back(written, total); };

  const PrepareSummary summary = prepare_volume_pair(dir / "image.nii.gz", dir / "mask.nii.gz", 6,
                                                     TargetKind::Foreground, 2, 5, dir / "out.h5", record);
  EXPECT_EQ(summary.samples, 5);
  const std::vector<std::pair<int64_t, int64_t>> expected{{0, 5}, {1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}};
  EXPECT_EQ(calls, expected);

  calls.clear();
  EXPECT_THROW(prepare_volume_pair(dir / "image.nii.gz", dir / "mask.nii.gz", 6, TargetKind::Foreground, 2, 11,
                                   dir / "refused.h5", record),
               InputError);
  EXPECT_TRUE(calls.empty());
}

}  // namespace
}  // namespace hypera::data
