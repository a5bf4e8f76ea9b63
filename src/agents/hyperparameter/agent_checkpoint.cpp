#include "agents/hyperparameter/agent_checkpoint.h"

#include <H5Cpp.h>

#include <cstdint>
#include <cstring>
#include <sstream>
#include <utility>

#include "support/input_error.h"
#include "data/pipeline/h5_helpers.h"
#include "data/pipeline/hdf5_lock.h"
#include "support/durable_file.h"

namespace hypera::agents {
namespace {

constexpr const char* kFormat = "hypera-agent-checkpoint-2";  // 2: the coordinator's whole state
// The stored fields of a transition batch: their names in the archive and the file, and their members.
const std::vector<std::pair<std::string, torch::Tensor sac::Batch::*>> kFields{
    {"states", &sac::Batch::states},
    {"actions", &sac::Batch::actions},
    {"rewards", &sac::Batch::rewards},
    {"next_states", &sac::Batch::next_states},
    {"discounts", &sac::Batch::discounts}};

torch::Tensor bytes_tensor(const std::string& bytes) {
  torch::Tensor tensor = torch::empty({static_cast<int64_t>(bytes.size())}, torch::kUInt8);
  std::memcpy(tensor.data_ptr<uint8_t>(), bytes.data(), bytes.size());
  return tensor;
}

std::string tensor_bytes(const torch::Tensor& tensor) {
  const torch::Tensor host = tensor.to(torch::kUInt8).contiguous();
  return {reinterpret_cast<const char*>(host.data_ptr<uint8_t>()), static_cast<size_t>(host.numel())};
}

// The HDF5 memory (and file) type of a stored tensor: uint8 bytes, int64 sequence ids, float32 otherwise.
const H5::PredType& h5_type(torch::ScalarType dtype) {
  return dtype == torch::kUInt8   ? H5::PredType::NATIVE_UINT8
         : dtype == torch::kInt64 ? H5::PredType::NATIVE_INT64
                                  : H5::PredType::NATIVE_FLOAT;
}

// The dataset helpers below make HDF5 calls: callers hold lock_hdf5().
void write_dataset(H5::Group& group, const std::string& name, const torch::Tensor& given) {
  const torch::Tensor tensor = given.contiguous();
  std::vector<hsize_t> dims;
  for (int64_t size : tensor.sizes()) dims.push_back(static_cast<hsize_t>(size));
  const H5::PredType& type = h5_type(tensor.scalar_type());
  H5::DataSet dataset =
      group.createDataSet(name, type, H5::DataSpace(static_cast<int>(dims.size()), dims.data()));
  if (tensor.numel() > 0) dataset.write(tensor.data_ptr(), type);
}

// The dataset `name` of `group` as a tensor of `dtype`. The writer stores every dataset contiguous, uncompressed
// and whole, so one that declares more bytes than the file's `file_bytes`, or is stored otherwise
// (data::h5::require_stored_whole), is damaged or crafted: std::runtime_error, before anything is allocated.
torch::Tensor read_dataset(const H5::Group& group, const std::string& name, torch::ScalarType dtype,
                           uintmax_t file_bytes) {
  H5::DataSet dataset = group.openDataSet(name);
  const H5::DataSpace space = dataset.getSpace();
  std::vector<hsize_t> dims(static_cast<size_t>(space.getSimpleExtentNdims()));
  space.getSimpleExtentDims(dims.data());
  const uintmax_t element_bytes = torch::elementSize(dtype);
  uintmax_t count = 1;
  for (const hsize_t dim : dims) {
    if (dim != 0 && count * element_bytes > file_bytes / dim) {
      throw std::runtime_error("dataset '" + name + "' declares more values than the file holds");
    }
    count *= dim;
  }
  data::h5::require_stored_whole(dataset, name, element_bytes, count);
  std::vector<int64_t> sizes(dims.begin(), dims.end());
  torch::Tensor tensor = torch::empty(sizes, dtype);
  const H5::PredType& type = h5_type(dtype);
  if (tensor.numel() > 0) dataset.read(tensor.data_ptr(), type);
  return tensor;
}

// Every rank's shard of one agent, merged in sequence-id order.
sac::SequencedTransitions merged(const std::vector<RankAgentState>& ranks, const std::string& name) {
  std::vector<torch::Tensor> ids;
  std::map<std::string, std::vector<torch::Tensor>> parts;
  for (const auto& rank : ranks) {
    const AgentShardState& shard = rank.agents.at(name);
    ids.push_back(torch::tensor(shard.experience.ids, torch::kInt64));
    for (const auto& [f, member] : kFields) parts[f].push_back(shard.experience.batch.*member);
  }
  const torch::Tensor order = torch::cat(ids).argsort();
  sac::SequencedTransitions result;
  const torch::Tensor sorted = torch::cat(ids).index_select(0, order).contiguous();
  result.ids.assign(sorted.data_ptr<int64_t>(), sorted.data_ptr<int64_t>() + sorted.numel());
  for (const auto& [f, member] : kFields) result.batch.*member = torch::cat(parts[f]).index_select(0, order);
  return result;
}

}  // namespace

std::string pack(const RankAgentState& state) {
  torch::serialize::OutputArchive archive;
  std::string names;
  int index = 0;
  for (const auto& [name, shard] : state.agents) {
    names += name + "\n";
    const std::string i = std::to_string(index++);
    archive.write("state_" + i, bytes_tensor(shard.state));
    archive.write("ids_" + i, torch::tensor(shard.experience.ids, torch::kInt64));
    for (const auto& [f, member] : kFields) archive.write(f + "_" + i, shard.experience.batch.*member);
    archive.write("offered_" + i, torch::tensor({shard.offered}, torch::kInt64));
  }
  archive.write("names", bytes_tensor(names));
  archive.write("coordinator", bytes_tensor(state.coordinator));
  std::ostringstream bytes;
  archive.save_to(bytes);
  return bytes.str();
}

RankAgentState unpack(const std::string& bytes) {
  torch::serialize::InputArchive archive;
  archive.load_from(bytes.data(), bytes.size());
  const auto read = [&archive](const std::string& key) {
    torch::Tensor tensor;  // a fresh one per key: reading into a filled tensor would resize its storage
    archive.read(key, tensor);
    return tensor;
  };
  RankAgentState state;
  std::istringstream names(tensor_bytes(read("names")));
  std::string name;
  for (int index = 0; std::getline(names, name); ++index) {
    const std::string i = std::to_string(index);
    AgentShardState& shard = state.agents[name];
    shard.state = tensor_bytes(read("state_" + i));
    const torch::Tensor ids = read("ids_" + i).to(torch::kInt64).contiguous();
    shard.experience.ids.assign(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + ids.numel());
    for (const auto& [f, member] : kFields) shard.experience.batch.*member = read(f + "_" + i);
    shard.offered = read("offered_" + i).item<int64_t>();
  }
  state.coordinator = tensor_bytes(read("coordinator"));
  return state;
}

void write_agent_checkpoint(const std::filesystem::path& path, const std::vector<RankAgentState>& ranks) {
  std::map<std::string, sac::SequencedTransitions> replays;  // merged before the HDF5 lock is taken
  for (const auto& entry : ranks.at(0).agents) replays[entry.first] = merged(ranks, entry.first);
  {
    const auto lock = data::lock_hdf5();
    try {
      H5::H5File file(path.string(), H5F_ACC_TRUNC);
      data::h5::write_string_attribute(file, "format", kFormat);
      data::h5::write_int64_attribute(file, "ranks", static_cast<int64_t>(ranks.size()));
      H5::Group rank_groups = file.createGroup("ranks");
      for (size_t r = 0; r < ranks.size(); ++r) {
        H5::Group group = rank_groups.createGroup(std::to_string(r));
        for (const auto& [name, shard] : ranks[r].agents) {
          write_dataset(group, "agent_" + name, bytes_tensor(shard.state));
        }
        write_dataset(group, "coordinator", bytes_tensor(ranks[r].coordinator));
      }
      H5::Group replay = file.createGroup("replay");
      for (const auto& [name, shard] : ranks.at(0).agents) {
        H5::Group group = replay.createGroup(name);
        const sac::SequencedTransitions& all = replays.at(name);
        write_dataset(group, "sequence_ids", torch::tensor(all.ids, torch::kInt64));
        for (const auto& [f, member] : kFields) write_dataset(group, f, (all.batch.*member).to(torch::kFloat32));
        data::h5::write_int64_attribute(group, "offered", shard.offered);
      }
    } catch (const H5::Exception& error) {
      throw InputError(path.string() + ": cannot write the agents' checkpoint (" + data::h5::describe(error) + ")");
    }
  }
  support::fsync_path(path);
}

RankAgentState read_agent_checkpoint(const std::filesystem::path& path, int rank) {
  const auto lock = data::lock_hdf5();
  try {
    if (!std::filesystem::exists(path) || !H5::H5File::isHdf5(path.string())) {
      throw InputError(path.string() + ": missing or not an HDF5 file");
    }
    H5::H5File file(path.string(), H5F_ACC_RDONLY);
    const uintmax_t file_bytes = std::filesystem::file_size(path);
    const std::string format = data::h5::read_string_attribute(file, "format");
    if (format != kFormat) throw InputError(path.string() + ": format '" + format + "', expected " + kFormat);
    const int64_t writers = data::h5::read_int64_attribute(file, "ranks");
    if (writers < 1) throw InputError(path.string() + ": written by " + std::to_string(writers) + " ranks");
    const H5::Group own = file.openGroup("ranks/" + std::to_string(rank % writers));
    const H5::Group replay = file.openGroup("replay");
    RankAgentState state;
    state.coordinator = tensor_bytes(read_dataset(own, "coordinator", torch::kUInt8, file_bytes));
    for (hsize_t i = 0; i < replay.getNumObjs(); ++i) {
      const std::string name = replay.getObjnameByIdx(i);
      const H5::Group group = replay.openGroup(name);
      AgentShardState& shard = state.agents[name];
      shard.state = tensor_bytes(read_dataset(own, "agent_" + name, torch::kUInt8, file_bytes));
      const torch::Tensor ids = read_dataset(group, "sequence_ids", torch::kInt64, file_bytes);
      shard.experience.ids.assign(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + ids.numel());
      for (const auto& [f, member] : kFields) {
        shard.experience.batch.*member = read_dataset(group, f, torch::kFloat32, file_bytes);
      }
      shard.offered = data::h5::read_int64_attribute(group, "offered");
    }
    return state;
  } catch (const H5::Exception& error) {
    throw InputError(path.string() + ": damaged agents' checkpoint (" + data::h5::describe(error) + ")");
  } catch (const InputError&) {
    throw;
  } catch (const std::runtime_error& error) {  // from the attribute helpers: missing or not of the expected type
    throw InputError(path.string() + ": damaged agents' checkpoint (" + error.what() + ")");
  }
}

}  // namespace hypera::agents
