#pragma once
// Real data shared by the training tests: the mricron brain MRI (ch2 / ch2bet, foreground target, 5 slabs
// along z) prepared once per test process (about 2 s) into a scratch folder removed at exit.
#include <filesystem>

namespace hypera::core::testing {

const std::filesystem::path& prepared_mri();

}  // namespace hypera::core::testing
