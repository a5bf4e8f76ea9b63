#include "agents/hyperparameter/agent_folder.h"

#include <fstream>
#include <sstream>

#include "data/io/file_bytes.h"
#include "data/io/input_error.h"
#include "support/durable_file.h"

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
  std::ifstream in(file);
  std::string line, key, format;
  if (!std::getline(in, line) || !(std::istringstream(line) >> key >> format) || key != "format" ||
      format != kManifestFormat) {
    throw InputError(file.string() + ": missing or not a hyperparameter-agents manifest");
  }
  AgentFolderManifest manifest;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string rest;
    fields >> key;
    if (key == "agents") {
      for (std::string name; fields >> name;) manifest.agents.push_back(name);
    } else if (key == "runs" && (!(fields >> manifest.runs) || manifest.runs < 0 || fields >> rest)) {
      throw InputError(file.string() + ": the line '" + line + "' is not 'runs K' with a whole K >= 0");
    }
  }
  return manifest;
}

void save_agent_folder(const std::filesystem::path& folder,
                       const std::vector<std::pair<std::string, const sac::SacAgent*>>& agents, bool with_replay,
                       int64_t runs) {
  std::filesystem::create_directories(folder);
  std::string names;
  for (const auto& [name, agent] : agents) {
    support::write_file_atomically(agent_file(folder, name, false), agent->save_bytes());
    if (with_replay) support::write_file_atomically(agent_file(folder, name, true), agent->save_bytes(true));
    names += " " + name;
  }
  support::write_file_atomically(folder / "manifest.txt", std::string("format ") + kManifestFormat + "\nagents" + names +
                                                           "\nruns " + std::to_string(runs) + "\n");
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
