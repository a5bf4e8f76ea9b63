#include "app/meta/request_file.h"

#include <gtest/gtest.h>

#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"

namespace hypera::app {
namespace {

MetaRequest request_in(const std::filesystem::path& out) {
  return {{"configs/a.ini", "configs/b.ini"}, 5, 2, 1000, out, {"--train.epochs=2", "--agents.warmup=1"}};
}

TEST(MetaRequestFile, TheFirstCallClaimsTheFolderAndTheSameRequestContinues) {
  test::ScratchFolder dir;
  const MetaRequest request = request_in(dir / "meta");
  claim_meta_folder(request.out, request_text(request));
  const std::string text = test::read_text(request.out / "request.txt");
  EXPECT_EQ(text, "format hypera-meta-train-1\nconfig " + (std::filesystem::current_path() / "configs/a.ini").string() +
                      "\nconfig " + (std::filesystem::current_path() / "configs/b.ini").string() +
                      "\nseeds 2\nseed_base 1000\noverride --train.epochs=2\noverride --agents.warmup=1\n");
  // More episodes and more jobs are the same meta-training: it trains on.
  MetaRequest longer = request;
  longer.episodes = 50;
  claim_meta_folder(longer.out, request_text(longer));
  EXPECT_EQ(test::read_text(request.out / "request.txt"), text);
}

TEST(MetaRequestFile, AFolderOfAnotherRequestIsRefused) {
  test::ScratchFolder dir;
  const MetaRequest request = request_in(dir / "meta");
  claim_meta_folder(request.out, request_text(request));
  const auto file = request.out / "request.txt";
  MetaRequest seeds = request, base = request, configs = request, overrides = request;
  seeds.seeds = 3;
  base.seed_base = 0;
  configs.configs = {"configs/b.ini", "configs/a.ini"};
  overrides.overrides.pop_back();
  for (const MetaRequest* other : {&seeds, &base, &configs, &overrides}) {
    test::expect_input_error([&] { claim_meta_folder(other->out, request_text(*other)); }, file);
  }
  try {
    claim_meta_folder(seeds.out, request_text(seeds));
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("line 4 is 'seeds 2', this call's is 'seeds 3'"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(test::read_text(file), request_text(request));  // refused calls leave the file as it was
}

}  // namespace
}  // namespace hypera::app
