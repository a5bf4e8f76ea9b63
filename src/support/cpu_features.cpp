#include "support/cpu_features.h"

#include <sched.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/number_text.h"

namespace hypera::support {
namespace {

// The value of "key : value" lines; empty when the line has another key.
std::string value_of(const std::string& line, const std::string& key) {
  if (line.compare(0, key.size(), key) != 0) return {};
  const size_t colon = line.find(':', key.size());
  if (colon == std::string::npos || line.find_first_not_of(" \t", key.size()) != colon) return {};
  const size_t start = line.find_first_not_of(" \t", colon + 1);
  return start == std::string::npos ? std::string() : line.substr(start);
}

}  // namespace

bool CpuFeatures::has(const std::string& flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

bool CpuFeatures::computes_bf16() const { return has("avx512_bf16") || has("amx_bf16"); }

CpuFeatures parse_cpuinfo(const std::string& text) {
  CpuFeatures features;
  features.model = "unknown";
  std::istringstream lines(text);
  bool model_seen = false, flags_seen = false;
  for (std::string line; std::getline(lines, line) && !(model_seen && flags_seen);) {
    if (const std::string model = value_of(line, "model name"); !model_seen && !model.empty()) {
      features.model = model;
      model_seen = true;
    } else if (const std::string flags = value_of(line, "flags"); !flags_seen && !flags.empty()) {
      std::istringstream words(flags);
      for (std::string flag; words >> flag;) features.flags.push_back(flag);
      flags_seen = true;
    }
  }
  return features;
}

const CpuFeatures& this_cpu() {
  static const CpuFeatures features = [] {
    std::ifstream file("/proc/cpuinfo");
    std::stringstream text;
    text << file.rdbuf();
    return parse_cpuinfo(text.str());
  }();
  return features;
}

int cores_for_process(int mask_cpus, int machine_cpus, const char* ompi_local_size, const char* mpi_local_ranks) {
  if (mask_cpus < machine_cpus) return std::max(1, mask_cpus);  // bound by the launcher or Slurm
  int local_ranks = 1;
  for (const char* text : {ompi_local_size, mpi_local_ranks}) {
    const std::optional<double> value = text ? parse_number(text) : std::nullopt;
    if (value && *value >= 1 && *value <= 1e6 && *value == static_cast<int>(*value)) {
      local_ranks = static_cast<int>(*value);
      break;
    }
  }
  return std::max(1, mask_cpus / local_ranks);
}

int cores_for_this_process() {
  const int machine = static_cast<int>(std::thread::hardware_concurrency());
  cpu_set_t mask;
  CPU_ZERO(&mask);
  const int cpus = sched_getaffinity(0, sizeof(mask), &mask) == 0 ? CPU_COUNT(&mask) : machine;
  return cores_for_process(cpus, machine, std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE"), std::getenv("MPI_LOCALNRANKS"));
}

std::string cpu_description() {
  const CpuFeatures& cpu = this_cpu();
  std::string text = cpu.model + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores, flags";
  for (const char* flag : {"avx2", "avx512f", "avx512_bf16", "amx_bf16"}) {
    if (cpu.has(flag)) text += std::string(" ") + flag;
  }
  return text;
}

}  // namespace hypera::support
