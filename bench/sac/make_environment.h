#pragma once
// The benchmark environments by name: "pendulum" (Pendulum-v1) or "mountaincar" (MountainCarContinuous-v0).
// Throws hypera::InputError naming the option for any other name.
#include <memory>
#include <string>

#include "environment.h"

namespace hypera::sac_bench {

std::unique_ptr<Environment> make_environment(const std::string& name);

}  // namespace hypera::sac_bench
