#include "train_fixtures.h"

#include "data/pipeline/prepare.h"
#include "support/real_data.h"
#include "support/scratch_folder.h"

namespace hypera::core::testing {

const std::filesystem::path& prepared_mri() {
  static const test::ScratchFolder folder;
  static const std::filesystem::path path = [] {
    const std::filesystem::path file = folder / "mri.h5";
    data::prepare_volume_pair(test::mricron_template("ch2.nii.gz"), test::mricron_template("ch2bet.nii.gz"), 0.0,
                              data::TargetKind::Foreground, 2, 5, file);
    return file;
  }();
  return path;
}

}  // namespace hypera::core::testing
