#include "comm/collective.h"

#include <algorithm>

namespace hypera::comm {

const char* reduce_op_name(ReduceOp op) {
  switch (op) {
    case ReduceOp::kSum: return "sum";
    case ReduceOp::kMax: return "max";
    case ReduceOp::kMin: return "min";
  }
  return "?";
}

std::string CallSite::text() const {
  const std::string path = file;
  std::size_t start = 0;
  for (const char* root : {"/src/", "/tests/", "/bench/"}) {
    const std::size_t found = path.rfind(root);
    if (found != std::string::npos) start = std::max(start, found + 1);
  }
  return path.substr(start) + ":" + std::to_string(line);
}

}  // namespace hypera::comm
