#include "pendulum.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "support/input_error.h"

namespace hypera::sac_bench {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMaxSpeed = 8.0;
constexpr float kMaxTorque = 2.0F;
constexpr double kDt = 0.05;
constexpr double kGravity = 10.0;
constexpr double kMass = 1.0;
constexpr double kLength = 1.0;

// ((x + pi) mod 2 pi) - pi with the floor-division modulo of Python and NumPy (result takes the divisor's sign).
double angle_normalize(double x) {
  double r = std::fmod(x + kPi, 2 * kPi);
  if (r != 0 && r < 0) r += 2 * kPi;
  return r - kPi;
}

}  // namespace

std::vector<float> Pendulum::reset(std::optional<uint64_t> seed) {
  if (seed) rng_.seed(*seed);
  theta_ = std::uniform_real_distribution<double>(-kPi, kPi)(rng_);
  theta_dot_ = std::uniform_real_distribution<double>(-1.0, 1.0)(rng_);
  steps_ = 0;
  return observation();
}

std::vector<float> Pendulum::reset_to(const std::vector<double>& state) {
  if (state.size() != 2) throw InputError("pendulum: a state is 2 values (theta, theta_dot), got " + std::to_string(state.size()));
  theta_ = state[0];
  theta_dot_ = state[1];
  steps_ = 0;
  return observation();
}

EnvStep Pendulum::step(const std::vector<float>& action) {
  if (action.size() != 1) throw InputError("pendulum: an action is 1 torque, got " + std::to_string(action.size()) + " values");
  if (steps_ < 0) throw std::logic_error("Pendulum::step before reset");
  const float u = std::clamp(action[0], -kMaxTorque, kMaxTorque);
  const float effort = 0.001F * (u * u);            // float32 in Gymnasium
  const float torque_term = float(3.0 / (kMass * kLength * kLength)) * u;  // float32 in Gymnasium
  const double theta_n = angle_normalize(theta_);
  const double cost = theta_n * theta_n + 0.1 * (theta_dot_ * theta_dot_) + double(effort);

  double new_theta_dot = theta_dot_ + (3 * kGravity / (2 * kLength) * std::sin(theta_) + double(torque_term)) * kDt;
  new_theta_dot = std::clamp(new_theta_dot, -kMaxSpeed, kMaxSpeed);
  theta_ = theta_ + new_theta_dot * kDt;
  theta_dot_ = new_theta_dot;
  ++steps_;
  return {observation(), -cost, false, steps_ >= max_episode_steps()};
}

std::vector<float> Pendulum::observation() const {
  return {float(std::cos(theta_)), float(std::sin(theta_)), float(theta_dot_)};
}

}  // namespace hypera::sac_bench
