#include "core/train/tunables.h"

namespace hypera::core {
namespace {

TunableDefinition definition(Tunable name, const std::string& config_key, double initial, double lower,
                          double upper, HyperparameterScope scope, const std::string& description,
                          bool integral = false) {
  return {HyperparameterSpec{name, initial, lower, upper, scope, integral, description}, config_key};
}

}  // namespace

const std::vector<TunableDefinition>& tunable_definitions() {
  using S = HyperparameterScope;
  static const std::vector<TunableDefinition> table = {
      definition(tunable::kLr, "optim.lr", 0.01, 1e-7, 1.0, S::Global, "learning rate (base value of the schedule)"),
      definition(tunable::kLrScale, "optim.lr_scale", 1.0, 0.25, 4.0, S::Global,
                 "factor on the schedule's learning rate (the learning-rate agent's correction)"),
      definition(tunable::kMomentum, "optim.momentum", 0.99, 0.0, 0.999, S::Global, "SGD momentum"),
      definition(tunable::kBeta1, "optim.beta1", 0.9, 0.5, 0.9999, S::Global, "Adam/AdamW first-moment decay"),
      definition(tunable::kBeta2, "optim.beta2", 0.999, 0.9, 0.99999, S::Global, "Adam/AdamW second-moment decay"),
      definition(tunable::kWeightDecay, "optim.weight_decay", 3e-5, 0.0, 0.1, S::Global, "weight decay"),
      definition(tunable::kBatchSize, "train.batch_size", 8, 1, 512, S::Global, "batch size per rank", true),
      definition(tunable::kDropout, "model.dropout", 0.0, 0.0, 0.5, S::Global, "dropout probability in the U-Net"),
      definition(tunable::kLossDice, "loss.dice", 1.0, 0.0, 10.0, S::RankLocal, "weight of the soft Dice term"),
      definition(tunable::kLossCe, "loss.ce", 1.0, 0.0, 10.0, S::RankLocal, "weight of the cross-entropy term"),
      definition(tunable::kLossFocal, "loss.focal", 0.0, 0.0, 10.0, S::RankLocal, "weight of the focal term"),
      definition(tunable::kLossBoundary, "loss.boundary", 0.0, 0.0, 10.0, S::RankLocal,
                 "weight of the boundary term (Kervadec et al.; signed distance maps are computed when > 0 or "
                 "when a listener may change it)"),
      definition(tunable::kFlipP, "aug.flip_p", 0.5, 0.0, 1.0, S::RankLocal, "probability of a flip per axis"),
      definition(tunable::kRotateP, "aug.rotate_p", 0.5, 0.0, 1.0, S::RankLocal, "probability of a 90-degree rotation"),
      definition(tunable::kElasticP, "aug.elastic_p", 0.0, 0.0, 1.0, S::RankLocal, "probability of elastic deformation"),
      definition(tunable::kIntensity, "aug.intensity", 0.1, 0.0, 0.5, S::RankLocal,
                 "largest relative intensity scale and shift"),
  };
  return table;
}

void declare_tunables(const std::map<std::string, double>& initial_values, HyperparameterRegistry& registry) {
  for (const auto& definition : tunable_definitions()) {
    HyperparameterSpec spec = definition.spec;
    if (auto it = initial_values.find(spec.name); it != initial_values.end()) spec.initial = it->second;
    registry.declare(spec);
  }
}

}  // namespace hypera::core
