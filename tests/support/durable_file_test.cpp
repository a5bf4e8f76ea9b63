#include "support/durable_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"

namespace hypera::support {
namespace {
namespace fs = std::filesystem;

TEST(WriteFileAtomically, CreatesAndReplacesTheFileAndLeavesNoTemporary) {
  test::ScratchFolder scratch;
  const fs::path file = scratch / "summary.json";
  write_file_atomically(file, std::string("first"));
  EXPECT_EQ(test::read_text(file), "first");
  write_file_atomically(file, [](const fs::path& temporary) { std::ofstream(temporary) << "second"; });
  EXPECT_EQ(test::read_text(file), "second");
  EXPECT_FALSE(fs::exists(scratch / "summary.json.tmp"));
}

TEST(WriteFileAtomically, AFailingWriterLeavesTheOldFileAndNoTemporary) {
  test::ScratchFolder scratch;
  const fs::path file = scratch / "compare.csv";
  write_file_atomically(file, std::string("finished"));
  const auto failing = [](const fs::path& temporary) {
    std::ofstream(temporary) << "half a ";
    throw std::runtime_error("disk full");
  };
  EXPECT_THROW(write_file_atomically(file, failing), std::runtime_error);
  EXPECT_EQ(test::read_text(file), "finished");
  EXPECT_FALSE(fs::exists(scratch / "compare.csv.tmp"));
}

TEST(WriteFileAtomically, AFailingWriterWithoutAnOldFileLeavesNothing) {
  test::ScratchFolder scratch;
  const fs::path file = scratch / "new.txt";
  EXPECT_THROW(write_file_atomically(file, [](const fs::path&) { throw std::runtime_error("no"); }),
               std::runtime_error);
  EXPECT_TRUE(fs::is_empty(scratch.path()));
}

TEST(WriteFileAtomically, AnUnwritableOrUnrenamableTargetIsInputErrorNamingIt) {
  test::ScratchFolder scratch;
  // The writer of the text overload cannot create a file in a folder that does not exist.
  test::expect_input_error([&] { write_file_atomically(scratch / "missing/a.txt", std::string("x")); },
                           scratch / "missing/a.txt");
  // A non-empty folder where the file should go: the rename fails, the folder stays.
  fs::create_directories(scratch / "taken/inside");
  test::expect_input_error([&] { write_file_atomically(scratch / "taken", std::string("x")); }, scratch / "taken");
  EXPECT_TRUE(fs::is_directory(scratch / "taken/inside"));
  EXPECT_FALSE(fs::exists(scratch / "taken.tmp"));
}

TEST(FsyncPath, FlushesFilesAndFoldersAndNamesAMissingPath) {
  test::ScratchFolder scratch;
  std::ofstream(scratch / "a.bin") << "bytes";
  EXPECT_NO_THROW(fsync_path(scratch / "a.bin"));
  EXPECT_NO_THROW(fsync_path(scratch.path()));
  test::expect_input_error([&] { fsync_path(scratch / "absent"); }, scratch / "absent");
}

}  // namespace
}  // namespace hypera::support
