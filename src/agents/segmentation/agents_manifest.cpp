#include "agents/segmentation/agents_manifest.h"

#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>
#include <type_traits>

#include "data/io/input_error.h"

namespace hypera::agents {
namespace {

constexpr const char* kFormat = "hypera-segmentation-agents-1";

std::string seed_name(core::SeedMode mode) {
  switch (mode) {
    case core::SeedMode::Components: return "components";
    case core::SeedMode::Interior: return "interior";
    case core::SeedMode::DistanceMaxima: return "distance";
  }
  return "components";
}

template <class T>
void write_list(std::ostream& out, const std::string& key, const std::vector<T>& values) {
  out << key;
  for (const T& v : values) out << ' ' << v;
  out << '\n';
}

}  // namespace

void write_manifest(const std::filesystem::path& file, const AgentsManifest& m) {
  std::ofstream out(file);
  out << std::setprecision(17);
  out << "format " << kFormat << '\n';
  out << "classes " << m.config.classes << '\n';
  out << "strategy " << to_string(m.config.strategy) << '\n';
  out << "tolerance " << m.config.consensus_tolerance << '\n';
  write_list(out, "hidden", m.config.hidden);
  out << "batch " << m.config.batch_size << '\n';
  out << "warmup " << m.config.warmup_steps << '\n';
  out << "seed " << m.config.seed << '\n';
  out << "seeds " << seed_name(m.config.base.seeds) << '\n';
  for (const auto& range : core::parameter_ranges()) {
    out << "base " << range.name << ' ' << core::get_parameter(m.config.base, range.name) << '\n';
  }
  write_list(out, "feature_mean", m.normalizer.mean);
  write_list(out, "feature_scale", m.normalizer.scale);
  write_list(out, "agents", m.agents);
  out.flush();
  if (!out) throw InputError(file.string() + ": cannot write the agents' manifest");
}

AgentsManifest read_manifest(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string() + ": missing agents' manifest");
  const auto bad = [&](const std::string& what) { return InputError(file.string() + ": " + what); };
  AgentsManifest m;
  std::map<std::string, int> seen;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    if (!(fields >> key)) continue;
    ++seen[key];
    const auto read_all = [&](auto& values) {
      values.clear();
      typename std::decay_t<decltype(values)>::value_type v;
      while (fields >> v) values.push_back(v);
      if (!fields.eof()) throw bad("bad value in '" + key + "'");
    };
    bool ok = true;
    if (key == "format") {
      std::string format;
      ok = static_cast<bool>(fields >> format);
      if (ok && format != kFormat) throw bad("unknown format '" + format + "'");
    } else if (key == "classes") {
      ok = static_cast<bool>(fields >> m.config.classes);
    } else if (key == "strategy") {
      std::string name;
      ok = static_cast<bool>(fields >> name);
      if (ok) m.config.strategy = parse_conflict_strategy(name, file.string() + ": strategy");
    } else if (key == "tolerance") {
      ok = static_cast<bool>(fields >> m.config.consensus_tolerance);
    } else if (key == "hidden") {
      read_all(m.config.hidden);
    } else if (key == "batch") {
      ok = static_cast<bool>(fields >> m.config.batch_size);
    } else if (key == "warmup") {
      ok = static_cast<bool>(fields >> m.config.warmup_steps);
    } else if (key == "seed") {
      ok = static_cast<bool>(fields >> m.config.seed);
    } else if (key == "seeds") {
      std::string name;
      ok = static_cast<bool>(fields >> name);
      if (name == "components") m.config.base.seeds = core::SeedMode::Components;
      else if (name == "interior") m.config.base.seeds = core::SeedMode::Interior;
      else if (name == "distance") m.config.base.seeds = core::SeedMode::DistanceMaxima;
      else ok = false;
    } else if (key == "base") {
      std::string name;
      double value = 0;
      ok = static_cast<bool>(fields >> name >> value);
      if (ok) {
        try {
          core::set_parameter(m.config.base, name, value);
        } catch (const InputError& error) {
          throw bad(std::string("base: ") + error.what());
        }
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
    if (!ok) throw bad("bad value in '" + key + "'");
  }
  for (const char* key : {"format", "classes", "strategy", "tolerance", "hidden", "batch", "warmup", "seed", "seeds",
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
