#include "make_environment.h"

#include "support/input_error.h"
#include "mountain_car.h"
#include "pendulum.h"

namespace hypera::sac_bench {

std::unique_ptr<Environment> make_environment(const std::string& name) {
  if (name == "pendulum") return std::make_unique<Pendulum>();
  if (name == "mountaincar") return std::make_unique<MountainCar>();
  throw InputError("--env: unknown environment '" + name + "' (pendulum | mountaincar)");
}

}  // namespace hypera::sac_bench
