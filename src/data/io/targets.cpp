#include "data/io/targets.h"

#include <cmath>
#include <stdexcept>
#include <utility>

#include "data/io/components.h"
#include "support/input_error.h"
#include "data/io/png_io.h"
#include "support/number_text.h"

namespace hypera::data {

namespace {

constexpr std::pair<TargetKind, const char*> kKindNames[] = {
    {TargetKind::Foreground, "foreground"}, {TargetKind::ThreeClass, "three_class"}, {TargetKind::Classes, "classes"}};

}  // namespace

TargetKind parse_target_kind(const std::string& name) {
  for (const auto& [kind, spelling] : kKindNames) {
    if (name == spelling) return kind;
  }
  throw InputError("target kind '" + name + "' is unknown (expected foreground, three_class or classes)");
}

std::string target_kind_name(TargetKind kind) {
  for (const auto& [known, spelling] : kKindNames) {
    if (known == kind) return spelling;
  }
  throw std::invalid_argument("target_kind_name: not a TargetKind");
}

std::vector<std::string> fixed_class_names(TargetKind kind) {
  switch (kind) {
    case TargetKind::Foreground:
      return {"background", "foreground"};
    case TargetKind::ThreeClass:
      return {"background", "interior", "boundary"};
    case TargetKind::Classes:
      break;
  }
  throw std::invalid_argument("fixed_class_names: the classes of target 'classes' come from the data set");
}

template <class T>
LabelVolume class_labels_of(const Volume<T>& values, int classes, const std::string& source,
                            const std::string& context) {
  LabelVolume labels(values.geometry);
  for (size_t i = 0; i < values.voxels.size(); ++i) {
    const double v = values.voxels[i];
    if (!(v >= 0 && v < classes && v == std::floor(v))) {
      throw InputError(source + ": value " + support::format_number(v) + " at voxel " + std::to_string(i) +
                       " is not one of the classes 0.." + std::to_string(classes - 1) + context);
    }
    labels.voxels[i] = static_cast<uint8_t>(v);
  }
  return labels;
}
template LabelVolume class_labels_of(const Volume<float>&, int, const std::string&, const std::string&);
template LabelVolume class_labels_of(const Volume<int32_t>&, int, const std::string&, const std::string&);

InstanceVolume read_bbbc039_instances(const std::filesystem::path& mask_png) {
  return label_components(read_png_channel(mask_png, 0), Connectivity::Full);
}

LabelVolume make_target(const InstanceVolume& instances, TargetKind kind) {
  if (kind == TargetKind::Classes) throw std::invalid_argument("make_target: instances carry no classes");
  const Geometry& g = instances.geometry;
  LabelVolume target(g, 0);
  for (int64_t z = 0; z < g.nz(); ++z) {
    for (int64_t y = 0; y < g.ny(); ++y) {
      for (int64_t x = 0; x < g.nx(); ++x) {
        const int32_t id = instances.at(x, y, z);
        if (id == 0) continue;
        if (kind == TargetKind::Foreground) {
          target.at(x, y, z) = 1;
          continue;
        }
        const bool boundary = (x > 0 && instances.at(x - 1, y, z) != id) ||
                              (x + 1 < g.nx() && instances.at(x + 1, y, z) != id) ||
                              (y > 0 && instances.at(x, y - 1, z) != id) ||
                              (y + 1 < g.ny() && instances.at(x, y + 1, z) != id) ||
                              (z > 0 && instances.at(x, y, z - 1) != id) ||
                              (z + 1 < g.nz() && instances.at(x, y, z + 1) != id);
        target.at(x, y, z) = boundary ? 2 : 1;
      }
    }
  }
  return target;
}

}  // namespace hypera::data
