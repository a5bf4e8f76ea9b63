// hypera_sac_env_trace --env pendulum|mountaincar: drives one environment from commands on stdin, for the
// step-for-step comparison with Gymnasium (check_dynamics.py). One command per line, one answer line each:
//   reset_to S0 S1 ...   ->  O0 O1 ...                       (observation after setting the physical state)
//   step A0 A1 ...       ->  O0 O1 ... REWARD TERMINATED TRUNCATED
// Floats are printed with enough digits to round-trip (9 for float32, 17 for the float64 reward).
// Bad options or commands: one line on stderr, exit 2.
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "support/input_error.h"
#include "make_environment.h"

namespace {

template <typename T>
std::vector<T> read_values(std::istringstream& in) {
  std::vector<T> values;
  for (T v; in >> v;) values.push_back(v);
  return values;
}

void print_observation(const std::vector<float>& observation) {
  for (size_t i = 0; i < observation.size(); ++i) std::printf(i ? " %.9g" : "%.9g", double(observation[i]));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hypera::sac_bench;
  try {
    if (argc != 3 || std::string(argv[1]) != "--env") throw hypera::InputError("usage: hypera_sac_env_trace --env pendulum|mountaincar");
    auto env = make_environment(argv[2]);
    std::string line;
    for (int64_t number = 1; std::getline(std::cin, line); ++number) {
      std::istringstream in(line);
      std::string command;
      in >> command;
      if (command == "reset_to") {
        print_observation(env->reset_to(read_values<double>(in)));
      } else if (command == "step") {
        const EnvStep step = env->step(read_values<float>(in));
        print_observation(step.observation);
        std::printf(" %.17g %d %d", step.reward, int(step.terminated), int(step.truncated));
      } else {
        throw hypera::InputError("stdin line " + std::to_string(number) + ": unknown command '" + command + "' (reset_to | step)");
      }
      std::printf("\n");
    }
  } catch (const std::exception& error) {  // bad options, bad commands, a step before reset_to
    std::fprintf(stderr, "%s\n", error.what());
    return 2;
  }
  return 0;
}
