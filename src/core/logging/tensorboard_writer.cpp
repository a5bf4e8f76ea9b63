#include "core/logging/tensorboard_writer.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "core/logging/protobuf_wire.h"
#include "core/logging/tfrecord.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

constexpr std::size_t kFlushThresholdBytes = 64 * 1024;

// Field numbers of tensorflow.Event, tensorflow.Summary and tensorflow.Summary.Value.
constexpr int kEventWallTime = 1, kEventStep = 2, kEventFileVersion = 3, kEventSummary = 5;
constexpr int kSummaryValue = 1;
constexpr int kValueTag = 1, kValueSimpleValue = 2;

double unix_seconds_now() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

// Opens a new file exclusively ("x": fails if it exists), trying name, name.1, name.2, ...
std::FILE* open_new_file(std::filesystem::path& path) {
  const std::filesystem::path base = path;
  for (int attempt = 1;; ++attempt) {
    if (std::FILE* f = std::fopen(path.c_str(), "wbx")) return f;
    if (errno != EEXIST) {
      throw InputError(path.string() + ": cannot create TensorBoard event file (" + std::strerror(errno) + ")");
    }
    path = base.string() + "." + std::to_string(attempt);
  }
}

}  // namespace

TensorBoardWriter::TensorBoardWriter(const std::filesystem::path& folder) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw InputError(folder.string() + ": cannot create log folder (" + ec.message() + ")");
  const double now = unix_seconds_now();
  path_ = folder / ("events.out.tfevents." + std::to_string(static_cast<int64_t>(now)) + "." + host_name());
  file_ = open_new_file(path_);
  protobuf::append_double_field(event_, kEventWallTime, now);
  protobuf::append_bytes_field(event_, kEventFileVersion, "brain.Event:2");
  append_tfrecord(buffer_, event_);
  flush();
}

TensorBoardWriter::~TensorBoardWriter() {
  try {
    flush();
  } catch (const std::runtime_error&) {
    // A destructor cannot report; callers who need to know call flush() first.
  }
  std::fclose(file_);
}

void TensorBoardWriter::add_scalar(const std::string& tag, double value, int64_t step) {
  if (tag.empty()) throw std::invalid_argument("TensorBoardWriter::add_scalar: empty tag");
  value_.clear();
  protobuf::append_bytes_field(value_, kValueTag, tag);
  protobuf::append_float_field(value_, kValueSimpleValue, static_cast<float>(value));
  summary_.clear();
  protobuf::append_bytes_field(summary_, kSummaryValue, value_);
  event_.clear();
  protobuf::append_double_field(event_, kEventWallTime, unix_seconds_now());
  protobuf::append_int64_field(event_, kEventStep, step);
  protobuf::append_bytes_field(event_, kEventSummary, summary_);
  append_tfrecord(buffer_, event_);
  if (buffer_.size() >= kFlushThresholdBytes) flush();
}

void TensorBoardWriter::flush() {
  const std::size_t pending = buffer_.size();
  const bool written = std::fwrite(buffer_.data(), 1, pending, file_) == pending && std::fflush(file_) == 0;
  buffer_.clear();
  if (!written) throw std::runtime_error(path_.string() + ": write failed (" + std::strerror(errno) + ")");
}

}  // namespace hypera::core
