#include "train_fixtures.h"

#include "data/pipeline/prepare.h"
#include "common/real_data.h"
#include "common/scratch_folder.h"

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

RunConfig tiny_mri_config(int epochs) {
  RunConfig config;
  OptionTable table("test");
  bind_run_config(config, table);
  config.data.source = "prepared";
  config.data.prepared = prepared_mri().string();
  config.model.depth = 2;
  config.model.base_channels = 4;
  config.train.epochs = epochs;
  config.train.steps_per_epoch = 3;
  config.train.patch = "32,32";
  config.train.max_validation_samples = 1;
  config.train.evaluate_test = false;
  config.tunables["batch_size"] = 2;
  return config;
}

}  // namespace hypera::core::testing
