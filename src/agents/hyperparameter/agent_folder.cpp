#include "agents/hyperparameter/agent_folder.h"


#include "data/io/file_bytes.h"
#include "support/input_error.h"
#include "support/durable_file.h"
#include "support/manifest.h"

namespace hypera::agents {
namespace {

constexpr const char* kManifestFormat = "hypera-hyperparameter-agents-1";

std::filesystem::path agent_file(const std::filesystem::path& folder, const std::string& name, bool with_replay) {
  return folder / ((with_replay ? "state_" : "agent_") + name + ".pt");
}

std::string file_text(const std::filesystem::path& path) {
  const std::vector<uint8_t> bytes = data::read_file_bytes(path);
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace

AgentFolderManifest read_agent_manifest(const std::filesystem::path& folder) {
  const std::filesystem::path file = folder / "manifest.txt";
  AgentFolderManifest manifest;
  for (const support::ManifestEntry& line : support::read_manifest(file, kManifestFormat)) {
    if (line.key == "agents") {
      manifest.agents.insert(manifest.agents.end(), line.values.begin(), line.values.end());
    } else if (line.key == "runs") {
      const auto runs = line.values.size() == 1 ? support::parse_manifest_value<int64_t>(line.values[0]) : std::nullopt;
      if (!runs || *runs < 0) {
        std::string text = line.key;
        for (const std::string& value : line.values) text += " " + value;
        throw InputError(file.string() + ": the line '" + text + "' is not 'runs K' with a whole K >= 0");
      }
      manifest.runs = *runs;
    }
  }
  return manifest;
}

void save_agent_folder(const std::filesystem::path& folder,
                       const std::vector<std::pair<std::string, const sac::SacAgent*>>& agents, bool with_replay,
                       int64_t runs) {
  std::filesystem::create_directories(folder);
  std::vector<std::string> names;
  for (const auto& [name, agent] : agents) {
    support::write_file_atomically(agent_file(folder, name, false), agent->save_bytes());
    if (with_replay) support::write_file_atomically(agent_file(folder, name, true), agent->save_bytes(true));
    names.push_back(name);
  }
  const std::string manifest =
      support::manifest_text(kManifestFormat, {{"agents", names}, {"runs", {std::to_string(runs)}}});
  support::write_file_atomically(folder / "manifest.txt", manifest);
}

bool load_agent(const std::filesystem::path& folder, const std::string& name, bool with_replay, sac::SacAgent& agent) {
  const std::filesystem::path file = agent_file(folder, name, with_replay);
  if (!std::filesystem::exists(file)) return false;
  try {
    agent.load_bytes(file_text(file), file.string());
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& error) {
    throw InputError(file.string() + ": does not match this run's " + name + " agent (" + error.what() + ")");
  }
  return true;
}

}  // namespace hypera::agents
