#pragma once
// The seam between the trainer and whatever tunes it (docs/ARCHITECTURE.md). Every tunable value is a named,
// bounded double; the trainer reads it at its hook points, a coordinator (or a fixed schedule) writes it.
// Every write is reported to the registered observers (hparams.csv, TensorBoard), so the full schedule
// is replayable. Not thread-safe: the training thread owns the registry.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace hypera::core {

enum class HyperparameterScope {
  Global,     // must be equal on every rank (lr, optimizer parameters, weight decay, global batch size)
  RankLocal,  // may differ per rank (augmentation, loss-term weights)
};

struct HyperparameterSpec {
  std::string name;
  double initial = 0;
  double lower = 0;  // inclusive bounds; writes are clamped into them
  double upper = 0;
  HyperparameterScope scope = HyperparameterScope::Global;
  bool integral = false;  // rounded to the nearest integer on write (batch size)
  std::string description;
};

struct HyperparameterWrite {
  std::string name;
  std::string writer;  // who wrote it: "config", "schedule", an agent's name, "resume"
  double old_value = 0;
  double new_value = 0;
};

class HyperparameterRegistry {
 public:
  using Observer = std::function<void(const HyperparameterWrite&)>;

  // Declares an entry. A second declaration of the same name, an initial value outside the bounds or
  // lower > upper throws hypera::InputError naming the option.
  void declare(const HyperparameterSpec& spec);

  bool contains(const std::string& name) const;
  // Throws std::out_of_range naming the entry when it was never declared (a programming error).
  double get(const std::string& name) const;
  int64_t get_int(const std::string& name) const;
  const HyperparameterSpec& spec(const std::string& name) const;

  // Clamps into the bounds, rounds integral entries, stores and notifies observers when the value
  // changes. Returns the value stored.
  double set(const std::string& name, double value, const std::string& writer);

  // Names in declaration order.
  const std::vector<std::string>& names() const { return order_; }
  std::map<std::string, double> snapshot() const;
  // Restores values written by snapshot() (resume); unknown names throw hypera::InputError.
  void restore(const std::map<std::string, double>& values, const std::string& writer);

  void add_observer(Observer observer) { observers_.push_back(std::move(observer)); }

 private:
  struct Entry {
    HyperparameterSpec spec;
    double value = 0;
  };
  const Entry& entry(const std::string& name) const;

  std::map<std::string, Entry> entries_;
  std::vector<std::string> order_;
  std::vector<Observer> observers_;
};

}  // namespace hypera::core
