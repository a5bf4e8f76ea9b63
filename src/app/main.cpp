// hypera_dist: trains segmentation networks whose hyperparameters agents may tune (docs/ARCHITECTURE.md).
#include <torch/torch.h>

#include <iostream>
#include <map>

#include "app/commands.h"
#include "support/input_error.h"

namespace {

struct Command {
  int (*run)(const hypera::app::Arguments&);
  const char* summary;
};

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> table = {
      {"train", {hypera::app::run_train, "train a U-Net (--config FILE --out RUN_DIR [--resume auto])"}},
      {"prepare", {hypera::app::run_prepare, "convert a data set into the prepared HDF5 file (--config FILE)"}},
      {"infer", {hypera::app::run_infer, "write predicted masks with a run's model (--run DIR --input P --out DIR [--refine])"}},
      {"eval", {hypera::app::run_eval, "score predicted masks against ground truth (--pred P --gt G [--json FILE])"}},
      {"refine-train", {hypera::app::run_refine_train, "train a run's segmentation agents on its validation split (--run DIR)"}},
      {"refine", {hypera::app::run_refine, "refine probability maps of any framework with a run's agents (--agents DIR --probs DIR --out DIR)"}},
      {"compare", {hypera::app::run_compare, "train arms on several seeds and test whether one beats the best fixed schedule (--config FILE --arms A,B --seeds N --out DIR)"}},
      {"meta-train", {hypera::app::run_meta_train, "meta-train the hyperparameter agents over many short runs against paired baselines (--config C1,C2 --episodes N --seeds S --out DIR)"}},
      {"example-data", {hypera::app::run_example_data, "write a small 4-class brain MRI data set in nnU-Net or MSD layout (--layout nnunet|msd --out DIR)"}},
  };
  return table;
}

void print_usage(std::ostream& out) {
  out << "usage: hypera_dist COMMAND [options]   (hypera_dist COMMAND --help for its options)\n\ncommands:\n";
  for (const auto& [name, command] : commands()) out << "  " << name << "    " << command.summary << "\n";
  out << "\nexit codes: 0 success, 1 failure at run time, 2 bad input (a one-line message names the file or "
         "option), 75 training stopped by SIGUSR1, SIGTERM or HYPERA_STOP_FILE after a checkpoint (run it again "
         "with --resume auto)\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    print_usage(std::cout);
    return argc < 2 ? 2 : 0;
  }
  const auto it = commands().find(argv[1]);
  if (it == commands().end()) {
    std::cerr << "hypera_dist: error: unknown command '" << argv[1] << "' (hypera_dist --help lists them)\n";
    return 2;
  }
  try {
    return it->second.run(hypera::app::Arguments(argv + 2, argv + argc));
  } catch (const hypera::InputError& error) {
    std::cerr << "hypera_dist: error: " << error.what() << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    // The readers name the file themselves; this is an allocation elsewhere that an input made too large.
    std::cerr << "hypera_dist: error: out of memory (an input is too large for this machine; HYPERA_MAX_VOXELS "
                 "limits the voxels of one image)\n";
    return 2;
  } catch (const c10::Error& error) {
    std::cerr << "hypera_dist: failure: " << error.what_without_backtrace() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "hypera_dist: failure: " << error.what() << "\n";
    return 1;
  }
}
