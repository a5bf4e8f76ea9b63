#include "data/io/targets.h"

#include <stdexcept>

#include "data/io/components.h"
#include "support/input_error.h"
#include "data/io/png_io.h"

namespace hypera::data {

TargetKind parse_target_kind(const std::string& name) {
  if (name == "foreground") return TargetKind::Foreground;
  if (name == "three_class") return TargetKind::ThreeClass;
  if (name == "classes") return TargetKind::Classes;
  throw InputError("target kind '" + name + "' is unknown (expected foreground, three_class or classes)");
}

std::string target_kind_name(TargetKind kind) {
  switch (kind) {
    case TargetKind::Foreground:
      return "foreground";
    case TargetKind::ThreeClass:
      return "three_class";
    case TargetKind::Classes:
      break;
  }
  return "classes";
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
