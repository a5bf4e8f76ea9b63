#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "core/logging/tensorboard_writer.h"
#include "support/input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"
#include "tfevents_reader.h"

namespace hypera::core {
namespace {

namespace fs = std::filesystem;

double unix_now() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

struct Scalar {
  std::string tag;
  double value;
  int64_t step;
};

TEST(TensorBoardWriter, ScalarsRoundTripThroughAnIndependentReader) {
  test::ScratchFolder dir;
  const double before = unix_now();
  std::vector<Scalar> written;
  fs::path file;
  {
    TensorBoardWriter writer(dir.path() / "run");
    file = writer.path();
    for (int64_t step = 0; step < 40; ++step) {
      written.push_back({"loss/train", 1.0 / (step + 1), step});
      written.push_back({"dice/val", -0.25 * step, step * 1000003});
      written.push_back({"lr", 3e-4 * std::pow(0.9, step), -step});
    }
    written.push_back({"big step", 1e30, int64_t{1} << 50});
    written.push_back({"nan", std::nan(""), 1});
    for (const Scalar& s : written) writer.add_scalar(s.tag, s.value, s.step);
  }  // the destructor flushes
  const double after = unix_now();

  const std::vector<test::DecodedEvent> events = test::read_event_file(file);
  ASSERT_EQ(events.size(), written.size() + 1);
  EXPECT_EQ(events[0].file_version, "brain.Event:2");
  EXPECT_TRUE(events[0].values.empty());
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_GE(events[i].wall_time, before - 1e-3);
    EXPECT_LE(events[i].wall_time, after + 1e-3);
  }
  for (std::size_t i = 0; i < written.size(); ++i) {
    const test::DecodedEvent& e = events[i + 1];
    ASSERT_EQ(e.values.size(), 1u) << i;
    EXPECT_EQ(e.values[0].first, written[i].tag);
    EXPECT_EQ(e.step, written[i].step);
    const float expected = static_cast<float>(written[i].value);
    if (std::isnan(expected)) {
      EXPECT_TRUE(std::isnan(e.values[0].second));
    } else {
      EXPECT_EQ(e.values[0].second, expected) << written[i].tag;
    }
    EXPECT_TRUE(e.file_version.empty());
  }
}

TEST(TensorBoardWriter, FileNameHasUnixTimeAndHostName) {
  test::ScratchFolder dir;
  const auto before = static_cast<int64_t>(unix_now());
  TensorBoardWriter writer(dir.path());
  const auto after = static_cast<int64_t>(unix_now());
  char host[256] = {};
  ASSERT_EQ(gethostname(host, sizeof host - 1), 0);
  const std::string name = writer.path().filename().string();
  const std::string prefix = "events.out.tfevents.";
  ASSERT_EQ(name.compare(0, prefix.size(), prefix), 0) << name;
  const std::size_t dot = name.find('.', prefix.size());
  ASSERT_NE(dot, std::string::npos);
  const int64_t stamp = std::stoll(name.substr(prefix.size(), dot - prefix.size()));
  EXPECT_GE(stamp, before);
  EXPECT_LE(stamp, after);
  EXPECT_EQ(name.substr(dot + 1), host);
  EXPECT_EQ(writer.path().parent_path(), dir.path());
}

TEST(TensorBoardWriter, EverySingleByteCorruptionIsDetected) {
  test::ScratchFolder dir;
  fs::path file;
  {
    TensorBoardWriter writer(dir.path());
    writer.add_scalar("loss", 0.5, 1);
    writer.add_scalar("loss", 0.25, 2);
    file = writer.path();
  }
  const std::vector<uint8_t> original = test::read_bytes(file);
  ASSERT_EQ(test::read_event_file(file).size(), 3u);
  const fs::path copy = dir.path() / "corrupt.tfevents";
  int length_failures = 0, data_failures = 0;
  for (std::size_t i = 0; i < original.size(); ++i) {
    std::vector<uint8_t> bytes = original;
    bytes[i] = static_cast<uint8_t>(bytes[i] ^ 0x5A);
    test::write_bytes(copy, bytes);
    try {
      test::read_event_file(copy);
      ADD_FAILURE() << "flipping byte " << i << " of " << original.size() << " went unnoticed";
    } catch (const std::runtime_error& e) {
      const std::string message = e.what();
      length_failures += message.find("length crc mismatch") != std::string::npos;
      data_failures += message.find("data crc mismatch") != std::string::npos;
    }
  }
  // Each record: 12 bytes checked by the length CRC, data + 4 bytes by the data CRC.
  EXPECT_EQ(length_failures, 3 * 12);
  EXPECT_EQ(data_failures, static_cast<int>(original.size()) - 3 * 12);
}

TEST(TensorBoardWriter, BuffersUntilFlushAndWritesAloneWhenTheBufferFills) {
  test::ScratchFolder dir;
  TensorBoardWriter writer(dir.path());
  ASSERT_EQ(test::read_event_file(writer.path()).size(), 1u);  // the version record is written at once
  writer.add_scalar("loss", 1.0, 0);
  EXPECT_EQ(test::read_event_file(writer.path()).size(), 1u);
  writer.flush();
  EXPECT_EQ(test::read_event_file(writer.path()).size(), 2u);

  const auto size_after_flush = fs::file_size(writer.path());
  int added = 0;
  while (fs::file_size(writer.path()) == size_after_flush && added < 100000) writer.add_scalar("loss", 1.0, ++added);
  // About 64 KiB of ~40-byte records, not one record per write.
  EXPECT_GT(added, 1000);
  EXPECT_LT(added, 2000);
  EXPECT_EQ(test::read_event_file(writer.path()).size(), 2u + added);
}

TEST(TensorBoardWriter, TwoWritersInOneFolderGetTwoFiles) {
  test::ScratchFolder dir;
  TensorBoardWriter first(dir.path());
  TensorBoardWriter second(dir.path());
  EXPECT_NE(first.path(), second.path());
  first.add_scalar("a", 1, 1);
  second.add_scalar("b", 2, 2);
  first.flush();
  second.flush();
  EXPECT_EQ(test::read_event_file(first.path()).at(1).values.at(0).first, "a");
  EXPECT_EQ(test::read_event_file(second.path()).at(1).values.at(0).first, "b");
}

TEST(TensorBoardWriter, RejectsAnEmptyTagAndAnUncreatableFolder) {
  test::ScratchFolder dir;
  {
    TensorBoardWriter writer(dir.path());
    EXPECT_THROW(writer.add_scalar("", 1.0, 0), std::invalid_argument);
  }
  test::write_bytes(dir.path() / "plain_file", {'x'});
  try {
    TensorBoardWriter writer(dir.path() / "plain_file" / "run");
    FAIL() << "a folder below a regular file was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("plain_file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hypera::core
