#include "core/train/hyperparameter_registry.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "support/input_error.h"

namespace hypera::core {

void HyperparameterRegistry::declare(const HyperparameterSpec& spec) {
  if (entries_.count(spec.name)) throw InputError("hyperparameter '" + spec.name + "' declared twice");
  if (!(spec.lower <= spec.upper)) {
    throw InputError("hyperparameter '" + spec.name + "': lower bound exceeds upper bound");
  }
  if (!(spec.initial >= spec.lower && spec.initial <= spec.upper)) {
    std::ostringstream message;
    message << "option '" << spec.name << "': value " << spec.initial << " is outside [" << spec.lower << ", "
            << spec.upper << "]";
    throw InputError(message.str());
  }
  entries_[spec.name] = Entry{spec, spec.initial};
  order_.push_back(spec.name);
}

bool HyperparameterRegistry::contains(const std::string& name) const { return entries_.count(name) > 0; }

const HyperparameterRegistry::Entry& HyperparameterRegistry::entry(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw std::out_of_range("hyperparameter '" + name + "' is not declared");
  return it->second;
}

double HyperparameterRegistry::get(const std::string& name) const { return entry(name).value; }

int64_t HyperparameterRegistry::get_int(const std::string& name) const {
  return static_cast<int64_t>(std::llround(get(name)));
}

const HyperparameterSpec& HyperparameterRegistry::spec(const std::string& name) const { return entry(name).spec; }

double HyperparameterRegistry::set(const std::string& name, double value, const std::string& writer) {
  auto& stored = const_cast<Entry&>(entry(name));
  if (std::isnan(value)) value = stored.value;
  value = std::clamp(value, stored.spec.lower, stored.spec.upper);
  if (stored.spec.integral) value = std::round(value);
  if (value == stored.value) return value;
  const HyperparameterWrite write{name, writer, stored.value, value};
  stored.value = value;
  for (const auto& observer : observers_) observer(write);
  return value;
}

std::map<std::string, double> HyperparameterRegistry::snapshot() const {
  std::map<std::string, double> values;
  for (const auto& [name, stored] : entries_) values[name] = stored.value;
  return values;
}

void HyperparameterRegistry::restore(const std::map<std::string, double>& values, const std::string& writer) {
  for (const auto& [name, value] : values) {
    if (!contains(name)) throw InputError("checkpoint names unknown hyperparameter '" + name + "'");
    set(name, value, writer);
  }
}

}  // namespace hypera::core
