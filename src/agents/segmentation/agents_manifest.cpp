#include "agents/segmentation/agents_manifest.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <type_traits>

#include "support/input_error.h"
#include "support/manifest.h"

namespace hypera::agents {
namespace {

constexpr const char* kFormat = "hypera-segmentation-agents-1";

const std::vector<std::pair<core::SeedMode, std::string>> kSeedNames = {{core::SeedMode::Components, "components"},
                                                                        {core::SeedMode::Interior, "interior"},
                                                                        {core::SeedMode::DistanceMaxima, "distance"}};

std::string seed_name(core::SeedMode mode) {
  for (const auto& [seeds, name] : kSeedNames) {
    if (seeds == mode) return name;
  }
  return "components";
}

template <class T>
support::ManifestEntry entry(const std::string& key, const T& value) {
  return {key, {support::manifest_value(value)}};
}

template <class T>
support::ManifestEntry list_entry(const std::string& key, const std::vector<T>& values) {
  support::ManifestEntry line{key, {}};
  for (const T& v : values) line.values.push_back(support::manifest_value(v));
  return line;
}

}  // namespace

void write_manifest(const std::filesystem::path& file, const AgentsManifest& m) {
  std::vector<support::ManifestEntry> entries = {entry("classes", m.config.classes),
                                                 entry("strategy", to_string(m.config.strategy)),
                                                 entry("tolerance", m.config.consensus_tolerance),
                                                 list_entry("hidden", m.config.hidden),
                                                 entry("batch", m.config.batch_size),
                                                 entry("warmup", m.config.warmup_steps),
                                                 entry("seed", m.config.seed),
                                                 entry("seeds", seed_name(m.config.base.seeds))};
  for (const auto& range : core::parameter_ranges()) {
    entries.push_back({"base", {range.name, support::manifest_value(core::get_parameter(m.config.base, range.name))}});
  }
  entries.push_back(list_entry("feature_mean", m.normalizer.mean));
  entries.push_back(list_entry("feature_scale", m.normalizer.scale));
  entries.push_back(list_entry("agents", m.agents));
  std::ofstream out(file);
  out << support::manifest_text(kFormat, entries);
  out.flush();
  if (!out) throw InputError(file.string() + ": cannot write the agents' manifest");
}

AgentsManifest read_manifest(const std::filesystem::path& file) {
  const auto bad = [&](const std::string& what) { return InputError(file.string() + ": " + what); };
  AgentsManifest m;
  std::map<std::string, int> seen;
  for (const support::ManifestEntry& line : support::read_manifest(file, kFormat)) {
    const std::string& key = line.key;
    ++seen[key];
    // Value `index` as a T; "bad value in '<key>'" when it is missing or not one T.
    const auto value = [&](auto typed, size_t index) {
      using T = decltype(typed);
      const auto parsed =
          index < line.values.size() ? support::parse_manifest_value<T>(line.values[index]) : std::nullopt;
      if (!parsed) throw bad("bad value in '" + key + "'");
      return *parsed;
    };
    const auto read_all = [&](auto& values) {
      values.clear();
      for (size_t i = 0; i < line.values.size(); ++i) {
        values.push_back(value(typename std::decay_t<decltype(values)>::value_type{}, i));
      }
    };
    if (key == "classes") {
      m.config.classes = value(int64_t{}, 0);
    } else if (key == "strategy") {
      m.config.strategy = parse_conflict_strategy(value(std::string{}, 0), file.string() + ": strategy");
    } else if (key == "tolerance") {
      m.config.consensus_tolerance = value(double{}, 0);
    } else if (key == "hidden") {
      read_all(m.config.hidden);
    } else if (key == "batch") {
      m.config.batch_size = value(int64_t{}, 0);
    } else if (key == "warmup") {
      m.config.warmup_steps = value(int64_t{}, 0);
    } else if (key == "seed") {
      m.config.seed = value(uint64_t{}, 0);
    } else if (key == "seeds") {
      const std::string name = value(std::string{}, 0);
      const auto known =
          std::find_if(kSeedNames.begin(), kSeedNames.end(), [&](const auto& s) { return s.second == name; });
      if (known == kSeedNames.end()) throw bad("bad value in '" + key + "'");
      m.config.base.seeds = known->first;
    } else if (key == "base") {
      const std::string name = value(std::string{}, 0);
      try {
        core::set_parameter(m.config.base, name, value(double{}, 1));
      } catch (const InputError& error) {
        throw bad(std::string("base: ") + error.what());
      }
    } else if (key == "feature_mean") {
      read_all(m.normalizer.mean);
    } else if (key == "feature_scale") {
      read_all(m.normalizer.scale);
    } else if (key == "agents") {
      read_all(m.agents);
    } else {
      throw bad("unknown key '" + key + "'");
    }
  }
  for (const char* key : {"classes", "strategy", "tolerance", "hidden", "batch", "warmup", "seed", "seeds",
                          "feature_mean", "feature_scale", "agents"}) {
    if (seen[key] != 1) throw bad(std::string("key '") + key + "' missing or repeated");
  }
  if (seen["base"] != static_cast<int>(core::parameter_ranges().size())) throw bad("incomplete base setting");
  if (m.normalizer.mean.size() != static_cast<size_t>(kStateDim) ||
      m.normalizer.scale.size() != static_cast<size_t>(kStateDim)) {
    throw bad("feature normalisation needs " + std::to_string(kStateDim) + " values");
  }
  return m;
}

}  // namespace hypera::agents
