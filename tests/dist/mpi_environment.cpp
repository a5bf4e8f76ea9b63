// MPI for the whole test executable: gtest_main owns main(), so a global test environment starts MPI
// before the first test and finalizes it after the last. Run plainly, the suite is a world of one rank;
// under `mpiexec -n N` (CTest runs N = 2 and 4) every rank runs every test.
#include <gtest/gtest.h>

#include <memory>

#include "dist/mpi_session.h"

namespace {

class MpiEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { session_ = std::make_unique<hypera::dist::MpiSession>(nullptr, nullptr); }
  void TearDown() override { session_.reset(); }

 private:
  std::unique_ptr<hypera::dist::MpiSession> session_;
};

[[maybe_unused]] ::testing::Environment* const mpi_environment =
    ::testing::AddGlobalTestEnvironment(new MpiEnvironment);

}  // namespace
