#include "mountain_car.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "support/input_error.h"

namespace hypera::sac_bench {
namespace {

constexpr double kMinPosition = -1.2;
constexpr double kMaxPosition = 0.6;
constexpr double kMaxSpeed = 0.07;
constexpr double kGoalPosition = 0.45;
constexpr double kGoalVelocity = 0.0;
constexpr double kPower = 0.0015;

// Gymnasium computes the step on NumPy scalars and Python floats; with NumPy 2 (NEP 50) a Python float takes
// the precision of the NumPy scalar it meets, so the float32 state makes most of the arithmetic float32.
// Reproducing that makes the trajectories identical, not merely close (check_dynamics.sh).
enum class Scalar { Python, Float32, Float64 };
struct Value {
  double value;
  Scalar kind;
};

Scalar result_kind(Scalar a, Scalar b) {
  if (a == Scalar::Float64 || b == Scalar::Float64) return Scalar::Float64;
  if (a == Scalar::Float32 || b == Scalar::Float32) return Scalar::Float32;
  return Scalar::Python;
}

template <typename Op>
Value combine(Value a, Value b, Op op) {
  const Scalar kind = result_kind(a.kind, b.kind);
  if (kind == Scalar::Float32) return {double(op(float(a.value), float(b.value))), kind};
  return {op(a.value, b.value), kind};
}

Value add(Value a, Value b) { return combine(a, b, [](auto x, auto y) { return x + y; }); }
Value subtract(Value a, Value b) { return combine(a, b, [](auto x, auto y) { return x - y; }); }
Value multiply(Value a, Value b) { return combine(a, b, [](auto x, auto y) { return x * y; }); }

}  // namespace

std::vector<float> MountainCar::reset(std::optional<uint64_t> seed) {
  if (seed) rng_.seed(*seed);
  position_ = std::uniform_real_distribution<double>(-0.6, -0.4)(rng_);
  velocity_ = 0;
  state_is_float32_ = false;
  steps_ = 0;
  return observation();
}

std::vector<float> MountainCar::reset_to(const std::vector<double>& state) {
  if (state.size() != 2) throw InputError("mountaincar: a state is 2 values (position, velocity), got " + std::to_string(state.size()));
  position_ = state[0];
  velocity_ = state[1];
  state_is_float32_ = false;
  steps_ = 0;
  return observation();
}

EnvStep MountainCar::step(const std::vector<float>& action) {
  if (action.size() != 1) throw InputError("mountaincar: an action is 1 force, got " + std::to_string(action.size()) + " values");
  if (steps_ < 0) throw std::logic_error("MountainCar::step before reset");
  const Scalar state_kind = state_is_float32_ ? Scalar::Float32 : Scalar::Float64;
  Value position{position_, state_kind};
  Value velocity{velocity_, state_kind};
  const double a = action[0];
  const Value force = a < -1.0 ? Value{-1.0, Scalar::Python} : a > 1.0 ? Value{1.0, Scalar::Python} : Value{a, Scalar::Float32};
  const Value slope{0.0025 * std::cos(multiply({3.0, Scalar::Python}, position).value), Scalar::Python};
  velocity = add(velocity, subtract(multiply(force, {kPower, Scalar::Python}), slope));
  if (velocity.value > kMaxSpeed) velocity = {kMaxSpeed, Scalar::Python};
  if (velocity.value < -kMaxSpeed) velocity = {-kMaxSpeed, Scalar::Python};
  position = add(position, velocity);
  if (position.value > kMaxPosition) position = {kMaxPosition, Scalar::Python};
  if (position.value < kMinPosition) position = {kMinPosition, Scalar::Python};
  if (position.value == kMinPosition && velocity.value < 0) velocity = {0.0, Scalar::Python};
  const bool terminated = position.value >= kGoalPosition && velocity.value >= kGoalVelocity;
  const double reward = (terminated ? 100.0 : 0.0) - a * a * 0.1;
  position_ = float(position.value);
  velocity_ = float(velocity.value);
  state_is_float32_ = true;
  ++steps_;
  return {observation(), reward, terminated, steps_ >= max_episode_steps()};
}

}  // namespace hypera::sac_bench
