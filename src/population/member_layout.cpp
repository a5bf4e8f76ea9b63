#include "population/member_layout.h"

#include <string>

#include "support/input_error.h"

namespace hypera::population {

MemberLayout member_layout(int world_size, int world_rank, int members) {
  if (members < 1 || world_size % members != 0) {
    throw InputError("option 'population.size': " + std::to_string(members) + " members do not divide the " +
                     std::to_string(world_size) + " ranks evenly (mpirun -n must be a multiple of it)");
  }
  MemberLayout layout;
  layout.members = members;
  layout.ranks_per_member = world_size / members;
  layout.member = world_rank / layout.ranks_per_member;
  layout.rank_in_member = world_rank % layout.ranks_per_member;
  return layout;
}

}  // namespace hypera::population
