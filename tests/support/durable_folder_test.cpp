#include "support/durable_folder.h"

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>
#include <string>

#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"

namespace hypera::support {
namespace {
namespace fs = std::filesystem;

// A writer that fills the staging folder with one file holding `text` (and a file in a subfolder).
FolderWriter writes(const std::string& text) {
  return [text](const fs::path& staging) {
    std::ofstream(staging / "model.pt") << text;
    fs::create_directories(staging / "nested");
    std::ofstream(staging / "nested" / "manifest.txt") << text;
  };
}

TEST(WriteFolderAtomically, CreatesTheFolderWithItsParentsAndLeavesNoSiblings) {
  test::ScratchFolder scratch;
  const fs::path folder = scratch / "run/agents";
  write_folder_atomically(folder, writes("one"));
  EXPECT_EQ(test::read_text(folder / "model.pt"), "one");
  EXPECT_EQ(test::read_text(folder / "nested" / "manifest.txt"), "one");
  write_folder_atomically(folder, writes("two"));
  EXPECT_EQ(test::read_text(folder / "model.pt"), "two");
  for (const char* sibling : {"agents.tmp", "agents.old", "agents.previous"}) {
    EXPECT_FALSE(fs::exists(scratch / "run" / sibling)) << sibling;
  }
}

TEST(WriteFolderAtomically, AThrowingWriterLeavesTheFinishedFolderIntact) {
  test::ScratchFolder scratch;
  const fs::path folder = scratch / "last";
  write_folder_atomically(folder, writes("finished"));
  const auto failing = [](const fs::path& staging) {
    std::ofstream(staging / "model.pt") << "half";
    throw std::runtime_error("out of memory");
  };
  EXPECT_THROW(write_folder_atomically(folder, failing), std::runtime_error);
  EXPECT_EQ(test::read_text(folder / "model.pt"), "finished");
  EXPECT_EQ(test::read_text(folder / "nested" / "manifest.txt"), "finished");
  EXPECT_FALSE(fs::exists(scratch / "last.tmp"));
  EXPECT_FALSE(fs::exists(scratch / "last.previous"));
}

TEST(WriteFolderAtomically, RemovesALeftoverStagingFolderOfACrash) {
  test::ScratchFolder scratch;
  fs::create_directories(scratch / "best.tmp");
  std::ofstream(scratch / "best.tmp" / "stale.bin") << "from a crash";
  write_folder_atomically(scratch / "best", writes("new"));
  EXPECT_FALSE(fs::exists(scratch / "best" / "stale.bin"));
  EXPECT_FALSE(fs::exists(scratch / "best.tmp"));
}

TEST(WriteFolderAtomically, KeepsThePreviousFolderOnlyWhenAsked) {
  test::ScratchFolder scratch;
  const fs::path folder = scratch / "last";
  const auto complete = [](const fs::path& existing) { return test::read_text(existing / "model.pt") != "bad"; };
  write_folder_atomically(folder, writes("epoch 1"), complete);
  write_folder_atomically(folder, writes("epoch 2"), complete);
  EXPECT_EQ(previous_folder(folder), scratch / "last.previous");
  EXPECT_EQ(test::read_text(scratch / "last.previous" / "model.pt"), "epoch 1");
  write_folder_atomically(folder, writes("bad"), complete);
  EXPECT_EQ(test::read_text(scratch / "last.previous" / "model.pt"), "epoch 2");
  // The damaged one is discarded; the complete previous one stays behind the new one.
  write_folder_atomically(folder, writes("epoch 4"), complete);
  EXPECT_EQ(test::read_text(folder / "model.pt"), "epoch 4");
  EXPECT_EQ(test::read_text(scratch / "last.previous" / "model.pt"), "epoch 2");
  EXPECT_FALSE(fs::exists(scratch / "last.old"));
}

TEST(WriteFolderAtomically, AFolderThatCannotBeCreatedIsInputErrorNamingIt) {
  test::ScratchFolder scratch;
  std::ofstream(scratch / "file") << "not a folder";
  test::expect_input_error([&] { write_folder_atomically(scratch / "file/agents", writes("x")); },
                           scratch / "file/agents");
}

TEST(PreviousFolder, IgnoresATrailingSeparator) {
  EXPECT_EQ(previous_folder("out/"), fs::path("out.previous"));
  EXPECT_EQ(previous_folder("runs/out"), fs::path("runs/out.previous"));
}

}  // namespace
}  // namespace hypera::support
