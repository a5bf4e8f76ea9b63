#pragma once
// A finished run's trained network, ready to predict: what `hypera_dist infer`, `refine-train` and the
// probability writer of bench/postprocess share.
#include <filesystem>
#include <string>
#include <vector>

#include "core/seg/unet.h"
#include "core/train/run_config.h"
#include "core/train/segmentation_predictor.h"
#include "data/io/targets.h"

namespace hypera::core {

struct RunModel {
  RunConfig config;              // RUN/config.ini as resolved when the run was trained
  data::TargetKind target;       // the run's data.target
  std::vector<std::string> class_names;  // RUN/classes.txt (run_classes.h)
  std::vector<std::string> channel_names;  // RUN/channels.txt: the image channels the network takes, in order
  UNet model;                    // the checkpoint's weights
  PredictionOptions prediction;  // slice axis and precision of the run
};

// Reads RUN/config.ini, knowing the options of `sections` besides core's (the run's config.ini holds every
// section the training command bound; run_config.h), and loads the checkpoint `tag` ("best" or "last") of
// RUN/checkpoints into a U-Net built from that configuration, on the device that `device_request` names (auto | cpu |
// cuda | cuda:K as train.device, device_choice.h; empty: the run's own train.device). Sets LibTorch's
// intra-op threads to the run's train.threads (a process-wide setting). A missing or damaged config or
// checkpoint throws InputError naming the file or folder; so does a device this process cannot use (the run's:
// naming RUN/config.ini and the --train.device override). Cost: one checkpoint read. Call from one thread.
RunModel load_run_model(const std::filesystem::path& run, const std::string& tag,
                        const std::vector<ConfigSection>& sections, const std::string& device_request = "");

}  // namespace hypera::core
